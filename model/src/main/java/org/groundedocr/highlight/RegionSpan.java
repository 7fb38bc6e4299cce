package org.groundedocr.highlight;

import java.util.List;
import java.util.Objects;
import org.groundedocr.model.Box;

/**
 * A layout region as a chunk holds it: the page it lies on, its index among that page's regions,
 * its label, its box in page pixels ({@code null} when the engine gave none), the half-open
 * character span {@code [start, end)} of its text inside the chunk text, and its lines where the
 * engine knew lines.
 */
public record RegionSpan(
    int page, int index, String label, Box box, int start, int end, List<LineSpan> lines) {
  public RegionSpan {
    Objects.requireNonNull(label, "label");
    if (start < 0 || end < start) {
      throw new IllegalArgumentException("bad region span [" + start + ", " + end + ")");
    }
    lines = lines == null ? List.of() : List.copyOf(lines);
  }

  public RegionSpan(int page, int index, String label, Box box, int start, int end) {
    this(page, index, label, box, start, end, List.of());
  }

  public boolean overlaps(int from, int to) {
    return start < to && from < end;
  }
}
