package org.groundedocr.image;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.color.ColorSpace;
import java.awt.geom.AffineTransform;
import java.awt.image.AffineTransformOp;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;

/**
 * Brings decoded images into the few pixel layouts the engines read fast: {@code TYPE_BYTE_GRAY}
 * for grey sources (1-bit, 8-bit, 16-bit, grey palettes), {@code TYPE_3BYTE_BGR} or {@code
 * TYPE_INT_RGB} for everything else, never with alpha (transparent pixels are laid over white, the
 * colour of paper).
 */
public final class PageImages {

  /**
   * The image property ({@link BufferedImage#getProperty}) holding the scan's resolution in dots
   * per inch, an {@code Integer}, where the file declares a plausible one. It travels with the
   * pixels it describes through every path (Tika, the CLI, Solr) to the engines that use it
   * (Tesseract's layout analysis is tuned in inches).
   */
  public static final String RESOLUTION_PROPERTY = "groundedocr.dpi";

  private PageImages() {}

  /** {@code image} carrying {@code dpi} (sharing its pixels); {@code image} itself when dpi <= 0. */
  public static BufferedImage withResolution(BufferedImage image, int dpi) {
    if (dpi <= 0) {
      return image;
    }
    java.util.Hashtable<String, Object> properties = new java.util.Hashtable<>();
    properties.put(RESOLUTION_PROPERTY, dpi);
    return new BufferedImage(image.getColorModel(), image.getRaster(),
        image.isAlphaPremultiplied(), properties);
  }

  /** The resolution {@link #withResolution} attached, or 0 when unknown. */
  public static int resolution(BufferedImage image) {
    return image.getProperty(RESOLUTION_PROPERTY) instanceof Integer dpi ? dpi : 0;
  }

  /** Whether {@code image} already has one of the layouts {@link #normalise} produces. */
  public static boolean isNormalised(BufferedImage image) {
    int t = image.getType();
    return t == BufferedImage.TYPE_BYTE_GRAY
        || t == BufferedImage.TYPE_3BYTE_BGR
        || t == BufferedImage.TYPE_INT_RGB;
  }

