package org.groundedocr.cli;

/** What the OCR commands print for a page or document. */
public enum OutputFormat {
  /** The grounded-page JSON of the README. */
  JSON,
  /** Clean Markdown, pages separated like the reference does. */
  MARKDOWN,
  /** DeepSeek-OCR's raw grounded format ({@code <|ref|>…<|/ref|><|det|>…<|/det|>}). */
  GROUNDED,
  /** DeepSeek only: {@code {"token_ids":[...]}} of the first page (parity with reference.py). */
  TOKENS,
  /** ALTO 4.4 XML, one file per document. */
  ALTO,
  /** hOCR 1.2 (XHTML), one file per document. */
  HOCR,
  /** PAGE-XML 2019, one file per page. */
  PAGE;

  /** The digital-library format this output is, or {@code null} for our own outputs. */
  org.groundedocr.format.OcrFormat ocrFormat() {
    return switch (this) {
      case ALTO -> org.groundedocr.format.OcrFormat.ALTO;
      case HOCR -> org.groundedocr.format.OcrFormat.HOCR;
      case PAGE -> org.groundedocr.format.OcrFormat.PAGE;
      default -> null;
    };
  }
}
