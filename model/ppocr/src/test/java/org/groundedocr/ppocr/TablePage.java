package org.groundedocr.ppocr;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A page with one table that the tests render themselves with Java2D, and the table's HTML truth:
 * a sentence above, the table, a short paragraph below. The table varies with its {@link Spec}:
 * ruled as a grid, with horizontal rules only (booktabs) or not at all; a one-row header or a
 * two-row header whose groups span columns ({@code colspan}) over their sub-headers while the
 * first and last headers span both rows ({@code rowspan}); empty cells; a column of descriptions
 * that wrap over several lines; labels and numbers. Cell texts come from a seeded random source.
 */
final class TablePage {

  enum Ruling { GRID, HORIZONTAL, NONE }

  /** What to render. */
  record Spec(String name, int columns, int rows, Ruling ruling, boolean groupedHeader,
      boolean centredSpans, boolean wrapped, double emptyShare, long seed) {}

  final Spec spec;
  final BufferedImage image;
  final String truthHtml;

  private static final String[] LABELS = {"Baseline", "Control", "Sample A", "Sample B", "Method X",
      "Patients", "Group 2", "Follow up", "Treated", "Placebo", "Region North", "Region South",
      "Women", "Men", "Total"};
  private static final String[] WORDS = {"monthly", "service", "fee", "for", "the", "licence",
      "support", "hours", "annual", "review", "of", "paper", "stock", "cable", "units", "delivery",
      "storage", "backup", "plan", "extended"};
  private static final String[] GROUPS = {"Accuracy", "Speed", "Cost", "Baseline study", "Follow up"};
  private static final String[] SUBS = {"Mean", "SD", "Min", "Max", "n", "Rate", "Score", "Value"};
  private static final int SIZE = 20; // text height in pixels: a 10-point table scanned at 150 dpi
  private static final int PAD = 18; // white space either side of a cell's text
  private static final int WRAP_WIDTH = 230; // the description column's width

  private TablePage(Spec spec, BufferedImage image, String truthHtml) {
    this.spec = spec;
    this.image = image;
    this.truthHtml = truthHtml;
  }

  /** A cell of the truth: its text lines, spans, and whether it is a number (set right). */
  private record Cell(List<String> lines, int colspan, int rowspan, boolean number) {}

