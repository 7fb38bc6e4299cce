package org.groundedocr.embed;

/** Texts could not be embedded, or a model could not be loaded. The message says which, for a person. */
public class EmbeddingException extends Exception {
  private static final long serialVersionUID = 1L;

  public EmbeddingException(String message) {
    super(message);
  }

  public EmbeddingException(String message, Throwable cause) {
    super(message, cause);
  }
}
