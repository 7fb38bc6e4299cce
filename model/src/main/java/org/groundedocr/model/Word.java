package org.groundedocr.model;

import java.util.Objects;

/**
 * One word of a {@link TextLine}: its box in page pixels, its text and the engine's confidence in
 * {@code [0, 1]}, or {@link #UNKNOWN_CONFIDENCE} when the engine gave none (imported OCR without
 * {@code WC}/{@code x_wconf}, words placed by estimate).
 */
public record Word(Box bbox, String text, double confidence) {

  public static final double UNKNOWN_CONFIDENCE = -1;

  public Word {
    Objects.requireNonNull(bbox, "bbox");
    Objects.requireNonNull(text, "text");
    if (!(confidence == UNKNOWN_CONFIDENCE || (confidence >= 0 && confidence <= 1))) {
      throw new IllegalArgumentException("word confidence must be in [0, 1] or -1, got " + confidence);
    }
  }

  public Word(Box bbox, String text) {
    this(bbox, text, UNKNOWN_CONFIDENCE);
  }

  public boolean hasConfidence() {
    return confidence != UNKNOWN_CONFIDENCE;
  }
}
