package org.groundedocr.model;

import java.util.List;
import java.util.Objects;

/**
 * One line of text inside a region, for engines that know lines (PP-OCR does, DeepSeek-OCR does
 * not), with its words where the source knows them (imported ALTO, hOCR, PAGE-XML); an empty
 * {@code words} list means the line's word boxes are not known, not that it has no words.
 */
public record TextLine(Box bbox, String text, List<Word> words) {
  public TextLine {
    Objects.requireNonNull(bbox, "bbox");
    Objects.requireNonNull(text, "text");
    words = words == null ? List.of() : List.copyOf(words);
  }

  public TextLine(Box bbox, String text) {
    this(bbox, text, List.of());
  }
}
