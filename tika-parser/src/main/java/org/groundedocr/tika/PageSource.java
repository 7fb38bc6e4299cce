package org.groundedocr.tika;

import java.io.Closeable;
import java.io.IOException;

/**
 * A document's pages, read one at a time so that no more than one page image is held at once.
 * Implementations are not thread-safe: the parser reads pages in order from one thread at a time.
 */
public interface PageSource extends Closeable {

  /** Pages in the document. */
  int pageCount();

  /**
   * Reads page {@code pageNumber} (1-based).
   *
   * @param wantImage whether the caller needs the page image even when the page does not need OCR
   * @throws IOException when this page cannot be read; the message says why (other pages may
   *     still be readable)
   */
  PageInput read(int pageNumber, boolean wantImage) throws IOException;

  @Override
  void close() throws IOException;
}