  static TablePage render(Spec spec) {
    Random random = new Random(spec.seed());
    Font font = new Font("DejaVu Sans", Font.PLAIN, 1).deriveFont((float) SIZE);
    BufferedImage scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
    Graphics2D sg = scratch.createGraphics();
    FontMetrics fm = sg.getFontMetrics(font);
    int wrapColumn = spec.wrapped() ? 1 : -1;
    int n = spec.columns();

    // the header: one row, or group headers over sub-headers with the outer ones spanning both rows
    List<List<Cell>> header = new ArrayList<>();
    List<String> leaf = new ArrayList<>();
    if (spec.groupedHeader()) {
      List<Cell> top = new ArrayList<>();
      List<Cell> sub = new ArrayList<>();
      top.add(new Cell(List.of("Item"), 1, 2, false));
      leaf.add("Item");
      int c = 1;
      int g = random.nextInt(GROUPS.length);
      int last = wrapColumn == 1 ? 2 : 1;
      if (wrapColumn == 1) {
        top.add(new Cell(List.of("Description"), 1, 2, false));
        leaf.add("Description");
        c = 2;
      }
      while (c < n) {
        int span = Math.min(n - c, 2);
        if (span == 1) {
          top.add(new Cell(List.of("Total"), 1, 2, false));
          leaf.add("Total");
        } else {
          top.add(new Cell(List.of(GROUPS[g++ % GROUPS.length]), span, 1, false));
          for (int s = 0; s < span; s++) {
            String name = SUBS[(c + s + (int) spec.seed()) % SUBS.length];
            sub.add(new Cell(List.of(name), 1, 1, false));
            leaf.add(name);
          }
        }
        c += span;
        last = c;
      }
      header.add(top);
      header.add(sub);
    } else {
      List<Cell> top = new ArrayList<>();
      for (int c = 0; c < n; c++) {
        String name = c == 0 ? "Item" : c == wrapColumn ? "Description" : SUBS[(c + (int) spec.seed()) % SUBS.length];
        top.add(new Cell(List.of(name), 1, 1, false));
        leaf.add(name);
      }
      header.add(top);
    }

    // the body
    List<List<Cell>> body = new ArrayList<>();
    for (int r = 0; r < spec.rows(); r++) {
      List<Cell> row = new ArrayList<>();
      for (int c = 0; c < n; c++) {
        if (c == 0) {
          row.add(new Cell(List.of(LABELS[(r + (int) spec.seed()) % LABELS.length]), 1, 1, false));
        } else if (c == wrapColumn) {
          int words = 2 + random.nextInt(7);
          StringBuilder text = new StringBuilder();
          for (int w = 0; w < words; w++) {
            text.append(w == 0 ? "" : " ").append(WORDS[random.nextInt(WORDS.length)]);
          }
          row.add(new Cell(wrap(text.toString(), fm, WRAP_WIDTH), 1, 1, false));
        } else if (random.nextDouble() < spec.emptyShare()) {
          row.add(new Cell(List.of(), 1, 1, true));
        } else {
          row.add(new Cell(List.of(number(random)), 1, 1, true));
        }
      }
      body.add(row);
    }

    // column widths: the widest leaf text, the wrapped column fixed; spanning headers widen their last column
    int[] width = new int[n];
    for (int c = 0; c < n; c++) {
      width[c] = c == wrapColumn ? WRAP_WIDTH : fm.stringWidth(leaf.get(c));
      for (List<Cell> row : body) {
        for (String l : row.get(c).lines()) {
          width[c] = Math.max(width[c], fm.stringWidth(l));
        }
      }
      width[c] += 2 * PAD;
    }
    int lineHeight = Math.round(SIZE * 1.35f);
    int rowPad = spec.ruling() == Ruling.GRID ? 10 : 6;
    int left = 80;
    int[] x = new int[n + 1];
    x[0] = left;
    for (int c = 0; c < n; c++) {
      x[c + 1] = x[c] + width[c];
    }
    int pageWidth = Math.max(x[n] + 80, 1000);
    List<List<Cell>> all = new ArrayList<>(header);
    all.addAll(body);
    int[] y = new int[all.size() + 1];
    int top = 200;
    y[0] = top;
    for (int r = 0; r < all.size(); r++) {
      int lines = 1;
      for (Cell cell : all.get(r)) {
        if (cell.rowspan() == 1) {
          lines = Math.max(lines, cell.lines().size());
        }
      }
      y[r + 1] = y[r] + lines * lineHeight + 2 * rowPad;
    }
    int pageHeight = y[all.size()] + 260;

    BufferedImage img = new BufferedImage(pageWidth, pageHeight, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, pageWidth, pageHeight);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(new Color(20, 20, 20));
    g.setFont(font);
    g.drawString("Table " + (1 + spec.seed() % 9) + ". Results of the " + spec.name()
        + " measurements, as reported by the sites.", left, 120);
    g.drawString("Values are rounded; an empty cell means that no value was measured in that period.",
        left, y[all.size()] + 90);
    g.drawString("The figures were checked twice by the authors before this report was printed.",
        left, y[all.size()] + 90 + lineHeight);

    StringBuilder html = new StringBuilder("<table>");
    boolean[][] taken = new boolean[all.size()][n];
    for (int r = 0; r < all.size(); r++) {
      html.append("<tr>");
      int c = 0;
      for (Cell cell : all.get(r)) {
        while (taken[r][c]) {
          c++;
        }
        for (int dr = 0; dr < cell.rowspan(); dr++) {
          for (int dc = 0; dc < cell.colspan(); dc++) {
            taken[r + dr][c + dc] = true;
          }
        }
        int cx1 = x[c];
        int cx2 = x[c + cell.colspan()];
        int cy1 = y[r];
        int cy2 = y[r + cell.rowspan()];
        int textTop = cell.rowspan() > 1 && spec.centredSpans()
            ? (cy1 + cy2 - lineHeight * cell.lines().size()) / 2 : cy1 + rowPad;
        for (int i = 0; i < cell.lines().size(); i++) {
          String l = cell.lines().get(i);
          int w = fm.stringWidth(l);
          int tx = r < header.size() ? (cx1 + cx2 - w) / 2 : cell.number() ? cx2 - PAD - w : cx1 + PAD;
          g.drawString(l, tx, textTop + i * lineHeight + fm.getAscent() - (lineHeight - SIZE) / 2);
        }
        html.append("<td");
        if (cell.colspan() > 1) {
          html.append(" colspan=\"").append(cell.colspan()).append('"');
        }
        if (cell.rowspan() > 1) {
          html.append(" rowspan=\"").append(cell.rowspan()).append('"');
        }
        html.append('>').append(escape(String.join(" ", cell.lines()))).append("</td>");
        c += cell.colspan();
      }
      html.append("</tr>");
    }
    html.append("</table>");
    rules(g, spec, x, y, header, all.size());
    g.dispose();
    sg.dispose();
    return new TablePage(spec, img, html.toString());
  }

