package org.groundedocr.deepseek.preprocess;

import java.util.Objects;

/**
 * Pillow's {@code ImageOps.contain} and {@code ImageOps.pad} with their defaults (BICUBIC resize,
 * centring (0.5, 0.5)), as the DeepSeek-OCR reference calls them for its global view.
 *
 * <p>Both round with Python's {@code round}, which rounds halves to even: {@link Math#rint}, not
 * {@link Math#round} (half up) — 1500x400 padded to 1024 puts the content at row 376, not 375.
 */
public final class PillowImageOps {

  private PillowImageOps() {}

  /**
   * {@code ImageOps.contain(image, (width, height))}: the largest aspect-preserving resize that
   * fits, up- or down-scaling.
   *
   * <p>Pillow fails on extreme aspect ratios whose short side rounds to 0 pixels (e.g. 3000x1 into
   * 1024x1024); this method keeps at least one pixel instead, so such images still get an answer.
   */
  public static RgbImage contain(RgbImage image, int width, int height) {
    Objects.requireNonNull(image, "image");
    int[] size = containedSize(image.width(), image.height(), width, height);
    return PillowResampler.resize(image, size[0], size[1]);
  }

  /**
   * {@code ImageOps.pad(image, (width, height), color=(red, green, blue))}: {@link #contain} then
   * centred on a canvas of the fill colour.
   */
  public static RgbImage pad(RgbImage image, int width, int height, int red, int green, int blue) {
    RgbImage resized = contain(image, width, height);
    if (resized.width() == width && resized.height() == height) {
      return resized;
    }
    RgbImage out = RgbImage.filled(width, height, red, green, blue);
    int x = 0;
    int y = 0;
    if (resized.width() != width) {
      x = (int) Math.rint((width - resized.width()) * 0.5);
    } else {
      y = (int) Math.rint((height - resized.height()) * 0.5);
    }
    byte[] dst = out.pixels();
    byte[] src = resized.pixels();
    int rowBytes = resized.width() * 3;
    for (int row = 0; row < resized.height(); row++) {
      System.arraycopy(src, row * rowBytes, dst, ((y + row) * width + x) * 3, rowBytes);
    }
    return out;
  }

  /** The size {@code contain} resizes a {@code w x h} image to for a {@code width x height} box. */
  static int[] containedSize(int w, int h, int width, int height) {
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException("target size must be positive, got " + width + "x" + height);
    }
    double imRatio = (double) w / h;
    double destRatio = (double) width / height;
    int newW = width;
    int newH = height;
    if (imRatio != destRatio) {
      if (imRatio > destRatio) {
        newH = Math.max(1, (int) Math.rint((double) h / w * width));
      } else {
        newW = Math.max(1, (int) Math.rint((double) w / h * height));
      }
    }
    return new int[] {newW, newH};
  }
}
