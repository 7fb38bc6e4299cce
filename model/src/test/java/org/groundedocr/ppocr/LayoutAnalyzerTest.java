package org.groundedocr.ppocr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.groundedocr.model.Box;
import org.groundedocr.model.Region;
import org.groundedocr.model.RegionLabels;
import org.junit.jupiter.api.Test;

class LayoutAnalyzerTest {

  private final LayoutAnalyzer layout = new LayoutAnalyzer();

  static LayoutAnalyzer.Line line(String text, int x1, int y1, int x2, int h) {
    return new LayoutAnalyzer.Line(new Box(x1, y1, x2, y1 + h), text, h);
  }

  @Test
  void paragraphsSplitAtGapsAndHeadingsByHeight() {
    List<LayoutAnalyzer.Line> lines = List.of(
        line("Annual Report", 100, 50, 600, 60),
        line("Summary", 100, 160, 300, 36),
        line("first line of text", 100, 220, 900, 24),
        line("second line of text", 100, 252, 880, 24),
        line("third line", 100, 284, 500, 24),
        line("new paragraph after a gap", 100, 360, 900, 24),
        line("continues here", 100, 392, 600, 24));
    List<Region> regions = layout.regions(lines, 1000, 1400);
    assertEquals(List.of(RegionLabels.TITLE, RegionLabels.SUB_TITLE, RegionLabels.TEXT,
        RegionLabels.TEXT), regions.stream().map(Region::label).toList());
    assertEquals("# Annual Report", regions.get(0).text());
    assertEquals("## Summary", regions.get(1).text());
    assertEquals("first line of text second line of text third line", regions.get(2).text());
    assertEquals(3, regions.get(2).lines().size());
    assertEquals(new Box(100, 220, 900, 308), regions.get(2).bbox());
  }

  @Test
  void twoColumnsUnderATitleAreReadColumnByColumn() {
    List<LayoutAnalyzer.Line> lines = new ArrayList<>();
    lines.add(line("Title across both columns", 100, 40, 1800, 60));
    for (int i = 0; i < 6; i++) { // same baselines in both columns, a paragraph break at i = 3
      int y = 140 + i * 32 + (i >= 3 ? 40 : 0);
      lines.add(line("left " + i, 100, y, 900, 24));
      lines.add(line("right " + i, 1000, y, 1800, 24));
    }
    List<Region> regions = layout.regions(lines, 1900, 1000);
    String order = String.join(" | ", regions.stream().map(Region::text).toList());
    assertEquals("# Title across both columns | left 0 left 1 left 2 | left 3 left 4 left 5"
        + " | right 0 right 1 right 2 | right 3 right 4 right 5", order);
  }

  @Test
  void alignedShortCellsBecomeATable() {
    List<LayoutAnalyzer.Line> lines = new ArrayList<>();
    lines.add(line("Item", 100, 100, 200, 20));
    lines.add(line("Qty", 600, 100, 660, 20));
    lines.add(line("Price", 800, 100, 880, 20));
    String[][] rows = {{"Paper", "2", "4.00"}, {"Toner & ink", "1", "39.90"}};
    for (int r = 0; r < rows.length; r++) {
      int y = 130 + 30 * r;
      lines.add(line(rows[r][0], 100, y, 260, 20));
      lines.add(line(rows[r][1], 620, y, 640, 20));
      lines.add(line(rows[r][2], 800, y, 880, 20));
    }
    lines.add(line("Thank you for your order, payment is due in thirty days.", 100, 260, 980, 20));
    List<Region> regions = layout.regions(lines, 1000, 400);
    assertEquals(RegionLabels.TABLE, regions.get(0).label());
    assertEquals("<table><tr><td>Item</td><td>Qty</td><td>Price</td></tr>"
        + "<tr><td>Paper</td><td>2</td><td>4.00</td></tr>"
        + "<tr><td>Toner &amp; ink</td><td>1</td><td>39.90</td></tr></table>",
        regions.get(0).text());
    assertEquals(9, regions.get(0).lines().size());
    assertEquals(RegionLabels.TEXT, regions.get(1).label());
  }

  @Test
  void aRowOfSeparateItemsIsReadLeftToRightBeforeTheNextRow() {
    List<LayoutAnalyzer.Line> lines = List.of(
        line("Total", 400, 350, 440, 16),
        line("278.61", 500, 350, 550, 16),
        line("319.00", 700, 350, 760, 16),
        line("This is a computer generated invoice.", 300, 440, 460, 16));
    List<Region> regions = layout.regions(lines, 800, 600);
    assertEquals(List.of("Total", "278.61", "319.00", "This is a computer generated invoice."),
        regions.stream().map(Region::text).toList());
    assertTrue(layout.regions(List.of(), 10, 10).isEmpty());
  }
}
