package org.groundedocr.model;

import java.util.Objects;

/** One line of text inside a region, for engines that know lines (PP-OCR does, DeepSeek-OCR does not). */
public record TextLine(Box bbox, String text) {
  public TextLine {
    Objects.requireNonNull(bbox, "bbox");
    Objects.requireNonNull(text, "text");
  }
}
