package org.groundedocr.ppocr;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.groundedocr.model.Box;
import org.groundedocr.model.Region;
import org.groundedocr.model.RegionLabels;
import org.groundedocr.model.TextLine;

/**
 * Groups recognised lines into layout regions in reading order, with simple rules that are easy to
 * predict (PP-OCR has no layout model):
 *
 * <ol>
 *   <li><b>Body size.</b> The body line height is the median line height, weighted by characters.
 *   <li><b>Tables</b> (best effort). The page is first cut into zones (bands without a gap of
 *       2.5 line heights, cut again at a vertical gutter whose two sides do not share their rows:
 *       address blocks beside a table of dates, two totals tables side by side). In a zone, lines
 *       side by side on the same text row form a row of cells. Three or more rows of at least two
 *       cells (two rows of three) whose cells line up with the row above make a {@code table},
 *       written as an HTML table; a one-cell line right under a cell is that cell's wrapped text (an
 *       item's description on several lines), and a one-cell line inside the table's width a
 *       one-cell row (a section heading). A row with a cell in an empty gutter of the rows above
 *       starts a new table. A row whose cells are all wider than a fifth of the page is taken for
 *       a row of text columns, not a table row. Blocks of text set side by side on common
 *       baselines (a footer's address columns: left-aligned lines of words, no column of figures,
 *       no column of short labels beside a column of values) are not a table: each block is read
 *       whole, as a paragraph.
 *   <li><b>Line pieces.</b> Outside tables, a piece that starts on the same row at most 1.5 line
 *       heights after another piece's end (detection cuts lines at wide gaps: "Label:  value", a
 *       sentence gap in monospace) is joined to it as one line.
 *   <li><b>Paragraphs.</b> A line joins the block above it when the gap is under 0.8 line heights,
 *       the taller is at most 1.45 times the shorter (descenders and capitals vary a line box by
 *       about a third) and the two lines overlap horizontally by half the
 *       narrower one or start at the same x (within a line height), and, in a block of two or
 *       more lines, the step from the block's last line is at most 1.6 times the block's line pitch
 *       (a blank line between paragraphs of small print).
 *   <li><b>Reading order.</b> Recursive cuts along empty gaps: horizontal gaps split the page into
 *       bands read top to bottom; a band with no such gap is split at vertical gutters (a run of x
 *       no block touches, at least one body height wide) into columns read left to right.
 *       Consecutive bands that both hold paragraphs side by side and share a gutter are one
 *       multi-column section, read column by column, so that columns under a full-width title are
 *       not read row by row, while rows of single-line items (an invoice's totals) stay rows.
 *   <li><b>Labels.</b> A block of at most three lines whose lines are at least 1.6 times the body
 *       height is a heading: the largest such text on the page is the {@code title}, the others
 *       (and blocks from 1.25 times) are {@code sub_title}; everything else is {@code text}.
 * </ol>
 *
 * <p>Stateless and thread-safe.
 */
final class LayoutAnalyzer {

  /** Widest gap, in line heights, between two pieces of one line (see {@link #joinFragments}). */
  static final double FRAGMENT_GAP = 1.5;

  /**
   * A recognised line: the box the analysis works on, its text, its text height in pixels, and its
   * box on the page. The two boxes differ on a skewed page, which is analysed in a frame turned by
   * the skew (see {@link PageSkew}) so that rows and columns are horizontal and vertical there; the
   * output always carries the page boxes.
   */
  record Line(Box box, String text, double height, Box pageBox) {
    Line(Box box, String text, double height) {
      this(box, text, height, box);
    }

    double cy() {
      return (box.y1() + box.y2()) / 2.0;
    }
  }

  /** A block of lines in reading order with its label; tables keep their rows. */
  private static final class Block {
    final List<Line> lines = new ArrayList<>();
    List<List<List<Line>>> rows; // non-null for tables: rows of cells of lines
    Box box;
    String label = RegionLabels.TEXT;

    Block(Line first) {
      add(first);
    }

    Block(List<List<List<Line>>> tableRows) {
      rows = tableRows;
      for (List<List<Line>> row : tableRows) {
        for (List<Line> cell : row) {
          cell.forEach(this::add);
        }
      }
      label = RegionLabels.TABLE;
    }

    void add(Line l) {
      lines.add(l);
      box = box == null ? l.box() : box.union(l.box());
    }

