package org.groundedocr.deepseek.preprocess;

import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.color.ColorSpace;
import java.util.Objects;

/**
 * An 8-bit RGB image as Pillow holds an {@code "RGB"} image: {@code width * height} pixels, row
 * major, three bytes (R, G, B) per pixel, no colour management. It is the currency of the
 * DeepSeek-OCR preprocessing, whose results must match Pillow's byte for byte.
 *
 * <p>The pixel array is shared, not copied, for speed: do not modify an array after handing it to
 * the constructor or after reading it through {@link #pixels()}.
 */
public record RgbImage(int width, int height, byte[] pixels) {

  /** Pillow refuses images with more pixels than this by default ("decompression bomb" error). */
  public static final long MAX_PIXELS = 2L * 89_478_485L;

  public RgbImage {
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException("image size must be positive, got " + width + "x" + height);
    }
    if ((long) width * height > MAX_PIXELS) {
      throw new IllegalArgumentException(
          "image of " + width + "x" + height + " pixels exceeds the limit of " + MAX_PIXELS + " pixels");
    }
    Objects.requireNonNull(pixels, "pixels");
    if (pixels.length != width * height * 3) {
      throw new IllegalArgumentException(
          "expected " + (width * height * 3) + " bytes for " + width + "x" + height + " RGB, got " + pixels.length);
    }
  }

  /** A {@code width x height} image filled with one colour. */
  public static RgbImage filled(int width, int height, int red, int green, int blue) {
    byte[] px = new byte[Math.multiplyExact(Math.multiplyExact(width, height), 3)];
    for (int i = 0; i < px.length; i += 3) {
      px[i] = (byte) red;
      px[i + 1] = (byte) green;
      px[i + 2] = (byte) blue;
    }
    return new RgbImage(width, height, px);
  }

  /**
   * Converts an AWT image the way Pillow's {@code Image.convert("RGB")} converts what it decoded:
   * RGB(A) samples are taken as they are — whatever ICC profile the file carries, which Pillow
   * ignores too — and alpha is dropped (not composited); grey (with or without alpha) is replicated
   * into R, G and B; 16-bit samples keep their high byte (Pillow's {@code RGB;16B} unpacker). Java's
   * {@code getRGB} would instead colour-convert (linear grey and ICC profiles to sRGB), changing
   * the pixels, so these cases read the raster directly. Anything else (palettes, packed
   * {@code TYPE_INT_*} images, CMYK) goes through {@code getRGB}, which gives Pillow's values for
   * palettes and packed sRGB; CMYK may differ. For 16-bit grey Pillow clips to 255 (an all-white
   * page); this method keeps the high byte instead.
   */
  public static RgbImage from(BufferedImage image) {
    Objects.requireNonNull(image, "image");
    int w = image.getWidth();
    int h = image.getHeight();
    if ((long) w * h > MAX_PIXELS) {
      throw new IllegalArgumentException(
          "image of " + w + "x" + h + " pixels exceeds the limit of " + MAX_PIXELS + " pixels");
    }
    byte[] px = new byte[w * h * 3];
    Raster raster = image.getRaster();
    ColorModel cm = image.getColorModel();
    int transfer = raster.getTransferType();
    int shift = transfer == DataBuffer.TYPE_USHORT ? 8 : 0;
    boolean plainSamples = cm instanceof ComponentColorModel
        && (transfer == DataBuffer.TYPE_BYTE || transfer == DataBuffer.TYPE_USHORT)
        && !cm.isAlphaPremultiplied();
    int colorSpace = cm.getColorSpace().getType();
    int bands = raster.getNumBands();
    if (plainSamples && colorSpace == ColorSpace.TYPE_RGB && bands >= 3) {
      int[] row = new int[w * bands];
      for (int y = 0; y < h; y++) {
        raster.getPixels(0, y, w, 1, row);
        int o = y * w * 3;
        for (int x = 0; x < w; x++) {
          px[o++] = (byte) (row[x * bands] >> shift);
          px[o++] = (byte) (row[x * bands + 1] >> shift);
          px[o++] = (byte) (row[x * bands + 2] >> shift);
        }
      }
    } else if (plainSamples && colorSpace == ColorSpace.TYPE_GRAY && bands <= 2) {
      int[] row = new int[w * bands];
      for (int y = 0; y < h; y++) {
        raster.getPixels(0, y, w, 1, row);
        int o = y * w * 3;
        for (int x = 0; x < w; x++) {
          byte v = (byte) (row[x * bands] >> shift);
          px[o++] = v;
          px[o++] = v;
          px[o++] = v;
        }
      }
    } else {
      int[] row = new int[w];
      for (int y = 0; y < h; y++) {
        image.getRGB(0, y, w, 1, row, 0, w);
        int o = y * w * 3;
        for (int x = 0; x < w; x++) {
          int argb = row[x];
          px[o++] = (byte) (argb >> 16);
          px[o++] = (byte) (argb >> 8);
          px[o++] = (byte) argb;
        }
      }
    }
    return new RgbImage(w, h, px);
  }

  /** This image as a {@link BufferedImage#TYPE_INT_RGB} image (for viewing and debugging). */
  public BufferedImage toBufferedImage() {
    BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    int[] row = new int[width];
    for (int y = 0; y < height; y++) {
      int o = y * width * 3;
      for (int x = 0; x < width; x++) {
        row[x] = (pixels[o++] & 0xFF) << 16 | (pixels[o++] & 0xFF) << 8 | (pixels[o++] & 0xFF);
      }
      out.setRGB(0, y, width, 1, row, 0, width);
    }
    return out;
  }

  /** The {@code w x h} region whose top-left corner is ({@code x}, {@code y}); Pillow's {@code crop}. */
  public RgbImage crop(int x, int y, int w, int h) {
    if (x < 0 || y < 0 || w <= 0 || h <= 0 || x + w > width || y + h > height) {
      throw new IllegalArgumentException(
          "crop " + w + "x" + h + "+" + x + "+" + y + " outside the " + width + "x" + height + " image");
    }
    byte[] out = new byte[w * h * 3];
    for (int row = 0; row < h; row++) {
      System.arraycopy(pixels, ((y + row) * width + x) * 3, out, row * w * 3, w * 3);
    }
    return new RgbImage(w, h, out);
  }

  /** The R, G, B sample of pixel ({@code x}, {@code y}) packed as {@code 0xRRGGBB}. */
  public int rgb(int x, int y) {
    int o = (y * width + x) * 3;
    return (pixels[o] & 0xFF) << 16 | (pixels[o + 1] & 0xFF) << 8 | (pixels[o + 2] & 0xFF);
  }
}
