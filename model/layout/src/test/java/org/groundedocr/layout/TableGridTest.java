package org.groundedocr.layout;

import static org.groundedocr.layout.LayoutAnalyzerTest.line;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.groundedocr.model.Region;
import org.groundedocr.model.RegionLabels;
import org.junit.jupiter.api.Test;

/**
 * The rules of {@link TableGrid} (and the grouped header rows {@link TableFinder} takes), on lines
 * placed as detection would box them: each box reaches about 0.3 line heights past its ink.
 */
class TableGridTest {

  private final LayoutAnalyzer layout = new LayoutAnalyzer();
  private static final int H = 30;
  private static final int CHAR = 14;

  /** A detected box around {@code text} whose ink is centred on {@code cx}. */
  private static PageLine centred(String text, int cx, int y) {
    int half = CHAR * text.length() / 2 + 9;
    return line(text, cx - half, y, cx + half, H);
  }

  /** A detected box around {@code text} whose ink ends at {@code right} (a number set right). */
  private static PageLine right(String text, int right, int y) {
    return line(text, right - CHAR * text.length() - 9, y, right + 9, H);
  }

  private static PageLine left(String text, int left, int y) {
    return line(text, left - 9, y, left + CHAR * text.length() + 9, H);
  }

  private List<Region> tables(List<PageLine> lines) {
    return layout.regions(lines, 1654, 2339).stream()
        .filter(r -> RegionLabels.TABLE.equals(r.label())).toList();
  }

  @Test
  void anEmptyCellIsKeptSoValuesStayInTheirColumn() {
    List<PageLine> lines = new ArrayList<>();
    String[][] rows = {{"Item", "Qty", "Price", "Total"}, {"Paper", "2", "4.00", "8.00"},
        {"Toner", "", "39.90", "39.90"}, {"Cable", "3", "", "12.00"}};
    int[] rights = {0, 700, 950, 1200};
    for (int r = 0; r < rows.length; r++) {
      int y = 300 + 40 * r;
      lines.add(left(rows[r][0], 200, y));
      for (int c = 1; c < 4; c++) {
        if (!rows[r][c].isEmpty()) {
          lines.add(right(rows[r][c], rights[c], y));
        }
      }
    }
    List<Region> tables = tables(lines);
    assertEquals(1, tables.size());
    assertEquals("<table><tr><td>Item</td><td>Qty</td><td>Price</td><td>Total</td></tr>"
        + "<tr><td>Paper</td><td>2</td><td>4.00</td><td>8.00</td></tr>"
        + "<tr><td>Toner</td><td></td><td>39.90</td><td>39.90</td></tr>"
        + "<tr><td>Cable</td><td>3</td><td></td><td>12.00</td></tr></table>", tables.get(0).text());
  }

  private static List<PageLine> groupedTable(boolean centredSpans) {
    List<PageLine> lines = new ArrayList<>();
    // Item | Accuracy (Mean, SD) | Speed (Mean, SD) | Total; Item and Total span both header rows
    int[] cx = {250, 550, 750, 1000, 1200, 1450};
    int top = 300;
    int pitch = 45;
    int spanY = centredSpans ? top + pitch / 2 : top;
    lines.add(centred("Item", cx[0], spanY));
    lines.add(centred("Accuracy", (cx[1] + cx[2]) / 2, top));
    lines.add(centred("Speed", (cx[3] + cx[4]) / 2, top));
    lines.add(centred("Total", cx[5], spanY));
    String[] subs = {"Mean", "SD", "Mean", "SD"};
    for (int c = 0; c < 4; c++) {
      lines.add(centred(subs[c], cx[c + 1], top + pitch));
    }
    String[][] body = {{"Method A", "0.91", "0.02", "120", "4", "7.5"},
        {"Method B", "0.87", "0.05", "95", "6", "6.1"}, {"Method C", "0.78", "0.11", "60", "9", "4.0"}};
    for (int r = 0; r < body.length; r++) {
      int y = top + pitch * (2 + r);
      lines.add(left(body[r][0], 180, y));
      for (int c = 1; c < 6; c++) {
        lines.add(centred(body[r][c], cx[c], y));
      }
    }
    return lines;
  }

