package org.groundedocr.model;

import java.util.List;
import java.util.Objects;

/**
 * A layout region of a page: its label (see {@link RegionLabels}; unknown labels are kept
 * verbatim), one or more boxes in page pixels (none when the engine gave none, e.g. text before the
 * first grounding tag), its content as Markdown, HTML (tables) or LaTeX (equations), and the line
 * boxes where the engine knows lines.
 */
public record Region(String label, List<Box> boxes, String text, List<TextLine> lines) {

  public Region {
    Objects.requireNonNull(label, "label");
    boxes = List.copyOf(boxes);
    text = text == null ? "" : text;
    lines = lines == null ? List.of() : List.copyOf(lines);
  }

  public Region(String label, List<Box> boxes, String text) {
    this(label, boxes, text, List.of());
  }

  /** The union of the region's boxes, or {@code null} when it has none. */
  public Box bbox() {
    return Box.union(boxes);
  }

  public boolean hasBox() {
    return !boxes.isEmpty();
  }
}
