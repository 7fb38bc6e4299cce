package org.groundedocr.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.groundedocr.model.Box;
import org.groundedocr.model.Region;
import org.groundedocr.model.RegionLabels;
import org.junit.jupiter.api.Test;

/** Columns, reading order and page furniture, on line boxes laid out by the test. */
class ColumnLayoutTest {

  private final LayoutAnalyzer layout = new LayoutAnalyzer();

  static PageLine line(String text, int x1, int y1, int x2, int h) {
    return new PageLine(new Box(x1, y1, x2, y1 + h), text, h);
  }

  /**
   * {@code columns} columns of {@code rows} prose lines each, {@code gutter} pixels apart, from
   * {@code top}; a column's last line is short (a paragraph's end). Text "c{column} l{row} ...".
   */
  static List<PageLine> columns(int columns, int rows, int left, int width, int gutter, int top) {
    List<PageLine> lines = new ArrayList<>();
    int columnWidth = (width - (columns - 1) * gutter) / columns;
    for (int c = 0; c < columns; c++) {
      int x = left + c * (columnWidth + gutter);
      for (int r = 0; r < rows; r++) {
        int w = r == rows - 1 ? columnWidth / 3 : columnWidth;
        lines.add(line("c" + c + "l" + r + " words of running prose here", x, top + 32 * r, x + w, 24));
      }
    }
    return lines;
  }

  private static String order(List<Region> regions) {
    StringBuilder sb = new StringBuilder();
    for (Region r : regions) {
      for (var l : r.lines()) {
        sb.append(l.text(), 0, l.text().indexOf(' ')).append(' ');
      }
    }
    return sb.toString().strip();
  }

  private static String expectedOrder(int columns, int rows) {
    StringBuilder sb = new StringBuilder();
    for (int c = 0; c < columns; c++) {
      for (int r = 0; r < rows; r++) {
        sb.append("c").append(c).append("l").append(r).append(' ');
      }
    }
    return sb.toString().strip();
  }

  @Test
  void columnsWithANarrowGutterAreNotJoinedIntoOneLine() {
    // a gutter of one line height: closer than the widest gap between pieces of one line
    List<PageLine> lines = columns(2, 8, 100, 1800, 24, 100);
    List<Region> regions = layout.regions(lines, 2000, 1000);
    assertEquals(expectedOrder(2, 8), order(regions));
    assertTrue(regions.stream().noneMatch(r -> r.text().contains("c0l0 words of running prose here c1l0")),
        regions.toString());
  }

  @Test
  void threeToFiveColumnsOfProseAreReadColumnByColumnAndAreNoTable() {
    for (int n = 3; n <= 5; n++) {
      List<PageLine> lines = new ArrayList<>();
      lines.add(line("A title across the columns", 100, 20, 1900, 60));
      lines.addAll(columns(n, 10, 100, 1800, 40, 120));
      List<Region> regions = layout.regions(lines, 2000, 1000);
      assertEquals(RegionLabels.TITLE, regions.get(0).label(), n + " columns: " + regions);
      assertTrue(regions.stream().noneMatch(r -> r.label().equals(RegionLabels.TABLE)),
          n + " columns: " + regions);
      assertEquals(expectedOrder(n, 10), order(regions.subList(1, regions.size())), n + " columns");
    }
  }

  @Test
  void aHeadingAcrossTheColumnsIsReadBetweenTheColumnsAboveAndBelowIt() {
    List<PageLine> lines = new ArrayList<>(columns(2, 6, 100, 1800, 40, 100));
    // detection cut the heading at the word gap over the gutter: its pieces are one line again
    lines.add(line("Section two", 700, 320, 1000, 40));
    lines.add(line("across both columns", 1010, 320, 1500, 40));
    for (PageLine l : columns(2, 6, 100, 1800, 40, 400)) {
      lines.add(new PageLine(l.box(), l.text().replaceFirst("^c(\\d)", "d$1"), l.height()));
    }
    List<Region> regions = layout.regions(lines, 2000, 1000);
    String order = order(regions);
    assertEquals(expectedOrder(2, 6) + " Section " + expectedOrder(2, 6).replace('c', 'd'), order);
  }

