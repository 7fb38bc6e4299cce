package org.groundedocr.solr.page;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * Encodes page images for storage and for {@code /page} responses: JPEG for photographs and
 * greyscale scans, PNG for bilevel (black-and-white) scans, which PNG compresses far better and
 * JPEG would smear; scaled down (area-averaged, in halving steps) when larger than a maximum side.
 * Immutable and thread-safe.
 */
public final class PageImageEncoder {

  /** What to encode to. */
  public enum Format {
    /** PNG for bilevel and palette images, JPEG otherwise. */
    AUTO,
    JPEG,
    PNG;

    public static Format parse(String value) {
      String v = value.trim().toUpperCase(Locale.ROOT);
      if (v.equals("JPG")) {
        return JPEG;
      }
      try {
        return valueOf(v);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("unknown image format '" + value + "'; use auto, jpeg or png", e);
      }
    }
  }

  /** An encoded image and the pixel size it has. */
  public record Encoded(byte[] bytes, String mimeType, int width, int height) {}

  private final Format format;
  private final float quality;
  private final int maxSide;

  /**
   * @param quality JPEG quality, 0–1
   * @param maxSide the longest side in pixels after scaling; 0 keeps the size
   */
  public PageImageEncoder(Format format, float quality, int maxSide) {
    if (quality <= 0 || quality > 1) {
      throw new IllegalArgumentException("JPEG quality must be in (0, 1], got " + quality);
    }
    if (maxSide < 0) {
      throw new IllegalArgumentException("maximum side must be >= 0, got " + maxSide);
    }
    this.format = format;
    this.quality = quality;
    this.maxSide = maxSide;
  }

  public Encoded encode(BufferedImage image) throws IOException {
    BufferedImage scaled = fit(image, maxSide, maxSide);
    boolean png = format == Format.PNG || (format == Format.AUTO && isBilevelOrPalette(image));
    return png ? png(scaled) : jpeg(scaled, quality);
  }

  static boolean isBilevelOrPalette(BufferedImage image) {
    return image.getType() == BufferedImage.TYPE_BYTE_BINARY
        || image.getColorModel() instanceof IndexColorModel;
  }

  /** {@code image} scaled to fit {@code maxWidth × maxHeight} (0: no limit); never enlarged. */
  public static BufferedImage fit(BufferedImage image, int maxWidth, int maxHeight) {
    double sx = maxWidth > 0 ? (double) maxWidth / image.getWidth() : 1;
    double sy = maxHeight > 0 ? (double) maxHeight / image.getHeight() : 1;
    double s = Math.min(1, Math.min(sx, sy));
    if (s >= 1) {
      return image;
    }
    int w = Math.max(1, (int) Math.round(image.getWidth() * s));
    int h = Math.max(1, (int) Math.round(image.getHeight() * s));
    return scale(image, w, h);
  }

  /** Scales to exactly {@code w × h}: bilinear halving steps, then one bilinear step (a box filter in effect). */
  public static BufferedImage scale(BufferedImage image, int w, int h) {
    BufferedImage current = toRgbOrGray(image);
    int cw = current.getWidth();
    int ch = current.getHeight();
    while (cw / 2 >= w && ch / 2 >= h) {
      cw /= 2;
      ch /= 2;
      current = draw(current, cw, ch);
    }
    return cw == w && ch == h ? current : draw(current, w, h);
  }

  private static BufferedImage draw(BufferedImage src, int w, int h) {
    BufferedImage out = new BufferedImage(w, h, src.getType());
    Graphics2D g = out.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
      g.drawImage(src, 0, 0, w, h, null);
    } finally {
      g.dispose();
    }
    return out;
  }

  /** A copy in 8-bit grey or RGB (no alpha, no palette): what scaling and JPEG need. */
  public static BufferedImage toRgbOrGray(BufferedImage image) {
    int type = image.getType();
    if (type == BufferedImage.TYPE_BYTE_GRAY || type == BufferedImage.TYPE_INT_RGB) {
      return image;
    }
    boolean gray = image.getColorModel().getNumColorComponents() == 1;
    BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(),
        gray ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    try {
      g.setColor(java.awt.Color.WHITE);
      g.fillRect(0, 0, image.getWidth(), image.getHeight());
      g.drawImage(image, 0, 0, null);
    } finally {
      g.dispose();
    }
    return out;
  }

  public static Encoded png(BufferedImage image) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
    if (!ImageIO.write(image, "png", out)) {
      throw new IOException("no PNG writer for image type " + image.getType());
    }
    return new Encoded(out.toByteArray(), "image/png", image.getWidth(), image.getHeight());
  }

  public static Encoded jpeg(BufferedImage image, float quality) throws IOException {
    BufferedImage rgb = toRgbOrGray(image);
    Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpeg");
    if (!writers.hasNext()) {
      throw new IOException("no JPEG writer");
    }
    ImageWriter writer = writers.next();
    ByteArrayOutputStream out = new ByteArrayOutputStream(128 * 1024);
    try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
      writer.setOutput(ios);
      ImageWriteParam p = writer.getDefaultWriteParam();
      p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      p.setCompressionQuality(quality);
      writer.write(null, new IIOImage(rgb, null, null), p);
    } finally {
      writer.dispose();
    }
    return new Encoded(out.toByteArray(), "image/jpeg", rgb.getWidth(), rgb.getHeight());
  }
}