  /** {@code image} in a grey or RGB layout without alpha; the image itself when it already is. */
  public static BufferedImage normalise(BufferedImage image) {
    if (isNormalised(image)) {
      return image;
    }
    ColorModel cm = image.getColorModel();
    if (!cm.hasAlpha() && isGrey(cm)) {
      return toGrey(image);
    }
    if (!cm.hasAlpha()
        && !(cm instanceof IndexColorModel)
        && cm.getNumComponents() == 3
        && cm.getColorSpace().getType() == ColorSpace.TYPE_RGB
        && image.getRaster().getNumBands() == 3) {
      return rgbSamplesToRgb(image);
    }
    BufferedImage rgb =
        new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = rgb.createGraphics();
    try {
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, rgb.getWidth(), rgb.getHeight());
      g.drawImage(image, 0, 0, null);
    } finally {
      g.dispose();
    }
    return rgb;
  }

  private static boolean isGrey(ColorModel cm) {
    if (cm instanceof IndexColorModel icm) {
      for (int i = 0; i < icm.getMapSize(); i++) {
        int r = icm.getRed(i);
        if (r != icm.getGreen(i) || r != icm.getBlue(i)) {
          return false;
        }
      }
      return true;
    }
    return cm.getNumComponents() == 1 && cm.getColorSpace().getType() == ColorSpace.TYPE_GRAY;
  }

  /**
   * RGB samples are copied as they are, scaled to 8 bits, without the colour management {@code
   * Graphics2D} would apply for an embedded ICC profile (a scanner's or Adobe RGB): that conversion
   * takes seconds per page and changes nothing a text recogniser can see.
   */
  private static BufferedImage rgbSamplesToRgb(BufferedImage image) {
    int w = image.getWidth();
    int h = image.getHeight();
    BufferedImage rgb = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Raster src = image.getRaster();
    ColorModel cm = image.getColorModel();
    int[] max = new int[3];
    for (int b = 0; b < 3; b++) {
      max[b] = (1 << cm.getComponentSize(b)) - 1;
    }
    int[] samples = new int[w * 3];
    int[] row = new int[w];
    for (int y = 0; y < h; y++) {
      src.getPixels(src.getMinX(), src.getMinY() + y, w, 1, samples);
      for (int x = 0, i = 0; x < w; x++, i += 3) {
        row[x] = scale(samples[i], max[0]) << 16 | scale(samples[i + 1], max[1]) << 8
            | scale(samples[i + 2], max[2]);
      }
      rgb.getRaster().setDataElements(0, y, w, 1, row);
    }
    return rgb;
  }

  private static int scale(int sample, int max) {
    return max == 255 ? sample & 0xFF : (int) ((sample * 255L + max / 2) / max);
  }

  /**
   * Grey sources are converted sample by sample rather than through {@code Graphics2D}: Java2D
   * treats {@code TYPE_BYTE_GRAY} as linear light and would darken every mid-grey of a scan
   * (sRGB 128 becomes 55), which costs the recogniser contrast. Scanners' grey samples are already
   * gamma-encoded, so 16-bit samples are only scaled to 8 bits.
   */
  private static BufferedImage toGrey(BufferedImage image) {
    int w = image.getWidth();
    int h = image.getHeight();
    BufferedImage grey = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
    Raster src = image.getRaster();
    WritableRaster dst = grey.getRaster();
    int[] row = new int[w];
    ColorModel cm = image.getColorModel();
    int[] lut = null;
    int maxValue = 0;
    if (cm instanceof IndexColorModel icm) {
      lut = new int[icm.getMapSize()];
      for (int i = 0; i < lut.length; i++) {
        lut[i] = icm.getRed(i);
      }
    } else {
      maxValue = (1 << cm.getComponentSize(0)) - 1;
    }
    for (int y = 0; y < h; y++) {
      src.getSamples(src.getMinX(), src.getMinY() + y, w, 1, 0, row);
      if (lut != null) {
        for (int x = 0; x < w; x++) {
          int v = row[x];
          row[x] = v < lut.length ? lut[v] : 0;
        }
      } else if (maxValue != 255) {
        for (int x = 0; x < w; x++) {
          row[x] = (int) ((row[x] * 255L + maxValue / 2) / maxValue);
        }
      }
      dst.setSamples(0, y, w, 1, 0, row);
    }
    return grey;
  }

  /**
   * {@code image} turned upright for a {@code javax_imageio_1.0} {@code ImageOrientation} value
   * (flips and counter-clockwise rotations, the way ImageIO plugins report EXIF and TIFF
   * orientation). Unknown values and {@code Normal} return the image itself.
   */
  public static BufferedImage orient(BufferedImage image, String imageOrientation) {
    if (imageOrientation == null) {
      return image;
    }
    int w = image.getWidth();
    int h = image.getHeight();
    // AffineTransform(m00, m10, m01, m11, m02, m12): x' = m00 x + m01 y + m02, y' = m10 x + m11 y + m12
    AffineTransform flipH = new AffineTransform(-1, 0, 0, 1, w, 0);
    AffineTransform flipV = new AffineTransform(1, 0, 0, -1, 0, h);
    AffineTransform tx;
    boolean swap;
    switch (imageOrientation) {
      case "Rotate90" -> { // 90 degrees counter-clockwise: x' = y, y' = w - x
        tx = new AffineTransform(0, -1, 1, 0, 0, w);
        swap = true;
      }
      case "Rotate180" -> {
        tx = new AffineTransform(-1, 0, 0, -1, w, h);
        swap = false;
      }
      case "Rotate270" -> { // 90 degrees clockwise: x' = h - y, y' = x
        tx = new AffineTransform(0, 1, -1, 0, h, 0);
        swap = true;
      }
      case "FlipH" -> {
        tx = flipH;
        swap = false;
      }
      case "FlipV" -> {
        tx = flipV;
        swap = false;
      }
      case "FlipHRotate90" -> { // flip, then 90 counter-clockwise: a transpose
        tx = new AffineTransform(0, 1, 1, 0, 0, 0);
        swap = true;
      }
      case "FlipVRotate90" -> { // flip, then 90 counter-clockwise: the anti-transpose
        tx = new AffineTransform(0, -1, -1, 0, h, w);
        swap = true;
      }
      default -> {
        return image;
      }
    }
    BufferedImage out =
        new BufferedImage(swap ? h : w, swap ? w : h, normalisedType(image));
    new AffineTransformOp(tx, AffineTransformOp.TYPE_NEAREST_NEIGHBOR).filter(image, out);
    return out;
  }

  private static int normalisedType(BufferedImage image) {
    return isNormalised(image) ? image.getType() : BufferedImage.TYPE_INT_RGB;
  }
}
