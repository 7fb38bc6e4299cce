package org.groundedocr.tika;

import java.io.IOException;

/** A page is over the configured pixel limit: refused before it is decoded or rendered. */
public final class PageTooLargeException extends IOException {
  private static final long serialVersionUID = 1L;

  public PageTooLargeException(String message) {
    super(message);
  }
}
