package org.groundedocr.format;

import java.io.IOException;

/**
 * An OCR file that cannot be read: not the format it claims, not well-formed, or missing what a
 * grounded page needs (a page size, coordinates). The message names the file and, where it is
 * known, the page and the element, and says what to do.
 */
public final class FormatException extends IOException {

  private static final long serialVersionUID = 1L;

  public FormatException(String message) {
    super(message);
  }

  public FormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
