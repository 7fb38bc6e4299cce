package org.groundedocr.layout;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.groundedocr.model.Box;

/**
 * Finds tables among a page's lines (best effort, PP-OCR has no table model). The page is first cut
 * into zones (bands without a gap of {@link LayoutThresholds#zoneGap()} line heights, cut again at
 * a vertical gutter whose two sides do not share their rows: address blocks beside a table of
 * dates, two totals tables side by side). In a zone, lines side by side on the same text row form a
 * row of cells. Three or more rows of at least two cells (two rows of three) whose cells line up
 * with the row above make a table; a one-cell line right under a cell is that cell's wrapped text
 * (an item's description on several lines), and a one-cell line inside the table's width a
 * one-cell row (a section heading). A row with a cell in an empty gutter of the rows above starts a
 * new table. The rows of a grouped header just above its sub-headers belong to the table ({@code
 * headerRows}). A row whose cells are all wider than {@link LayoutThresholds#tableCellMaxPageShare()}
 * of the page is a row of text columns, not a table row. Blocks of text set side by side on common
 * baselines (columns of prose, a footer's address columns: left-aligned lines of words, no column
 * of figures, no column of short labels beside a column of values) are not a table: their lines are
 * left to the paragraphs.
 *
 * <p>Stateless apart from its thresholds, and thread-safe.
 */
final class TableFinder {

  private final LayoutThresholds t;

  TableFinder(LayoutThresholds thresholds) {
    this.t = thresholds;
  }

  /**
   * The tables on the page, each a block that keeps its rows of cells. No row has cells on both
   * sides of a gutter between columns of prose ({@link #proseGutters}): lines of two columns of
   * text side by side are not the cells of a table, however short some of them are.
   */
  List<LayoutBlock> find(List<PageLine> lines, double body, int pageWidth, List<Box> gutters) {
    List<Box> prose = proseGutters(lines, gutters, pageWidth);
    Map<PageLine, Integer> column = new IdentityHashMap<>();
    for (PageLine l : lines) {
      int key = 0;
      for (Box g : prose) {
        if (PageLine.overlapY(g, l.box()) > -body && (g.x1() + g.x2()) / 2.0 < l.box().x1() + body) {
          key++;
        }
      }
      column.put(l, key);
    }
    List<LayoutBlock> found = new ArrayList<>();
    for (List<PageLine> zone : zones(lines, body)) {
      found.addAll(tables(zone, body, pageWidth, column));
    }
    return found;
  }

  /**
   * The gutters with running text on both sides: the lines beside each side average one and a
   * half words or more and are wider than a table's cells ({@link
   * LayoutThresholds#tableCellMaxPageShare()} of the page).
   */
  List<Box> proseGutters(List<PageLine> lines, List<Box> gutters, int pageWidth) {
    List<Box> prose = new ArrayList<>();
    for (Box g : gutters) {
      double[] words = new double[2];
      double[] width = new double[2];
      int[] n = new int[2];
      for (PageLine l : lines) {
        if (l.cy() < g.y1() || l.cy() > g.y2()) {
          continue;
        }
        int side = l.box().x2() <= (g.x1() + g.x2()) / 2 ? 0 : l.box().x1() >= (g.x1() + g.x2()) / 2 ? 1 : -1;
        if (side >= 0) {
          words[side] += l.text().strip().split("\\s+").length;
          width[side] += l.box().width();
          n[side]++;
        }
      }
      boolean bothProse = true;
      for (int s = 0; s < 2; s++) {
        bothProse &= n[s] > 0 && words[s] / n[s] >= 1.5
            && width[s] / n[s] >= t.tableCellMaxPageShare() * pageWidth;
      }
      if (bothProse) {
        prose.add(g);
      }
    }
    return prose;
  }

