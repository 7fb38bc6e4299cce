package org.groundedocr.cli;

import java.awt.image.BufferedImage;
import org.groundedocr.engine.OcrException;

/**
 * The pages of one input file, decoded one at a time so that a long document is never all in
 * memory. Images come from {@link ImageDocumentSource}; PDFs are read by {@link PdfReader} through
 * the Tika parser.
 */
interface DocumentSource extends AutoCloseable {

  /** The file as the user named it. */
  String name();

  int pageCount() throws OcrException;

  /** Page {@code index} (0-based), decoded. */
  BufferedImage page(int index) throws OcrException;

  @Override
  void close();
}
