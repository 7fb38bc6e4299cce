package org.groundedocr.image;

/**
 * A page is larger than {@link ImageLimits} allow. Raised from the header's declared size, before
 * decoding: the file may be a decompression bomb, or a legitimate scan the caller chose not to read.
 */
public final class ImageTooLargeException extends ImageDecodingException {
  private static final long serialVersionUID = 1L;

  private final long width;
  private final long height;
  private final long maxPixels;

  public ImageTooLargeException(String source, int pageIndex, long width, long height, long maxPixels) {
    super(
        source
            + ": page "
            + (pageIndex + 1)
            + " is "
            + width
            + " x "
            + height
            + " pixels ("
            + megapixels(width * height)
            + " megapixels), over the limit of "
            + megapixels(maxPixels)
            + " megapixels; refusing to decode it (a decompression bomb, or a scan larger than allowed:"
            + " raise the pixel limit to read it: CLI --max-pixels, Tika and Solr maxPixels)");
    this.width = width;
    this.height = height;
    this.maxPixels = maxPixels;
  }

  private static String megapixels(long pixels) {
    return String.format(java.util.Locale.ROOT, "%.1f", pixels / 1e6);
  }

  public long width() {
    return width;
  }

  public long height() {
    return height;
  }

  public long maxPixels() {
    return maxPixels;
  }
}
