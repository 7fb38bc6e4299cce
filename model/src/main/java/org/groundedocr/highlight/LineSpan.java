package org.groundedocr.highlight;

import java.util.Objects;
import org.groundedocr.model.Box;

/**
 * One OCR line of a chunk region: its box in page pixels and the half-open character span
 * {@code [start, end)} of its text inside the chunk text.
 */
public record LineSpan(Box box, int start, int end) {
  public LineSpan {
    Objects.requireNonNull(box, "box");
    if (start < 0 || end < start) {
      throw new IllegalArgumentException("bad line span [" + start + ", " + end + ")");
    }
  }
}
