package org.groundedocr.layout;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A table's rows of cells (as {@link TableFinder} groups them) placed on one grid, so that every
 * row has the table's column count and a value stays in its column:
 *
 * <ol>
 *   <li><b>Columns</b> are cut at the table's vertical whitespace: runs of x that no row of values
 *       crosses (see {@link #columnSpans}), whatever the cells' alignment (left, right, centred).
 *       A cell that reaches over a cut spans both columns ({@code colspan}): a group header over
 *       its sub-headers.
 *   <li><b>Empty cells</b>: a column that a row has no cell in gets an empty cell there.
 *   <li><b>Pieces of one cell</b>: two pieces of a row in the same column (detection cut a cell's
 *       text at a wide space) are one cell, read piece after piece, each with its wrapped lines.
 *   <li><b>Row spans</b>: a row whose cells lie in columns that are empty in the rows above and
 *       below it, set between them (those two rows are less than {@link #SPAN_PITCH} row pitches
 *       apart), holds cells that span both rows: a header centred on the two rows of a grouped
 *       header. And under a row of group headers (a cell spanning columns), a header of that row
 *       over an empty cell of the next row spans both rows.
 * </ol>
 *
 * <p>A value, made once per table and then read only.
 */
final class TableGrid {

  /**
   * Two rows with a row between them are one row pitch apart when that row's cells span them;
   * they are two pitches apart when it is a row of its own with empty cells around it.
   */
  static final double SPAN_PITCH = 1.5;

  /** A cell of the grid: where it starts, how far it spans, its lines (none: an empty cell). */
  record Cell(int row, int column, int rowspan, int colspan, List<PageLine> lines) {
    String text() {
      return PageLine.joinedText(lines);
    }
  }

  final int columns;
  /** The grid's rows, each its cells left to right (a cell spanning rows is in its first row). */
  final List<List<Cell>> rows;

  private TableGrid(int columns, List<List<Cell>> rows) {
    this.columns = columns;
    this.rows = rows;
  }

  /**
   * The grid of a table's rows of cells (each cell its lines, the first one on the row); {@code
   * boxGrowth}: how far detection grows a line's box past its ink at each end, in line heights.
   */
  static TableGrid of(List<List<List<PageLine>>> tableRows, double boxGrowth) {
    List<int[]> spans = columnSpans(tableRows, boxGrowth);
    int n = spans.size();
    // each row's cells on their columns: pieces in one column joined
    List<Slot[]> slots = new ArrayList<>();
    for (List<List<PageLine>> row : tableRows) {
      Slot[] placed = new Slot[n];
      for (List<PageLine> cell : row) {
        int[] range = covered(ink(cell, boxGrowth), spans, cell.get(0).height());
        Slot s = placed[range[0]];
        if (s != null) {
          s.lines.addAll(cell);
          s.last = Math.max(s.last, range[1]);
        } else {
          placed[range[0]] = new Slot(new ArrayList<>(cell), range[0], range[1]);
        }
      }
      slots.add(placed);
    }
    // a span overlapped by a later cell of its row ends before that cell
    for (Slot[] row : slots) {
      for (int c = 0; c < n; c++) {
        if (row[c] != null) {
          for (int k = c + 1; k <= row[c].last; k++) {
            if (row[k] != null) {
              row[c].last = k - 1;
              break;
            }
          }
        }
      }
    }
    List<Band> bands = bands(tableRows);
    mergeCentredSpans(slots, bands, n);
    return new TableGrid(n, cells(slots, n));
  }

  /** A row's cell while the grid is built. */
  private static final class Slot {
    final List<PageLine> lines;
    final int first;
    int last;
    int rowspan = 1;

    Slot(List<PageLine> lines, int first, int last) {
      this.lines = lines;
      this.first = first;
      this.last = last;
    }
  }

  /** Where a table row lies: the mean centre of its cells' first lines. */
  private record Band(double cy) {}

  private static List<Band> bands(List<List<List<PageLine>>> tableRows) {
    List<Band> bands = new ArrayList<>();
    for (List<List<PageLine>> row : tableRows) {
      double cy = 0;
      for (List<PageLine> cell : row) {
        cy += cell.get(0).cy();
      }
      bands.add(new Band(cy / row.size()));
    }
    return bands;
  }

  /**
   * Moves a row whose cells sit, centred, between the rows above and below it (in columns empty in
   * both) into the row above as cells spanning both rows; then, under a row of group headers, a
   * header over an empty cell of the next row spans down.
   */
  private static void mergeCentredSpans(List<Slot[]> slots, List<Band> bands, int n) {
    double pitch = medianPitch(bands);
    for (int r = 1; r + 1 < slots.size(); r++) {
      Slot[] above = slots.get(r - 1);
      Slot[] middle = slots.get(r);
      Slot[] below = slots.get(r + 1);
      boolean free = true;
      boolean any = false;
      for (int c = 0; c < n; c++) {
        if (middle[c] != null) {
          any = true;
          for (int k = middle[c].first; k <= middle[c].last; k++) {
            free &= !occupied(above, k) && !occupied(below, k);
          }
        }
      }
      if (!any || !free || bands.get(r + 1).cy() - bands.get(r - 1).cy() > SPAN_PITCH * pitch) {
        continue;
      }
      for (int c = 0; c < n; c++) {
        if (middle[c] != null) {
          middle[c].rowspan = 2;
          above[c] = middle[c];
        }
      }
      slots.remove(r);
      bands.remove(r);
    }
    for (int r = 0; r + 1 < slots.size(); r++) {
      Slot[] row = slots.get(r);
      Slot[] next = slots.get(r + 1);
      boolean groups = false;
      for (Slot s : row) {
        groups |= s != null && s.last > s.first && s.rowspan == 1;
      }
      if (!groups) {
        continue;
      }
      for (int c = 0; c < n; c++) {
        Slot s = row[c];
        if (s != null && s.rowspan == 1 && s.first == s.last && !occupied(next, c)) {
          s.rowspan = 2;
        }
      }
    }
  }

  private static double medianPitch(List<Band> bands) {
    if (bands.size() < 2) {
      return Double.MAX_VALUE;
    }
    double[] steps = new double[bands.size() - 1];
    for (int i = 1; i < bands.size(); i++) {
      steps[i - 1] = bands.get(i).cy() - bands.get(i - 1).cy();
    }
    Arrays.sort(steps);
    return steps[steps.length / 2];
  }

  /** Whether column {@code c} of a row holds a cell (that starts there or spans it). */
  private static boolean occupied(Slot[] row, int c) {
    for (Slot s : row) {
      if (s != null && s.first <= c && c <= s.last) {
        return true;
      }
    }
    return false;
  }

  /** The grid's cells, empty ones where a column of a row is neither filled nor spanned. */
  private static List<List<Cell>> cells(List<Slot[]> slots, int n) {
    boolean[][] covered = new boolean[slots.size()][n];
    List<List<Cell>> rows = new ArrayList<>();
    for (int r = 0; r < slots.size(); r++) {
      List<Cell> row = new ArrayList<>();
      Slot[] placed = slots.get(r);
      for (int c = 0; c < n; c++) {
        if (covered[r][c]) {
          continue;
        }
        Slot s = placed[c];
        if (s == null) {
          row.add(new Cell(r, c, 1, 1, List.of()));
          continue;
        }
        int rowspan = Math.min(s.rowspan, slots.size() - r);
        for (int dr = 0; dr < rowspan; dr++) {
          for (int k = s.first; k <= s.last; k++) {
            covered[r + dr][k] = true;
          }
        }
        row.add(new Cell(r, c, rowspan, s.last - s.first + 1, List.copyOf(s.lines)));
      }
      rows.add(List.copyOf(row));
    }
    return List.copyOf(rows);
  }

  /** The x-range of a cell's ink: its lines' boxes less detection's growth. */
  private static int[] ink(List<PageLine> cell, double boxGrowth) {
    int x1 = Integer.MAX_VALUE;
    int x2 = Integer.MIN_VALUE;
    for (PageLine l : cell) {
      // a short box (one digit) is mostly growth: take off at most a quarter of its width a side
      int grow = (int) Math.round(Math.min(boxGrowth * l.height(), l.box().width() / 4.0));
      int a = l.box().x1() + grow;
      int b = Math.max(a + 1, l.box().x2() - grow);
      x1 = Math.min(x1, a);
      x2 = Math.max(x2, b);
    }
    return new int[] {x1, x2};
  }

  /**
   * The columns, left to right, as x-ranges that meet at the cuts between them. A cut lies in a
   * run of x, at least {@link #MIN_GUTTER} line heights wide, that no ink of a row of values
   * crosses (only a header's first {@link #HEADER_ROWS} rows and one-cell rows may: group headers,
   * section headings), at the run's middle.
   */
  private static List<int[]> columnSpans(List<List<List<PageLine>>> tableRows, double boxGrowth) {
    int x1 = Integer.MAX_VALUE;
    int x2 = Integer.MIN_VALUE;
    List<Double> heights = new ArrayList<>();
    for (List<List<PageLine>> row : tableRows) {
      for (List<PageLine> cell : row) {
        int[] ink = ink(cell, boxGrowth);
        x1 = Math.min(x1, ink[0]);
        x2 = Math.max(x2, ink[1]);
        cell.forEach(l -> heights.add(l.height()));
      }
    }
    double height = heights.stream().mapToDouble(Double::doubleValue).sorted().toArray()[heights.size() / 2];
    // the rows whose ink no cut may cross: all but a grouped header's first rows and one-cell rows
    // (a section heading across the table)
    boolean[] bound = new boolean[x2 - x1];
    boolean valuesBelowHeader = false;
    for (int r = HEADER_ROWS; r < tableRows.size(); r++) {
      valuesBelowHeader |= tableRows.get(r).size() > 1;
    }
    for (int r = 0; r < tableRows.size(); r++) {
      List<List<PageLine>> row = tableRows.get(r);
      // a table too short for a header and rows of values: every row of several cells binds
      boolean binding = row.size() > 1 && (r >= HEADER_ROWS || !valuesBelowHeader);
      if (!binding) {
        continue;
      }
      for (List<PageLine> cell : row) {
        for (PageLine l : cell) {
          int[] ink = ink(List.of(l), boxGrowth);
          Arrays.fill(bound, ink[0] - x1, ink[1] - x1, true);
        }
      }
    }
    int minRun = (int) Math.max(2, Math.round(MIN_GUTTER * height));
    List<Integer> cuts = new ArrayList<>();
    int x = 0;
    while (x < bound.length) {
      if (bound[x]) {
        x++;
        continue;
      }
      int start = x;
      while (x < bound.length && !bound[x]) {
        x++;
      }
      if (x - start >= minRun && start > 0 && x < bound.length) {
        cuts.add(x1 + (start + x) / 2);
      }
    }
    List<int[]> spans = new ArrayList<>();
    int from = x1;
    for (int cut : cuts) {
      spans.add(new int[] {from, cut});
      from = cut;
    }
    spans.add(new int[] {from, x2});
    return spans;
  }

  /** The rows at the top of a table that may hold headers spanning columns. */
  static final int HEADER_ROWS = 2;

  /**
   * The narrowest whitespace between two columns, in line heights: invoices set columns as close
   * as a few pixels of ink apart.
   */
  static final double MIN_GUTTER = 0.1;

  /**
   * The first and last column a cell's ink lies in: it spans a cut when it reaches past it by more
   * than a quarter of a line height on both sides.
   */
  private static int[] covered(int[] ink, List<int[]> spans, double height) {
    double tolerance = 0.25 * height;
    int first = -1;
    int last = -1;
    for (int c = 0; c < spans.size(); c++) {
      int[] s = spans.get(c);
      double overlap = Math.min(s[1], ink[1]) - Math.max(s[0], ink[0]);
      if (overlap > Math.min(tolerance, (ink[1] - ink[0]) / 2.0)) {
        if (first < 0) {
          first = c;
        }
        last = c;
      }
    }
    if (first >= 0) {
      return new int[] {first, last};
    }
    int nearest = 0;
    double best = Double.MAX_VALUE;
    double mid = (ink[0] + ink[1]) / 2.0;
    for (int c = 0; c < spans.size(); c++) {
      double d = Math.abs((spans.get(c)[0] + spans.get(c)[1]) / 2.0 - mid);
      if (d < best) {
        best = d;
        nearest = c;
      }
    }
    return new int[] {nearest, nearest};
  }

  /** The grid as an HTML table, every text escaped; empty cells kept. */
  String html() {
    StringBuilder html = new StringBuilder("<table>");
    for (List<Cell> row : rows) {
      html.append("<tr>");
      for (Cell cell : row) {
        html.append("<td");
        if (cell.colspan() > 1) {
          html.append(" colspan=\"").append(cell.colspan()).append('"');
        }
        if (cell.rowspan() > 1) {
          html.append(" rowspan=\"").append(cell.rowspan()).append('"');
        }
        html.append('>').append(escapeHtml(cell.text())).append("</td>");
      }
      html.append("</tr>");
    }
    return html.append("</table>").toString();
  }

  /** Element content needs {@code & < >} escaped; quotes stay as printed (no attribute holds text). */
  static String escapeHtml(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
