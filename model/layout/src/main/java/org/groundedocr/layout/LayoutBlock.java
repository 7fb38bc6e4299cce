package org.groundedocr.layout;

import java.util.ArrayList;
import java.util.List;
import org.groundedocr.model.Box;
import org.groundedocr.model.RegionLabels;

/**
 * A block of lines being laid out: a paragraph, a heading, a table (which keeps its rows of cells),
 * page furniture, or a figure (no lines, only a box). Mutable while the analysis builds it; the
 * analysis turns it into a {@link org.groundedocr.model.Region} at the end.
 */
final class LayoutBlock {
  final List<PageLine> lines = new ArrayList<>();
  /** Non-null for tables: rows of cells of lines. */
  final List<List<List<PageLine>>> rows;
  Box box;
  /** The box on the page (differs from {@link #box} on a skewed page). */
  Box pageBox;
  String label;

  LayoutBlock(PageLine first) {
    rows = null;
    label = RegionLabels.TEXT;
    add(first);
  }

  LayoutBlock(List<List<List<PageLine>>> tableRows) {
    rows = tableRows;
    for (List<List<PageLine>> row : tableRows) {
      for (List<PageLine> cell : row) {
        cell.forEach(this::add);
      }
    }
    label = RegionLabels.TABLE;
  }

  /** A figure: a box of ink that is not text. */
  LayoutBlock(Box figure) {
    rows = null;
    box = figure;
    pageBox = figure;
    label = RegionLabels.IMAGE;
  }

  void add(PageLine l) {
    lines.add(l);
    box = box == null ? l.box() : box.union(l.box());
    pageBox = pageBox == null ? l.pageBox() : pageBox.union(l.pageBox());
  }

  PageLine last() {
    return lines.get(lines.size() - 1);
  }

  boolean isTable() {
    return rows != null;
  }

  double medianHeight() {
    double[] h = lines.stream().mapToDouble(PageLine::height).sorted().toArray();
    return h.length == 0 ? 0 : h[h.length / 2];
  }

  double cy() {
    return (box.y1() + box.y2()) / 2.0;
  }

  String text() {
    return PageLine.joinedText(lines);
  }
}