  private static final String GROUPED = "<table><tr><td rowspan=\"2\">Item</td>"
      + "<td colspan=\"2\">Accuracy</td><td colspan=\"2\">Speed</td><td rowspan=\"2\">Total</td></tr>"
      + "<tr><td>Mean</td><td>SD</td><td>Mean</td><td>SD</td></tr>"
      + "<tr><td>Method A</td><td>0.91</td><td>0.02</td><td>120</td><td>4</td><td>7.5</td></tr>"
      + "<tr><td>Method B</td><td>0.87</td><td>0.05</td><td>95</td><td>6</td><td>6.1</td></tr>"
      + "<tr><td>Method C</td><td>0.78</td><td>0.11</td><td>60</td><td>9</td><td>4.0</td></tr></table>";

  @Test
  void groupHeadersSpanTheirSubColumnsAndTheOtherHeadersSpanBothRows() {
    List<Region> tables = tables(groupedTable(false));
    assertEquals(1, tables.size());
    assertEquals(GROUPED, tables.get(0).text());
  }

  @Test
  void headersCentredOnTwoHeaderRowsSpanThemAndStayInTheTable() {
    List<Region> regions = layout.regions(groupedTable(true), 1654, 2339);
    assertEquals(List.of(RegionLabels.TABLE), regions.stream().map(Region::label).toList(),
        regions.toString());
    assertEquals(GROUPED, regions.get(0).text());
  }

  @Test
  void aCaptionAtTheTablesLeftEdgeIsNotAHeader() {
    List<PageLine> lines = new ArrayList<>(groupedTable(false));
    lines.add(left("Table 2", 180, 240));
    lines.replaceAll(l -> new PageLine(new org.groundedocr.model.Box(l.box().x1(), l.box().y1() + 600,
        l.box().x2(), l.box().y2() + 600), l.text(), l.height())); // mid-page: no running head
    List<Region> tables = tables(lines);
    assertEquals(1, tables.size());
    assertEquals(GROUPED, tables.get(0).text());
  }

  @Test
  void piecesOfOneCellAreOneCell() {
    // detection cut "Small Business Exchange" at a wide space: both pieces lie in one column
    List<PageLine> lines = new ArrayList<>();
    String[][] rows = {{"Item", "Description", "Amount"}, {"1", "Paper stock", "4.00"},
        {"2", "Small Business", "5.39"}, {"3", "Toner for the printer", "39.90"}};
    for (int r = 0; r < rows.length; r++) {
      int y = 300 + 40 * r;
      lines.add(left(rows[r][0], 200, y));
      lines.add(left(rows[r][1], 400, y));
      lines.add(right(rows[r][2], 1200, y));
    }
    lines.add(left("Exchange", 400 + CHAR * 15 + 40, 300 + 80));
    List<Region> tables = tables(lines);
    assertEquals(1, tables.size());
    assertEquals("<table><tr><td>Item</td><td>Description</td><td>Amount</td></tr>"
        + "<tr><td>1</td><td>Paper stock</td><td>4.00</td></tr>"
        + "<tr><td>2</td><td>Small Business Exchange</td><td>5.39</td></tr>"
        + "<tr><td>3</td><td>Toner for the printer</td><td>39.90</td></tr></table>", tables.get(0).text());
  }

  @Test
  void cellTextIsEscaped() {
    List<PageLine> lines = new ArrayList<>();
    String[][] rows = {{"Key", "Value"}, {"<script>", "\"a\" & b"}, {"x", "y"}};
    for (int r = 0; r < rows.length; r++) {
      lines.add(left(rows[r][0], 200, 300 + 40 * r));
      lines.add(left(rows[r][1], 700, 300 + 40 * r));
    }
    String html = TableGrid.of(List.of(
        List.of(List.of(lines.get(0)), List.of(lines.get(1))),
        List.of(List.of(lines.get(2)), List.of(lines.get(3)))), 0.3).html();
    assertEquals("<table><tr><td>Key</td><td>Value</td></tr>"
        + "<tr><td>&lt;script&gt;</td><td>\"a\" &amp; b</td></tr></table>", html);
  }
}
