package org.groundedocr.engine;

/** A page could not be read: bad input or an engine failure. The message says which, for a person. */
public class OcrException extends Exception {
  private static final long serialVersionUID = 1L;

  public OcrException(String message) {
    super(message);
  }

  public OcrException(String message, Throwable cause) {
    super(message, cause);
  }
}
