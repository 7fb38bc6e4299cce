package org.groundedocr.model;

import java.util.List;
import java.util.Objects;

/**
 * One line of text inside a region, for engines that know lines (PP-OCR does, DeepSeek-OCR does
 * not), with its words where the engine knows them (Tesseract does; empty otherwise).
 */
public record TextLine(Box bbox, String text, List<Word> words) {
  public TextLine {
    Objects.requireNonNull(bbox, "bbox");
    Objects.requireNonNull(text, "text");
    words = words == null ? List.of() : List.copyOf(words);
  }

  /** A line without word boxes. */
  public TextLine(Box bbox, String text) {
    this(bbox, text, List.of());
  }
}
