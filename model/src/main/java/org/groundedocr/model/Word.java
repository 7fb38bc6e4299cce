package org.groundedocr.model;

import java.util.Objects;

/**
 * One word of a {@link TextLine}, for engines that know words (Tesseract does): its box in page
 * pixels, its text and the engine's confidence in {@code [0, 1]} ({@code NaN} when it gives none).
 * Exports (hOCR, ALTO) and exact highlights need words; engines that only know lines leave them out.
 */
public record Word(Box bbox, String text, float confidence) {
  public Word {
    Objects.requireNonNull(bbox, "bbox");
    Objects.requireNonNull(text, "text");
  }
}
