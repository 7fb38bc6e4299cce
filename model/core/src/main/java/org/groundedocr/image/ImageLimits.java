package org.groundedocr.image;

/**
 * What a {@link PageImageReader} agrees to decode. The limits are checked against the sizes in the
 * file's headers before any pixel is decoded, so a decompression bomb (a tiny file declaring a
 * 50,000 x 50,000 page) is refused without allocating it.
 *
 * @param maxPixels largest {@code width * height} of one page; 100 megapixels by default (a
 *     600-dpi A3 scan is 70 megapixels)
 * @param maxPages most pages one file may have (multi-page TIFF); 10,000 by default
 */
public record ImageLimits(long maxPixels, int maxPages) {

  public static final long DEFAULT_MAX_PIXELS = 100_000_000L;
  public static final int DEFAULT_MAX_PAGES = 10_000;

  /** 100 megapixels, 10,000 pages. */
  public static final ImageLimits DEFAULT = new ImageLimits(DEFAULT_MAX_PIXELS, DEFAULT_MAX_PAGES);

  public ImageLimits {
    if (maxPixels <= 0) {
      throw new IllegalArgumentException("maxPixels must be positive, got " + maxPixels);
    }
    if (maxPages <= 0) {
      throw new IllegalArgumentException("maxPages must be positive, got " + maxPages);
    }
  }

  /** A pixel limit with the default page limit. */
  public ImageLimits(long maxPixels) {
    this(maxPixels, DEFAULT_MAX_PAGES);
  }
}
