package org.groundedocr.layout;

import java.util.ArrayList;
import java.util.List;
import org.groundedocr.model.Region;
import org.groundedocr.model.RegionLabels;
import org.groundedocr.model.TextLine;

/**
 * Writes a laid-out block as a grounded region: tables as HTML tables on their grid ({@link
 * TableGrid}: empty cells kept, spanning cells, a cell's wrapped lines joined), headings as
 * Markdown headings, everything else as its lines joined by spaces. The region carries the page
 * boxes of its lines, in reading order, and their words.
 */
final class RegionWriter {

  private RegionWriter() {}

  /**
   * {@code boxGrowth}: how far detection grows a line's box past its ink at each end, in line
   * heights (a table's columns are found between the cells' ink).
   */
  static Region region(LayoutBlock b, double boxGrowth) {
    List<TextLine> lines = new ArrayList<>(b.lines.size());
    String text;
    if (b.isTable()) {
      TableGrid grid = TableGrid.of(b.rows, boxGrowth);
      for (List<TableGrid.Cell> row : grid.rows) {
        for (TableGrid.Cell cell : row) {
          for (PageLine l : cell.lines()) {
            lines.add(new TextLine(l.pageBox(), l.text(), l.words()));
          }
        }
      }
      text = grid.html();
    } else {
      for (PageLine l : b.lines) {
        lines.add(new TextLine(l.pageBox(), l.text(), l.words()));
      }
      String joined = b.text();
      text = switch (b.label) {
        case RegionLabels.TITLE -> "# " + joined;
        case RegionLabels.SUB_TITLE -> "## " + joined;
        default -> joined;
      };
    }
    return new Region(b.label, List.of(b.pageBox), text, lines);
  }
}
