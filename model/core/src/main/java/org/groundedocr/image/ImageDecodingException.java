package org.groundedocr.image;

import org.groundedocr.engine.OcrException;

/**
 * An image file cannot be decoded: empty, truncated, corrupt or in a format we do not read. The
 * message names the file (when known) and the reason, for a person.
 */
public class ImageDecodingException extends OcrException {
  private static final long serialVersionUID = 1L;

  public ImageDecodingException(String message) {
    super(message);
  }

  public ImageDecodingException(String message, Throwable cause) {
    super(message, cause);
  }
}
