package org.groundedocr.format;

/**
 * How to read an OCR file into grounded pages.
 *
 * @param sourceName the file's name, for the grounded document's {@code source} and for errors
 * @param dpi the scan resolution, to turn ALTO's {@code mm10} and {@code inch1200} measurements
 *     into page pixels (ALTO does not record it); ignored for pixel coordinates
 */
public record ImportOptions(String sourceName, int dpi) {

  /** The resolution assumed when none is given: the usual for library scans. */
  public static final int DEFAULT_DPI = 300;

  public ImportOptions {
    sourceName = sourceName == null || sourceName.isBlank() ? "document" : sourceName;
    if (dpi <= 0) {
      throw new IllegalArgumentException("dpi must be positive, got " + dpi);
    }
  }

  public static ImportOptions named(String sourceName) {
    return new ImportOptions(sourceName, DEFAULT_DPI);
  }
}
