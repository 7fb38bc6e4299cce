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
  TOKENS
}