  /**
   * The page cut into zones that are looked at for tables one by one: bands of lines with no gap
   * of more than 2.5 line heights between them (as a table's rows may be), cut further at a vertical gutter when the lines on its two sides are not
   * set on common rows (on neither side does half of the lines have a line of the other side within
   * a quarter line height). Two things set side by side — address blocks beside a table of dates, a
   * totals table beside another — then do not mix their rows; the columns of one table, which
   * share their rows, stay one zone.
   */
  List<List<PageLine>> zones(List<PageLine> lines, double body) {
    List<PageLine> byTop = new ArrayList<>(lines);
    byTop.sort(Comparator.comparingInt(l -> l.box().y1()));
    List<List<PageLine>> bands = new ArrayList<>();
    int bottom = Integer.MIN_VALUE;
    for (PageLine l : byTop) {
      if (bands.isEmpty() || l.box().y1() - bottom > t.zoneGap() * body) {
        bands.add(new ArrayList<>());
      }
      bands.get(bands.size() - 1).add(l);
      bottom = Math.max(bottom, l.box().y2());
    }
    List<List<PageLine>> zones = new ArrayList<>();
    for (List<PageLine> band : bands) {
      List<PageLine> byLeft = new ArrayList<>(band);
      byLeft.sort(Comparator.comparingInt(l -> l.box().x1()));
      List<List<PageLine>> groups = new ArrayList<>();
      int right = Integer.MIN_VALUE;
      for (PageLine l : byLeft) {
        if (groups.isEmpty() || l.box().x1() - right > t.zoneGutter() * body) {
          groups.add(new ArrayList<>());
        }
        groups.get(groups.size() - 1).add(l);
        right = Math.max(right, l.box().x2());
      }
      List<PageLine> zone = new ArrayList<>(groups.get(0));
      for (int g = 1; g < groups.size(); g++) {
        if (!shareRows(groups.get(g - 1), groups.get(g))) {
          zones.add(zone);
          zone = new ArrayList<>();
        }
        zone.addAll(groups.get(g));
      }
      zones.add(zone);
    }
    return zones;
  }

  /**
   * Whether at least half the lines of one group have a line of the other on their row (one side
   * of a table may have wrapped lines without partners, as an item's description has).
   */
  private boolean shareRows(List<PageLine> a, List<PageLine> b) {
    return 2 * onRowsOf(a, b) >= a.size() || 2 * onRowsOf(b, a) >= b.size();
  }

  private int onRowsOf(List<PageLine> lines, List<PageLine> others) {
    int shared = 0;
    for (PageLine l : lines) {
      if (others.stream().anyMatch(
          o -> Math.abs(o.cy() - l.cy()) <= t.sharedRowCentre() * Math.min(o.height(), l.height()))) {
        shared++;
      }
    }
    return shared;
  }


  List<LayoutBlock> tables(
      List<PageLine> lines, double body, int pageWidth, Map<PageLine, Integer> column) {
    List<List<PageLine>> rows = rows(lines, column);
    List<LayoutBlock> tables = new ArrayList<>();
    int i = 0;
    int free = 0; // rows before this one belong to a table already
    while (i < rows.size()) {
      if (!isTableRow(rows.get(i), pageWidth)) {
        i++;
        continue;
      }
      List<List<List<PageLine>>> table = new ArrayList<>();
      table.add(cells(rows.get(i)));
      List<PageLine> anchor = rows.get(i); // the last row of two or more cells
      List<PageLine> previous = anchor;
      int anchors = 1;
      boolean wide = anchor.size() >= 3;
      int end = i + 1; // rows [i, end) hold the table up to its last anchor row
      int j = i + 1;
      for (; j < rows.size(); j++) {
        List<PageLine> row = rows.get(j);
        double gap = top(row) - bottom(previous);
        if (isTableRow(row, pageWidth) && continues(anchor, row, body) && gap <= t.tableRowGap() * body
            && (anchors < 2 || !fillsGutter(table, row, body))) {
          table.add(cells(row));
          anchor = row;
          anchors++;
          wide &= row.size() >= 3;
          end = j + 1;
        } else if (row.size() == 1 && gap <= t.wrappedCellGap() * body
            && cellUnder(table.get(table.size() - 1), row.get(0), body) >= 0) {
          // a wrapped line of one cell (an item's description on several lines)
          List<List<PageLine>> last = table.get(table.size() - 1);
          last.get(cellUnder(last, row.get(0), body)).add(row.get(0));
        } else if (row.size() == 1 && gap <= t.tableRowGap() * body && within(table, row.get(0))) {
          table.add(cells(row)); // a one-cell row inside the table (a section heading)
        } else {
          break;
        }
        previous = row;
      }
      // one-cell rows after the last row of several cells do not belong to the table
      int rowsInTable = table.size();
      while (table.get(rowsInTable - 1).size() == 1) {
        rowsInTable--;
      }
      List<List<List<PageLine>>> kept = new ArrayList<>(table.subList(0, rowsInTable));
      if ((anchors >= 3 || (anchors == 2 && wide)) && !proseColumns(kept, body)) {
        kept.addAll(0, headerRows(rows.subList(free, i), kept, body, pageWidth));
        tables.add(new LayoutBlock(kept));
        i = end;
        free = end;
      } else if (anchors >= 3) {
        i = end; // side-by-side text columns: their lines are left to the paragraphs
      } else {
        i++;
      }
    }
    return tables;
  }