    Line last() {
      return lines.get(lines.size() - 1);
    }

    double medianHeight() {
      double[] h = lines.stream().mapToDouble(Line::height).sorted().toArray();
      return h[h.length / 2];
    }
  }

  List<Region> regions(List<Line> lines, int pageWidth, int pageHeight) {
    if (lines.isEmpty()) {
      return List.of();
    }
    double body = bodyHeight(lines);
    List<Line> rest = new ArrayList<>(lines);
    List<Block> blocks = new ArrayList<>();
    for (List<Line> zone : zones(lines, body)) {
      blocks.addAll(tables(zone, body, pageWidth));
    }
    for (Block t : blocks) {
      rest.removeAll(t.lines);
    }
    blocks.addAll(paragraphs(joinFragments(rest)));
    label(blocks, body);
    List<Block> ordered = new ArrayList<>();
    order(blocks, body, ordered);
    List<Region> regions = new ArrayList<>(ordered.size());
    for (Block b : ordered) {
      regions.add(region(b));
    }
    return regions;
  }

  // ---- body size ------------------------------------------------------------------------------

  static double bodyHeight(List<Line> lines) {
    List<Line> byHeight = new ArrayList<>(lines);
    byHeight.sort(Comparator.comparingDouble(Line::height));
    long total = 0;
    for (Line l : byHeight) {
      total += Math.max(1, l.text().length());
    }
    long seen = 0;
    for (Line l : byHeight) {
      seen += Math.max(1, l.text().length());
      if (2 * seen >= total) {
        return Math.max(1, l.height());
      }
    }
    return Math.max(1, byHeight.get(byHeight.size() - 1).height());
  }

  // ---- tables ---------------------------------------------------------------------------------

