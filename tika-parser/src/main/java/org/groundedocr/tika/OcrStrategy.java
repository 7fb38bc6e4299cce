package org.groundedocr.tika;

import java.util.Locale;

/**
 * When a PDF page goes through OCR. Named like Tika's {@code PDFParserConfig.OCR_STRATEGY} and
 * decided page by page.
 */
public enum OcrStrategy {
  /**
   * OCR a page only when its text layer is unusable: empty, garbage, or a scan with at most a
   * stamp of text on it (see {@code TextLayerQuality}). Other pages are read from the text layer,
   * with boxes from PDFBox's text positions.
   */
  AUTO,
  /** OCR every page, ignoring any text layer. */
  OCR_ONLY,
  /** Never OCR: read the text layer only (still grounded). Image files give pages without regions. */
  NO_OCR;

  /** Parses {@code auto}, {@code ocr_only}, {@code no_ocr} (any case, {@code -} for {@code _}). */
  public static OcrStrategy parse(String value) {
    if (value != null) {
      String v = value.trim().toUpperCase(Locale.ROOT).replace('-', '_');
      for (OcrStrategy s : values()) {
        if (s.name().equals(v)) {
          return s;
        }
      }
    }
    throw new IllegalArgumentException(
        "ocrStrategy must be auto, ocr_only or no_ocr, got '" + value + "'");
  }

  /** The configuration spelling: {@code auto}, {@code ocr_only}, {@code no_ocr}. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
