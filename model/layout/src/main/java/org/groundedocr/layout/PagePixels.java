package org.groundedocr.layout;

import java.awt.image.BufferedImage;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.awt.image.Raster;
import java.awt.image.SinglePixelPackedSampleModel;
import org.groundedocr.image.PageImages;

/**
 * Read-only pixel access to a page for the detector's resize and the recogniser's crops, on the
 * image's own buffer where its layout allows (no copy of a 35 MB page), otherwise on one normalised
 * copy. Channels come out in the B, G, R order the PaddleOCR models were trained on (OpenCV's).
 */
public final class PagePixels {

  private final int width;
  private final int height;
  /** Packed 0xRRGGBB, or null. */
  private final int[] rgb;
  /** Grey (1 byte per pixel) or BGR (3 bytes per pixel), or null. */
  private final byte[] bytes;
  private final int bytesPerPixel;
  private final int offset;
  private final int stride;

  private PagePixels(int width, int height, int[] rgb, byte[] bytes, int bytesPerPixel,
      int offset, int stride) {
    this.width = width;
    this.height = height;
    this.rgb = rgb;
    this.bytes = bytes;
    this.bytesPerPixel = bytesPerPixel;
    this.offset = offset;
    this.stride = stride;
  }

  public static PagePixels of(BufferedImage image) {
    BufferedImage img = PageImages.normalise(image);
    int w = img.getWidth();
    int h = img.getHeight();
    Raster raster = img.getRaster();
    int tx = -raster.getSampleModelTranslateX();
    int ty = -raster.getSampleModelTranslateY();
    switch (img.getType()) {
      case BufferedImage.TYPE_INT_RGB -> {
        SinglePixelPackedSampleModel sm = (SinglePixelPackedSampleModel) raster.getSampleModel();
        int[] data = ((DataBufferInt) raster.getDataBuffer()).getData();
        int stride = sm.getScanlineStride();
        return new PagePixels(w, h, data, null, 0,
            ((DataBufferInt) raster.getDataBuffer()).getOffset() + ty * stride + tx, stride);
      }
      case BufferedImage.TYPE_3BYTE_BGR, BufferedImage.TYPE_BYTE_GRAY -> {
        ComponentSampleModel sm = (ComponentSampleModel) raster.getSampleModel();
        int bpp = sm.getPixelStride();
        int[] bandOffsets = sm.getBandOffsets();
        boolean bgr = bpp == 1 || (bpp == 3 && bandOffsets[0] == 2 && bandOffsets[1] == 1
            && bandOffsets[2] == 0);
        if (bgr) {
          byte[] data = ((DataBufferByte) raster.getDataBuffer()).getData();
          int stride = sm.getScanlineStride();
          int base = ((DataBufferByte) raster.getDataBuffer()).getOffset() + ty * stride + tx * bpp
              + (bpp == 3 ? bandOffsets[2] : bandOffsets[0]);
          return new PagePixels(w, h, null, data, bpp, base, stride);
        }
      }
      default -> { }
    }
    int[] data = img.getRGB(0, 0, w, h, null, 0, w);
    return new PagePixels(w, h, data, null, 0, 0, w);
  }

  public int width() {
    return width;
  }

  public int height() {
    return height;
  }

  /** Blue, green and red of pixel (x, y) into {@code out[0..2]}, 0–255. */
  public void bgr(int x, int y, float[] out) {
    if (rgb != null) {
      int v = rgb[offset + y * stride + x];
      out[0] = v & 0xFF;
      out[1] = (v >> 8) & 0xFF;
      out[2] = (v >> 16) & 0xFF;
    } else if (bytesPerPixel == 1) {
      float g = bytes[offset + y * stride + x] & 0xFF;
      out[0] = g;
      out[1] = g;
      out[2] = g;
    } else {
      int i = offset + y * stride + x * 3;
      out[0] = bytes[i] & 0xFF;
      out[1] = bytes[i + 1] & 0xFF;
      out[2] = bytes[i + 2] & 0xFF;
    }
  }

  /**
   * Sums B, G, R over the box {@code [x0, x1) x [y0, y1)} into {@code out[0..2]}; the caller
   * divides by the area. Used for area-averaging downscales.
   */
  public void sumBgr(int x0, int y0, int x1, int y1, float[] out) {
    long b = 0;
    long g = 0;
    long r = 0;
    for (int y = y0; y < y1; y++) {
      int row = offset + y * stride;
      if (rgb != null) {
        for (int x = x0; x < x1; x++) {
          int v = rgb[row + x];
          b += v & 0xFF;
          g += (v >> 8) & 0xFF;
          r += (v >> 16) & 0xFF;
        }
      } else if (bytesPerPixel == 1) {
        for (int x = x0; x < x1; x++) {
          b += bytes[row + x] & 0xFF;
        }
      } else {
        for (int x = x0, i = row + x0 * 3; x < x1; x++, i += 3) {
          b += bytes[i] & 0xFF;
          g += bytes[i + 1] & 0xFF;
          r += bytes[i + 2] & 0xFF;
        }
      }
    }
    if (rgb == null && bytesPerPixel == 1) {
      g = b;
      r = b;
    }
    out[0] = b;
    out[1] = g;
    out[2] = r;
  }

  /** Bilinear B, G, R at (x, y), pixel centres at integer coordinates, edges replicated. */
  public void bilinear(double x, double y, float[] out, float[] tmp) {
    double cx = Math.max(0, Math.min(width - 1, x));
    double cy = Math.max(0, Math.min(height - 1, y));
    int x0 = (int) cx;
    int y0 = (int) cy;
    int x1 = Math.min(x0 + 1, width - 1);
    int y1 = Math.min(y0 + 1, height - 1);
    float fx = (float) (cx - x0);
    float fy = (float) (cy - y0);
    float w00 = (1 - fx) * (1 - fy);
    float w10 = fx * (1 - fy);
    float w01 = (1 - fx) * fy;
    float w11 = fx * fy;
    bgr(x0, y0, tmp);
    float b = tmp[0] * w00;
    float g = tmp[1] * w00;
    float r = tmp[2] * w00;
    bgr(x1, y0, tmp);
    b += tmp[0] * w10;
    g += tmp[1] * w10;
    r += tmp[2] * w10;
    bgr(x0, y1, tmp);
    b += tmp[0] * w01;
    g += tmp[1] * w01;
    r += tmp[2] * w01;
    bgr(x1, y1, tmp);
    out[0] = b + tmp[0] * w11;
    out[1] = g + tmp[1] * w11;
    out[2] = r + tmp[2] * w11;
  }
}