  /**
   * The page cut into zones that are looked at for tables one by one: bands of lines with no gap
   * of more than 2.5 line heights between them (as a table's rows may be), cut further at a vertical gutter when the lines on its two sides are not
   * set on common rows (on neither side does half of the lines have a line of the other side within
   * a quarter line height). Two things set side by side — address blocks beside a table of dates, a
   * totals table beside another — then do not mix their rows; the columns of one table, which
   * share their rows, stay one zone.
   */
  static List<List<Line>> zones(List<Line> lines, double body) {
    List<Line> byTop = new ArrayList<>(lines);
    byTop.sort(Comparator.comparingInt(l -> l.box().y1()));
    List<List<Line>> bands = new ArrayList<>();
    int bottom = Integer.MIN_VALUE;
    for (Line l : byTop) {
      if (bands.isEmpty() || l.box().y1() - bottom > 2.5 * body) {
        bands.add(new ArrayList<>());
      }
      bands.get(bands.size() - 1).add(l);
      bottom = Math.max(bottom, l.box().y2());
    }
    List<List<Line>> zones = new ArrayList<>();
    for (List<Line> band : bands) {
      List<Line> byLeft = new ArrayList<>(band);
      byLeft.sort(Comparator.comparingInt(l -> l.box().x1()));
      List<List<Line>> groups = new ArrayList<>();
      int right = Integer.MIN_VALUE;
      for (Line l : byLeft) {
        if (groups.isEmpty() || l.box().x1() - right > body) {
          groups.add(new ArrayList<>());
        }
        groups.get(groups.size() - 1).add(l);
        right = Math.max(right, l.box().x2());
      }
      List<Line> zone = new ArrayList<>(groups.get(0));
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
  private static boolean shareRows(List<Line> a, List<Line> b) {
    return 2 * onRowsOf(a, b) >= a.size() || 2 * onRowsOf(b, a) >= b.size();
  }

  private static int onRowsOf(List<Line> lines, List<Line> others) {
    int shared = 0;
    for (Line l : lines) {
      if (others.stream().anyMatch(
          o -> Math.abs(o.cy() - l.cy()) <= 0.25 * Math.min(o.height(), l.height()))) {
        shared++;
      }
    }
    return shared;
  }


  private static List<Block> tables(List<Line> lines, double body, int pageWidth) {
    List<List<Line>> rows = rows(lines);
    List<Block> tables = new ArrayList<>();
    int i = 0;
    while (i < rows.size()) {
      if (!isTableRow(rows.get(i), pageWidth)) {
        i++;
        continue;
      }
      List<List<List<Line>>> table = new ArrayList<>();
      table.add(cells(rows.get(i)));
      List<Line> anchor = rows.get(i); // the last row of two or more cells
      List<Line> previous = anchor;
      int anchors = 1;
      boolean wide = anchor.size() >= 3;
      int end = i + 1; // rows [i, end) hold the table up to its last anchor row
      int j = i + 1;
      for (; j < rows.size(); j++) {
        List<Line> row = rows.get(j);
        double gap = top(row) - bottom(previous);
        if (isTableRow(row, pageWidth) && continues(anchor, row, body) && gap <= 2.5 * body
            && (anchors < 2 || !fillsGutter(table, row))) {
          table.add(cells(row));
          anchor = row;
          anchors++;
          wide &= row.size() >= 3;
          end = j + 1;
        } else if (row.size() == 1 && gap <= 0.8 * body
            && cellUnder(table.get(table.size() - 1), row.get(0), body) >= 0) {
          // a wrapped line of one cell (an item's description on several lines)
          List<List<Line>> last = table.get(table.size() - 1);
          last.get(cellUnder(last, row.get(0), body)).add(row.get(0));
        } else if (row.size() == 1 && gap <= 2.5 * body && within(table, row.get(0))) {
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
      List<List<List<Line>>> kept = new ArrayList<>(table.subList(0, rowsInTable));
      if ((anchors >= 3 || (anchors == 2 && wide)) && !proseColumns(kept, body)) {
        tables.add(new Block(kept));
        i = end;
      } else if (anchors >= 3) {
        i = end; // side-by-side text columns: their lines are left to the paragraphs
      } else {
        i++;
      }
    }
    return tables;
  }

  private static List<List<Line>> cells(List<Line> row) {
    List<List<Line>> cells = new ArrayList<>(row.size());
    for (Line l : row) {
      List<Line> cell = new ArrayList<>();
      cell.add(l);
      cells.add(cell);
    }
    return cells;
  }

  private static int top(List<Line> row) {
    return row.stream().mapToInt(l -> l.box().y1()).min().orElse(0);
  }

  private static int bottom(List<Line> row) {
    return row.stream().mapToInt(l -> l.box().y2()).max().orElse(0);
  }

  /**
   * The index of the one cell of {@code row} that {@code line} lies under (it overlaps that cell
   * only, and starts at most a line height left of it), or -1.
   */
  private static int cellUnder(List<List<Line>> row, Line line, double body) {
    int found = -1;
    for (int c = 0; c < row.size(); c++) {
      Line first = row.get(c).get(0);
      if (overlapX(first.box(), line.box()) > touching(first, line)) {
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
   * address blocks end and an item table begins, so the rows above are judged on their own.
   */
  private static boolean fillsGutter(List<List<List<Line>>> table, List<Line> row) {
    List<Box> above = new ArrayList<>();
    for (List<List<Line>> r : table) {
      for (List<Line> cell : r) {
        cell.forEach(l -> above.add(l.box()));
      }
    }
    int x1 = above.stream().mapToInt(Box::x1).min().orElse(0);
    int x2 = above.stream().mapToInt(Box::x2).max().orElse(0);
    for (Line l : row) {
      if (l.box().x1() > x1 && l.box().x2() < x2
          && above.stream().noneMatch(b -> overlapX(b, l.box()) > 0)) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code line} lies inside the table's width and overlaps at most one of its columns. */
  private static boolean within(List<List<List<Line>>> table, Line line) {
    int x1 = Integer.MAX_VALUE;
    int x2 = Integer.MIN_VALUE;
    for (List<List<Line>> row : table) {
      for (List<Line> cell : row) {
        for (Line l : cell) {
          x1 = Math.min(x1, l.box().x1());
          x2 = Math.max(x2, l.box().x2());
        }
      }
    }
    if (line.box().x1() < x1 || line.box().x2() > x2) {
      return false;
    }
    for (List<List<Line>> row : table) {
      if (row.size() < 2) {
        continue;
      }
      long touched = row.stream()
          .filter(c -> overlapX(c.get(0).box(), line.box()) > touching(c.get(0), line)).count();
      if (touched > 1) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether a grid of cells is really blocks of text set side by side (a letterhead's or footer's
   * address columns) rather than a table: two to four columns of at least three lines, none of
   * them figures, every column left-aligned text of one and a half words a line or more, and no
   * column of short labels without digits just left of a column of dates and amounts (that is a
   * table of keys and values). Such blocks are read one
   * after the other, each whole; a table of figures is kept a table.
   */
  private static boolean proseColumns(List<List<List<Line>>> grid, double body) {
    List<List<Line>> columns = columns(grid);
    if (columns.size() < 2 || columns.size() > 4) {
      return false;
    }
    columns.sort(Comparator.comparingInt(c -> c.stream().mapToInt(l -> l.box().x1()).min().orElse(0)));
    double[] digitShare = new double[columns.size()];
    double[] wordsPerLine = new double[columns.size()];
    for (int c = 0; c < columns.size(); c++) {
      List<Line> column = columns.get(c);
      if (column.size() < 3) {
        return false;
      }
      int numeric = 0;
      int words = 0;
      int withDigits = 0;
      int left = column.stream().mapToInt(l -> l.box().x1()).min().orElse(0);
      int aligned = 0;
      for (Line l : column) {
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
  private static List<List<Line>> columns(List<List<List<Line>>> grid) {
    List<List<Line>> columns = new ArrayList<>();
    List<int[]> spans = new ArrayList<>();
    for (List<List<Line>> row : grid) {
      for (List<Line> cell : row) {
        Line l = cell.get(0);
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

  /**
   * How far (in line heights) the boxes of two words side by side may overlap: detected boxes are
   * grown around the ink by about 0.4 line heights on each side, so closely set columns (a price
   * beside a tax rate) touch or overlap although their ink does not.
   */
  static final double SIDE_BY_SIDE_OVERLAP = 0.6;

  /** How far the boxes of two lines may overlap along x and still be side by side. */
  private static double touching(Line a, Line b) {
    return SIDE_BY_SIDE_OVERLAP * Math.min(a.height(), b.height());
  }

  /** Lines grouped into text rows (centres within half a line height, side by side), top down. */
  private static List<List<Line>> rows(List<Line> lines) {
    List<Line> byCentre = new ArrayList<>(lines);
    byCentre.sort(Comparator.comparingDouble(Line::cy));
    List<List<Line>> rows = new ArrayList<>();
    List<Line> row = null;
    double rowCy = 0;
    double rowH = 0;
    for (Line l : byCentre) {
      if (row != null
          && Math.abs(l.cy() - rowCy) <= 0.5 * Math.min(l.height(), rowH)
          && row.stream().noneMatch(o -> overlapX(o.box(), l.box()) > touching(o, l))) {
        row.add(l);
        rowCy = row.stream().mapToDouble(Line::cy).average().orElse(rowCy);
      } else {
        row = new ArrayList<>();
        row.add(l);
        rows.add(row);
        rowCy = l.cy();
        rowH = l.height();
      }
    }
    for (List<Line> r : rows) {
      r.sort(Comparator.comparingInt(l -> l.box().x1()));
    }
    return rows;
  }

  private static boolean isTableRow(List<Line> row, int pageWidth) {
    return row.size() >= 2 && row.stream().anyMatch(l -> l.box().width() <= pageWidth / 5);
  }

  /**
   * Whether row {@code below} continues the table whose last row of several cells is {@code
   * above}: two of its cells line up with cells of that row. (How close it is, is the caller's.)
   */
  private static boolean continues(List<Line> above, List<Line> below, double body) {
    int aligned = 0;
    for (Line b : below) {
      for (Line a : above) {
        if (overlapX(a.box(), b.box()) > 0
            || Math.abs(a.box().x1() - b.box().x1()) <= body
            || Math.abs(a.box().x2() - b.box().x2()) <= body) {
          aligned++;
          break;
        }
      }
    }
    return aligned >= 2;
  }

  // ---- paragraphs -----------------------------------------------------------------------------

  /**
   * Pieces of one text line that detection cut apart (at a wide word or sentence gap) joined back:
   * a piece that starts on the same row within {@link #FRAGMENT_GAP} line heights after another
   * piece's end continues it. Alone, such a piece would start a block of its own and be read after
   * the paragraph it belongs in. Table cells are taken out before, so they are never joined.
   */
  private static List<Line> joinFragments(List<Line> lines) {
    List<Line> byLeft = new ArrayList<>(lines);
    byLeft.sort(Comparator.comparingInt((Line l) -> l.box().x1()));
    List<Line> out = new ArrayList<>();
    for (Line l : byLeft) {
      int into = -1;
      for (int i = 0; i < out.size(); i++) {
        Line p = out.get(i);
        double h = Math.max(l.height(), p.height());
        double gap = l.box().x1() - p.box().x2();
        int rowOverlap = Math.min(l.box().y2(), p.box().y2()) - Math.max(l.box().y1(), p.box().y1());
        boolean sameRow = rowOverlap >= 0.7 * Math.min(l.box().height(), p.box().height());
        boolean similar = h / Math.max(1, Math.min(l.height(), p.height())) <= 1.45;
        if (sameRow && similar && gap >= -0.5 * h && gap <= FRAGMENT_GAP * h) {
          into = i;
          break;
        }
      }
      if (into < 0) {
        out.add(l);
      } else {
        Line p = out.get(into);
        out.set(into, new Line(p.box().union(l.box()), p.text() + " " + l.text(),
            Math.max(p.height(), l.height()), p.pageBox().union(l.pageBox())));
      }
    }
    return out;
  }

  private static List<Block> paragraphs(List<Line> lines) {
    List<Line> byTop = new ArrayList<>(lines);
    byTop.sort(Comparator.comparingInt((Line l) -> l.box().y1()).thenComparingInt(l -> l.box().x1()));
    List<Block> blocks = new ArrayList<>();
    for (Line l : byTop) {
      Block best = null;
      double bestGap = Double.MAX_VALUE;
      for (Block b : blocks) {
        Line p = b.last();
        double h = Math.max(l.height(), p.height());
        double gap = l.box().y1() - p.box().y2();
        boolean below = l.cy() > p.cy() + 0.5 * Math.min(l.height(), p.height());
        boolean similar = h / Math.max(1, Math.min(l.height(), p.height())) <= 1.45;
        int overlap = overlapX(l.box(), p.box());
        boolean aligned = overlap > 0
            && (overlap >= 0.5 * Math.min(l.box().width(), p.box().width())
                || Math.abs(l.box().x1() - p.box().x1()) <= h);
        if (below && similar && aligned && gap <= 0.8 * h && gap < bestGap && keepsPitch(b, l)) {
          best = b;
          bestGap = gap;
        }
      }
      if (best == null) {
        blocks.add(new Block(l));
      } else {
        best.add(l);
      }
    }
    return blocks;
  }

  /**
   * Whether {@code l} follows the last line of {@code b} at about the block's line pitch. Small
   * print set with a blank line between paragraphs leaves box gaps under the gap rule (detection
   * grows each box by about half a line), but the step from line to line doubles there.
   */
  private static boolean keepsPitch(Block b, Line l) {
    int n = b.lines.size();
    if (n < 2) {
      return true;
    }
    double[] steps = new double[n - 1];
    for (int i = 1; i < n; i++) {
      steps[i - 1] = b.lines.get(i).cy() - b.lines.get(i - 1).cy();
    }
    Arrays.sort(steps);
    double pitch = steps[steps.length / 2];
    return pitch <= 0 || l.cy() - b.last().cy() <= 1.6 * pitch;
  }

  // ---- labels ---------------------------------------------------------------------------------

  private static void label(List<Block> blocks, double body) {
    Block title = null;
    for (Block b : blocks) {
      if (b.rows != null || b.lines.size() > 3) {
        continue;
      }
      double ratio = b.medianHeight() / body;
      if (ratio >= 1.25) {
        b.label = RegionLabels.SUB_TITLE;
      }
      if (ratio >= 1.6 && (title == null || b.medianHeight() > title.medianHeight() * 1.05
          || (b.medianHeight() >= title.medianHeight() * 0.95 && b.box.y1() < title.box.y1()))) {
        title = b;
      }
    }
    if (title != null) {
      title.label = RegionLabels.TITLE;
    }
  }

  // ---- reading order --------------------------------------------------------------------------

  private static void order(List<Block> blocks, double body, List<Block> out) {
    if (blocks.size() <= 1) {
      out.addAll(blocks);
      return;
    }
    List<List<Block>> bands = split(blocks, false, body);
    if (bands.size() == 1) {
      List<List<Block>> columns = split(blocks, true, body);
      if (columns.size() > 1) {
        for (List<Block> c : columns) {
          order(c, body, out);
        }
      } else { // overlapping blocks, no gap either way: top to bottom, left to right
        List<Block> sorted = new ArrayList<>(blocks);
        sorted.sort(Comparator.comparingInt((Block b) -> b.box.y1()).thenComparingInt(b -> b.box.x1()));
        out.addAll(sorted);
      }
      return;
    }
    // consecutive bands of side-by-side paragraphs that share a gutter are one multi-column
    // section, read column by column; other bands are read one after the other
    List<Block> section = new ArrayList<>(bands.get(0));
    boolean merged = false;
    for (int i = 1; i <= bands.size(); i++) {
      List<Block> next = i < bands.size() ? bands.get(i) : null;
      if (next != null && columnar(section, body) && columnar(next, body)) {
        List<Block> union = new ArrayList<>(section);
        union.addAll(next);
        if (split(union, true, body).size() > 1) {
          section = union;
          merged = true;
          continue;
        }
      }
      if (merged) {
        for (List<Block> c : split(section, true, body)) {
          order(c, body, out);
        }
      } else {
        order(section, body, out);
      }
      if (next != null) {
        section = new ArrayList<>(next);
        merged = false;
      }
    }
  }

  /** Whether a band holds columns of text: a gutter with a paragraph of two or more lines on each side. */
  private static boolean columnar(List<Block> band, double body) {
    List<List<Block>> columns = split(band, true, body);
    if (columns.size() < 2) {
      return false;
    }
    for (List<Block> c : columns) {
      if (c.stream().noneMatch(b -> b.rows == null && b.lines.size() >= 2)) {
        return false;
      }
    }
    return true;
  }

  /**
   * {@code blocks} split at every empty gap along x ({@code vertical}: gutters at least one body
   * height wide) or along y (any empty gap), in left-to-right or top-to-bottom order.
   */
  private static List<List<Block>> split(List<Block> blocks, boolean vertical, double body) {
    List<Block> sorted = new ArrayList<>(blocks);
    sorted.sort(Comparator.comparingInt(b -> vertical ? b.box.x1() : b.box.y1()));
    List<List<Block>> groups = new ArrayList<>();
    List<Block> group = new ArrayList<>();
    int end = Integer.MIN_VALUE;
    double minGap = vertical ? body : 0;
    for (Block b : sorted) {
      int from = vertical ? b.box.x1() : b.box.y1();
      int to = vertical ? b.box.x2() : b.box.y2();
      if (!group.isEmpty() && from - end > minGap) {
        groups.add(group);
        group = new ArrayList<>();
      }
      group.add(b);
      end = Math.max(end, to);
    }
    groups.add(group);
    return groups;
  }

  // ---- output ---------------------------------------------------------------------------------

  private static Region region(Block b) {
    List<TextLine> lines = new ArrayList<>(b.lines.size());
    String text;
    if (b.rows != null) {
      StringBuilder html = new StringBuilder("<table>");
      for (List<List<Line>> row : b.rows) {
        html.append("<tr>");
        for (List<Line> cell : row) {
          StringBuilder content = new StringBuilder();
          for (Line l : cell) {
            if (content.length() > 0) {
              content.append(' ');
            }
            content.append(l.text());
            lines.add(new TextLine(l.pageBox(), l.text()));
          }
          html.append("<td>").append(escapeHtml(content.toString())).append("</td>");
        }
        html.append("</tr>");
      }
      text = html.append("</table>").toString();
    } else {
      StringBuilder sb = new StringBuilder();
      for (Line l : b.lines) {
        if (sb.length() > 0) {
          sb.append(' ');
        }
        sb.append(l.text());
        lines.add(new TextLine(l.pageBox(), l.text()));
      }
      text = switch (b.label) {
        case RegionLabels.TITLE -> "# " + sb;
        case RegionLabels.SUB_TITLE -> "## " + sb;
        default -> sb.toString();
      };
    }
    Box onPage = null;
    for (Line l : b.lines) {
      onPage = onPage == null ? l.pageBox() : onPage.union(l.pageBox());
    }
    return new Region(b.label, List.of(onPage), text, lines);
  }

  private static String escapeHtml(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  static int overlapX(Box a, Box b) {
    return Math.min(a.x2(), b.x2()) - Math.max(a.x1(), b.x1());
  }
}