  /**
   * The rows of a grouped header just above a table whose first row holds the sub-headers: at most
   * {@link #MAX_HEADER_ROWS} rows, each within {@link LayoutThresholds#tableRowGap()} of the row
   * under it, inside the table's width, of short cells, each a group header over two or more of
   * the table's columns or over a column that the table's first row leaves empty (a header that
   * spans the header's rows, set centred on them); a one-cell row must be a group header that
   * does not start at the table's left edge (there, it is a caption or a heading). A block of more
   * such rows above a table is a letterhead or an address, not its header: no row is taken then.
   */
  private List<List<List<PageLine>>> headerRows(List<List<PageLine>> above,
      List<List<List<PageLine>>> table, double body, int pageWidth) {
    List<int[]> columns = new ArrayList<>();
    for (List<PageLine> column : columns(table)) {
      columns.add(new int[] {column.stream().mapToInt(l -> l.box().x1()).min().orElse(0),
          column.stream().mapToInt(l -> l.box().x2()).max().orElse(0)});
    }
    int x1 = columns.stream().mapToInt(c -> c[0]).min().orElse(0);
    int x2 = columns.stream().mapToInt(c -> c[1]).max().orElse(0);
    List<PageLine> first = new ArrayList<>();
    table.get(0).forEach(cell -> first.add(cell.get(0)));
    List<List<List<PageLine>>> header = new ArrayList<>();
    List<PageLine> under = first;
    for (int k = above.size() - 1; k >= 0; k--) {
      List<PageLine> row = above.get(k);
      boolean fits = top(under) - bottom(row) <= t.tableRowGap() * body;
      for (PageLine l : row) {
        fits &= l.box().width() <= t.tableCellMaxPageShare() * pageWidth
            && l.box().x1() >= x1 - body && l.box().x2() <= x2 + body;
      }
      if (fits && row.size() == 1) {
        fits = spansColumns(row.get(0), columns) && row.get(0).box().x1() > x1 + body;
      } else if (fits) {
        for (PageLine l : row) {
          fits &= spansColumns(l, columns) || (columns.stream().anyMatch(c -> overlaps(c, l))
              && first.stream().noneMatch(f -> PageLine.overlapX(f.box(), l.box()) > 0));
        }
      }
      if (!fits) {
        break;
      }
      if (header.size() == MAX_HEADER_ROWS) {
        return List.of();
      }
      header.add(0, cells(row));
      under = row;
    }
    return header;
  }

  /**
   * Whether a line lies over two or more of the columns (a group header): it overlaps two, or its
   * centre lies in the gap between two neighbouring columns (a short group header centred over
   * widely set sub-columns may touch neither).
   */
  private static boolean spansColumns(PageLine l, List<int[]> columns) {
    if (columns.stream().filter(c -> overlaps(c, l)).count() >= 2) {
      return true;
    }
    List<int[]> sorted = new ArrayList<>(columns);
    sorted.sort(Comparator.comparingInt(c -> c[0]));
    double cx = (l.box().x1() + l.box().x2()) / 2.0;
    for (int c = 0; c + 1 < sorted.size(); c++) {
      int[] a = sorted.get(c);
      int[] b = sorted.get(c + 1);
      if (cx > a[1] && cx < b[0]) {
        return true;
      }
    }
    return false;
  }

  private static boolean overlaps(int[] column, PageLine l) {
    return Math.min(column[1], l.box().x2()) > Math.max(column[0], l.box().x1());
  }

  /** The most rows of a grouped header above its sub-headers (a group row, a row of spans). */
  static final int MAX_HEADER_ROWS = 2;

  private List<List<PageLine>> cells(List<PageLine> row) {
    List<List<PageLine>> cells = new ArrayList<>(row.size());
    for (PageLine l : row) {
      List<PageLine> cell = new ArrayList<>();
      cell.add(l);
      cells.add(cell);
    }
    return cells;
  }

  private int top(List<PageLine> row) {
    return row.stream().mapToInt(l -> l.box().y1()).min().orElse(0);
  }

  private int bottom(List<PageLine> row) {
    return row.stream().mapToInt(l -> l.box().y2()).max().orElse(0);
  }

