package org.groundedocr.chunking;

import java.util.Objects;
import org.groundedocr.model.Box;

/** A line of a region inside a chunk: its box and its span in the chunk text (end exclusive). */
public record ChunkLine(Box bbox, int start, int end) {
  public ChunkLine {
    Objects.requireNonNull(bbox, "bbox");
    if (start < 0 || end < start) {
      throw new IllegalArgumentException("bad span [" + start + ", " + end + ")");
    }
  }
}
