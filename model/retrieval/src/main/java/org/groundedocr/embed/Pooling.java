package org.groundedocr.embed;

import java.util.Locale;

/** How token vectors become one sentence vector; the model's training fixes it. */
public enum Pooling {
  /** The first token's vector ({@code [CLS]}): BGE, most retrieval-tuned BERT models. */
  CLS,
  /** The attention-masked mean of all token vectors: most sentence-transformers models (MiniLM, E5). */
  MEAN;

  /** Parses {@code cls} / {@code mean} (any case); fails naming the accepted values. */
  public static Pooling parse(String value) {
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new IllegalArgumentException("pooling must be cls or mean, got '" + value + "'", e);
    }
  }
}
