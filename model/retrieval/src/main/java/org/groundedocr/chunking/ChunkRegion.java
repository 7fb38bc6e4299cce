package org.groundedocr.chunking;

import java.util.List;
import java.util.Objects;
import org.groundedocr.model.Box;

/**
 * A page region (or the part of it) that a chunk holds.
 *
 * @param page 1-based page
 * @param region 0-based index of the region in the page's regions
 * @param label layout label
 * @param boxes the region's boxes in page pixels (empty when the engine gave none)
 * @param start where the region's text starts in the chunk text
 * @param end where it ends (exclusive); {@code start == end} for a region without text
 * @param partial true when only part of the region's text is in this chunk
 * @param lines the region's lines inside this chunk, when the engine gave line boxes
 */
public record ChunkRegion(
    int page,
    int region,
    String label,
    List<Box> boxes,
    int start,
    int end,
    boolean partial,
    List<ChunkLine> lines) {

  public ChunkRegion {
    Objects.requireNonNull(label, "label");
    boxes = List.copyOf(boxes);
    lines = List.copyOf(lines);
    if (start < 0 || end < start) {
      throw new IllegalArgumentException("bad span [" + start + ", " + end + ")");
    }
  }

  /** The union of the boxes, or {@code null} when there are none. */
  public Box bbox() {
    return Box.union(boxes);
  }
}