  /**
   * The index of the one cell of {@code row} that {@code line} lies under (it overlaps that cell
   * only, and starts at most a line height left of it), or -1.
   */
  private int cellUnder(List<List<PageLine>> row, PageLine line, double body) {
    int found = -1;
    for (int c = 0; c < row.size(); c++) {
      PageLine first = row.get(c).get(0);
      if (PageLine.overlapX(first.box(), line.box()) > touching(first, line)) {
        if (found >= 0) {
          return -1;
        }
        found = c;
      }
    }
    if (found >= 0 && line.box().x1() < row.get(found).get(0).box().x1() - body) {
      return -1;
    }
    return found;
  }

  /**
   * Whether a row has a cell in an empty gutter of the rows above it (inside the table's width,
   * touching no line of it): the column structure changes there, as where a letterhead's two
   * address blocks end and an item table begins, so the rows above are judged on their own. A line
   * within {@link LayoutThresholds#fragmentGap()} of the line on its left is a piece of that cell.
   */
  private boolean fillsGutter(List<List<List<PageLine>>> table, List<PageLine> row, double body) {
    List<Box> above = new ArrayList<>();
    for (List<List<PageLine>> r : table) {
      for (List<PageLine> cell : r) {
        cell.forEach(l -> above.add(l.box()));
      }
    }
    int x1 = above.stream().mapToInt(Box::x1).min().orElse(0);
    int x2 = above.stream().mapToInt(Box::x2).max().orElse(0);
    for (int k = 0; k < row.size(); k++) {
      PageLine l = row.get(k);
      // a piece of the cell on its left (detection cut its text at a wide space) fills nothing
      boolean piece = k > 0 && l.box().x1() - row.get(k - 1).box().x2() <= t.fragmentGap() * body;
      if (!piece && l.box().x1() > x1 && l.box().x2() < x2
          && above.stream().noneMatch(b -> PageLine.overlapX(b, l.box()) > 0)) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code line} lies inside the table's width and overlaps at most one of its columns. */
  private boolean within(List<List<List<PageLine>>> table, PageLine line) {
    int x1 = Integer.MAX_VALUE;
    int x2 = Integer.MIN_VALUE;
    for (List<List<PageLine>> row : table) {
      for (List<PageLine> cell : row) {
        for (PageLine l : cell) {
          x1 = Math.min(x1, l.box().x1());
          x2 = Math.max(x2, l.box().x2());
        }
      }
    }
    if (line.box().x1() < x1 || line.box().x2() > x2) {
      return false;
    }
    for (List<List<PageLine>> row : table) {
      if (row.size() < 2) {
        continue;
      }
      long touched = row.stream()
          .filter(c -> PageLine.overlapX(c.get(0).box(), line.box()) > touching(c.get(0), line)).count();
      if (touched > 1) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether a grid of cells is really blocks of text set side by side (a letterhead's or footer's
   * address columns, columns of prose) rather than a table: two to
   * {@link LayoutThresholds#maxProseColumns()} columns of at least three lines, none of them
   * figures, every column left-aligned text of one and a half words a line or more (more columns:
   * every column running text of {@link LayoutThresholds#proseWordsPerLine()} words a line), and no
   * column of short labels without digits just left of a column of dates and amounts (that is a
   * table of keys and values). Such blocks are read one
   * after the other, each whole; a table of figures is kept a table.
   */
  private boolean proseColumns(List<List<List<PageLine>>> grid, double body) {
    List<List<PageLine>> columns = columns(grid);
    if (columns.size() < 2) {
      return false;
    }
    columns.sort(Comparator.comparingInt(c -> c.stream().mapToInt(l -> l.box().x1()).min().orElse(0)));
    double[] digitShare = new double[columns.size()];
    double[] wordsPerLine = new double[columns.size()];
    for (int c = 0; c < columns.size(); c++) {
      List<PageLine> column = columns.get(c);
      if (column.size() < 3) {
        return false;
      }
      int numeric = 0;
      int words = 0;
      int withDigits = 0;
      int left = column.stream().mapToInt(l -> l.box().x1()).min().orElse(0);
      int aligned = 0;
      for (PageLine l : column) {
        if (numeric(l.text())) {
          numeric++;
        }
        if (l.text().chars().anyMatch(Character::isDigit)) {
          withDigits++;
        }
        words += l.text().strip().split("\\s+").length;
        if (l.box().x1() - left <= 0.5 * body) {
          aligned++;
        }
      }
      if (2 * numeric >= column.size() || 2 * words < 3 * column.size()
          || aligned < 0.8 * column.size()) {
        return false;
      }
      digitShare[c] = (double) withDigits / column.size();
      wordsPerLine[c] = (double) words / column.size();
      if (columns.size() > t.maxProseColumns() && wordsPerLine[c] < t.proseWordsPerLine()) {
        return false;
      }
    }
    // labels beside values: a column of short labels without a digit (Date:, Payment Terms:)
    // just left of a column of dates, numbers and amounts is a table of keys and values
    for (int c = 0; c + 1 < columns.size(); c++) {
      if (digitShare[c] == 0 && wordsPerLine[c] <= 2 && digitShare[c + 1] >= 0.5) {
        return false;
      }
    }
    return true;
  }


  /** The grid's cells (their first lines) gathered into columns of cells that overlap along x. */
  private List<List<PageLine>> columns(List<List<List<PageLine>>> grid) {
    List<List<PageLine>> columns = new ArrayList<>();
    List<int[]> spans = new ArrayList<>();
    for (List<List<PageLine>> row : grid) {
      for (List<PageLine> cell : row) {
        PageLine l = cell.get(0);
        int hit = -1;
        for (int c = 0; c < spans.size(); c++) {
          int[] span = spans.get(c);
          if (Math.min(span[1], l.box().x2()) > Math.max(span[0], l.box().x1())) {
            if (hit < 0) {
              hit = c;
            } else { // the cell bridges two columns: they are one
              spans.get(hit)[0] = Math.min(spans.get(hit)[0], span[0]);
              spans.get(hit)[1] = Math.max(spans.get(hit)[1], span[1]);
              columns.get(hit).addAll(columns.remove(c));
              spans.remove(c);
              c--;
            }
          }
        }
        if (hit < 0) {
          spans.add(new int[] {l.box().x1(), l.box().x2()});
          columns.add(new ArrayList<>());
          hit = spans.size() - 1;
        }
        spans.get(hit)[0] = Math.min(spans.get(hit)[0], l.box().x1());
        spans.get(hit)[1] = Math.max(spans.get(hit)[1], l.box().x2());
        columns.get(hit).add(l);
      }
    }
    return columns;
  }

  /** A figure rather than words: more digits than letters. */
  static boolean numeric(String text) {
    int digits = 0;
    int letters = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isDigit(c)) {
        digits++;
      } else if (Character.isLetter(c)) {
        letters++;
      }
    }
    return digits > letters;
  }


  /** How far the boxes of two lines may overlap along x and still be side by side. */
  private double touching(PageLine a, PageLine b) {
    return t.sideBySideOverlap() * Math.min(a.height(), b.height());
  }

  /** Lines grouped into text rows (centres within half a line height, side by side), top down. */
  /** {@code column}: which side of the prose gutters each line is on; a row keeps to one. */
  private List<List<PageLine>> rows(List<PageLine> lines, Map<PageLine, Integer> column) {
    List<PageLine> byCentre = new ArrayList<>(lines);
    byCentre.sort(Comparator.comparingDouble(PageLine::cy));
    List<List<PageLine>> rows = new ArrayList<>();
    List<PageLine> row = null;
    double rowCy = 0;
    double rowH = 0;
    for (PageLine l : byCentre) {
      if (row != null
          && row.stream().allMatch(o -> column.get(o).equals(column.get(l)))
          && Math.abs(l.cy() - rowCy) <= t.rowCentre() * Math.min(l.height(), rowH)
          && row.stream().noneMatch(o -> PageLine.overlapX(o.box(), l.box()) > touching(o, l))) {
        row.add(l);
        rowCy = row.stream().mapToDouble(PageLine::cy).average().orElse(rowCy);
      } else {
        row = new ArrayList<>();
        row.add(l);
        rows.add(row);
        rowCy = l.cy();
        rowH = l.height();
      }
    }
    for (List<PageLine> r : rows) {
      r.sort(Comparator.comparingInt(l -> l.box().x1()));
    }
    return rows;
  }

  private boolean isTableRow(List<PageLine> row, int pageWidth) {
    return row.size() >= 2 && row.stream().anyMatch(l -> l.box().width() <= t.tableCellMaxPageShare() * pageWidth);
  }

  /**
   * Whether row {@code below} continues the table whose last row of several cells is {@code
   * above}: two of its cells line up with cells of that row. (How close it is, is the caller's.)
   */
  private boolean continues(List<PageLine> above, List<PageLine> below, double body) {
    int aligned = 0;
    for (PageLine b : below) {
      for (PageLine a : above) {
        if (PageLine.overlapX(a.box(), b.box()) > 0
            || Math.abs(a.box().x1() - b.box().x1()) <= body
            || Math.abs(a.box().x2() - b.box().x2()) <= body) {
          aligned++;
          break;
        }
      }
    }
    return aligned >= 2;
  }
}