  private static void rules(Graphics2D g, Spec spec, int[] x, int[] y, List<List<Cell>> header, int rows) {
    int n = x.length - 1;
    g.setStroke(new BasicStroke(2f));
    switch (spec.ruling()) {
      case GRID -> {
        for (int r = 0; r <= rows; r++) {
          if (r == 1 && header.size() == 2) {
            // under the group headers only: the spanning row headers go on down
            int c = 0;
            for (Cell cell : header.get(0)) {
              if (cell.rowspan() == 1) {
                g.drawLine(x[c], y[1], x[c + cell.colspan()], y[1]);
              }
              c += cell.colspan();
            }
          } else {
            g.drawLine(x[0], y[r], x[n], y[r]);
          }
        }
        for (int c = 0; c <= n; c++) {
          g.drawLine(x[c], y[0], x[c], y[rows]);
        }
        // no sub-column rule through a group header
        if (header.size() == 2) {
          g.setColor(Color.WHITE);
          int c = 0;
          for (Cell cell : header.get(0)) {
            for (int k = 1; k < cell.colspan(); k++) {
              g.drawLine(x[c + k], y[0] + 2, x[c + k], y[1] - 2);
            }
            c += cell.colspan();
          }
          g.setColor(new Color(20, 20, 20));
        }
      }
      case HORIZONTAL -> {
        g.drawLine(x[0], y[0], x[n], y[0]);
        g.drawLine(x[0], y[header.size()], x[n], y[header.size()]);
        g.drawLine(x[0], y[rows], x[n], y[rows]);
        if (header.size() == 2) {
          int c = 0;
          g.setStroke(new BasicStroke(1f));
          for (Cell cell : header.get(0)) {
            if (cell.colspan() > 1) {
              g.drawLine(x[c] + 8, y[1], x[c + cell.colspan()] - 8, y[1]);
            }
            c += cell.colspan();
          }
        }
      }
      case NONE -> { }
    }
  }

  private static String number(Random random) {
    return switch (random.nextInt(4)) {
      case 0 -> String.format(java.util.Locale.ROOT, "%.1f", random.nextDouble() * 100);
      case 1 -> String.format(java.util.Locale.ROOT, "%.3f", random.nextDouble());
      case 2 -> String.format(java.util.Locale.ROOT, "%,d", random.nextInt(20000));
      default -> random.nextInt(100) + "%";
    };
  }

  private static List<String> wrap(String text, FontMetrics fm, int width) {
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (String w : text.split(" ")) {
      String next = line.length() == 0 ? w : line + " " + w;
      if (fm.stringWidth(next) > width && line.length() > 0) {
        lines.add(line.toString());
        line = new StringBuilder(w);
      } else {
        line = new StringBuilder(next);
      }
    }
    lines.add(line.toString());
    return lines;
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  /** The benchmark's set: every ruling with and without grouped headers, wrapped cells and gaps. */
  static List<Spec> benchmarkSet() {
    List<Spec> specs = new ArrayList<>();
    int k = 0;
    for (Ruling ruling : Ruling.values()) {
      for (boolean grouped : new boolean[] {false, true}) {
        for (boolean wrapped : new boolean[] {false, true}) {
          for (double empty : new double[] {0, 0.15}) {
            int columns = 3 + (k % 4) + (wrapped ? 1 : 0);
            if (grouped) { // room for a group of two beside the row headers
              columns = Math.max(columns, (wrapped ? 2 : 1) + 2);
            }
            String name = ruling.name().toLowerCase(java.util.Locale.ROOT) + (grouped ? "-grouped" : "")
                + (wrapped ? "-wrapped" : "") + (empty > 0 ? "-gaps" : "");
            specs.add(new Spec(name, columns, 4 + (k % 5), ruling, grouped, k % 2 == 1, wrapped, empty, 11 + k));
            k++;
          }
        }
      }
    }
    return specs;
  }
}