  @Test
  void runningHeadPageNumberAndFootAreLabelledAndKeptOutOfTheBody() {
    List<PageLine> lines = new ArrayList<>();
    lines.add(line("42", 100, 40, 130, 24));
    lines.add(line("DROIT COUTUMIER OSSETIEN", 700, 40, 1200, 24));
    lines.addAll(columns(1, 12, 100, 1800, 40, 120));
    lines.add(line("- 7 -", 950, 620, 1010, 24));
    List<Region> regions = layout.regions(lines, 2000, 700);
    List<String> labels = regions.stream().map(Region::label).toList();
    assertEquals(List.of(RegionLabels.PAGE_NUMBER, RegionLabels.HEADER), labels.subList(0, 2), regions.toString());
    assertEquals(RegionLabels.PAGE_NUMBER, labels.get(labels.size() - 1));
    assertTrue(labels.subList(2, labels.size() - 1).stream().allMatch(RegionLabels.TEXT::equals), labels.toString());

    // a one-line paragraph at the top of a page, in lower case, is body text
    lines.set(1, line("the end of a paragraph from the page before.", 100, 40, 1200, 24));
    lines.remove(0);
    regions = layout.regions(lines, 2000, 700);
    assertEquals(RegionLabels.TEXT, regions.get(0).label(), regions.toString());
  }

  @Test
  void labelsBesideValuesWithoutAGutterAreReadRowByRow() {
    // two rows far apart, label and value on each: not columns, rows
    List<PageLine> lines = List.of(
        line("Total due", 100, 100, 300, 24), line("1,250.00 EUR", 1500, 100, 1750, 24),
        line("Paid on", 100, 300, 260, 24), line("12 March", 1500, 300, 1700, 24));
    List<Region> regions = layout.regions(lines, 2000, 600);
    assertEquals(List.of("Total due", "1,250.00 EUR", "Paid on", "12 March"),
        regions.stream().map(Region::text).toList());
  }

  @Test
  void gutterFinderNeedsTextOnBothSidesAndSurvivesInterruptions() {
    ColumnGutters finder = new ColumnGutters(LayoutThresholds.DEFAULTS);
    // one column with ragged line ends: no gutter
    List<PageLine> single = new ArrayList<>();
    for (int r = 0; r < 12; r++) {
      single.add(line("ragged " + r, 100, 100 + 32 * r, 900 + (r % 3) * 200, 24));
    }
    assertEquals(List.of(), finder.find(single, 24));
    // two columns interrupted by a full-width line in the middle: a gutter above and below it
    List<PageLine> two = new ArrayList<>(columns(2, 6, 100, 1800, 40, 100));
    two.add(line("across", 100, 292, 1900, 24));
    two.addAll(columns(2, 6, 100, 1800, 40, 330));
    List<Box> gutters = finder.find(two, 24);
    assertEquals(2, gutters.size(), gutters.toString());
    for (Box g : gutters) {
      assertTrue(g.x1() >= 970 && g.x2() <= 1030, g.toString()); // between the ink of the columns
    }
    assertFalse(gutters.get(0).y1() < 292 && gutters.get(0).y2() > 316, "the gutter ends at the line across");
    assertNull(ColumnGutters.tallestEmpty(new Box(0, 0, 100, 100), List.of(new Box(0, 0, 100, 100)), 1, 1));
  }
  @Test
  void twoColumnsOfEntriesWithShortLinesAreNoTable() {
    // a bulletin's entries: each ends in a short line with a number, so nearly every row has a
    // short "cell" on one side; the gutter between the columns of prose keeps rows apart
    List<PageLine> lines = new ArrayList<>();
    for (int r = 0; r < 12; r++) {
      int y = 100 + 32 * r;
      boolean leftShort = r % 3 == 2;
      boolean rightShort = r % 3 == 1;
      lines.add(line("left " + r + (leftShort ? " 7.18" + r : " entry text of the patent list"), 100, y,
          leftShort ? 300 : 980, 24));
      lines.add(line("right " + r + (rightShort ? " 7.13" + r : " entry text of the patent list"), 1020, y,
          rightShort ? 1220 : 1900, 24));
    }
    List<Region> regions = layout.regions(lines, 2000, 600);
    assertTrue(regions.stream().noneMatch(r -> r.label().equals(RegionLabels.TABLE)), regions.toString());
    String order = String.join(" ", regions.stream().map(Region::text).toList());
    assertTrue(order.indexOf("left 11") < order.indexOf("right 0"), order);
  }
}
