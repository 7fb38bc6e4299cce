package org.groundedocr.cli;

import picocli.CommandLine.Option;

/** The {@code ocr} command's options for PDFs, which it reads through the Tika parser. */
final class PdfOptions {

  @Option(names = "--dpi", defaultValue = "144",
      description = "PDFs: resolution pages are rendered at; boxes are in pixels at this"
          + " resolution (default: ${DEFAULT-VALUE}; 200-300 for small print)")
  int dpi;

  @Option(names = "--ocr-strategy", defaultValue = "auto",
      description = "PDFs: auto (OCR only pages whose text layer is empty or garbage), ocr_only"
          + " or no_ocr (text layer only, still with boxes) (default: ${DEFAULT-VALUE})")
  String ocrStrategy;

  @Option(names = "--first-page", defaultValue = "1", description = "PDFs: first page to read")
  int firstPage;

  @Option(names = "--last-page", defaultValue = "0",
      description = "PDFs: last page to read; 0 for the last page of the document")
  int lastPage;

  @Option(names = "--password", description = "PDFs: password of an encrypted PDF")
  String password;

  @Option(names = "--page-timeout", defaultValue = "300",
      description = "seconds allowed for one PDF page; 0 for none (default: ${DEFAULT-VALUE})")
  int pageTimeoutSeconds;
}
