package org.groundedocr.ppocr;

import java.util.ArrayList;
import java.util.List;
import org.groundedocr.layout.ColumnGutters;
import org.groundedocr.layout.PageLine;
import org.groundedocr.layout.PagePixels;
import org.groundedocr.model.Box;

/**
 * Finds the detected lines that run across a column gutter. Where the gutter between two columns
 * is narrow, detection often takes a line of each column for one line (the text kernels of the two
 * lines touch at detection's resolution), and the line is then read across both columns. Such a
 * line interrupts the gutter: a gutter ends at its top or starts at its bottom (see {@link
 * ColumnGutters}, whose rectangles only need to be empty), inside its width. The line is cut there
 * only when its own pixels agree: a run of blank columns (a thin rule in it allowed, the gutter's
 * rule) at least {@link #MIN_BLANK} line heights and half the gutter wide, where a title set across
 * the columns has ink. The engine then reads both pieces again.
 *
 * <p>Stateless and thread-safe.
 */
final class GutterSplitter {

  /** Narrowest blank run, in line heights, that cuts a line: wider than a justified word gap. */
  static final double MIN_BLANK = 0.6;

  /** How much darker than the line's paper a pixel is to count as ink (grey levels). */
  private static final int INK_CONTRAST = 60;

  /** A line to read again as two pieces: its index and the two pieces' quads. */
  record Cut(int line, Quad left, Quad right) {}

  List<Cut> cuts(PagePixels page, List<PageLine> lines, List<Quad> quads, List<Box> gutters,
      double body) {
    List<Cut> cuts = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      Box b = lines.get(i).box();
      for (Box g : gutters) {
        boolean inside = g.x1() > b.x1() + body && g.x2() < b.x2() - body;
        boolean interrupts = Math.abs(g.y2() - b.y1()) <= body || Math.abs(g.y1() - b.y2()) <= body;
        if (inside && interrupts) {
          Cut cut = cut(page, i, quads.get(i), lines.get(i), g, body);
          if (cut != null) {
            cuts.add(cut);
            break;
          }
        }
      }
    }
    return cuts;
  }

  /** The cut of line {@code i} at the blank run in the gutter's x, or null when it has ink there. */
  private static Cut cut(PagePixels page, int i, Quad q, PageLine line, Box gutter, double body) {
    Box onPage = line.pageBox();
    // the gutter's x on the page: the layout frame and the page differ by a small skew only, so
    // the gutter's place is taken as a share of the line's width
    double from = (gutter.x1() - line.box().x1()) / (double) Math.max(1, line.box().width());
    double to = (gutter.x2() - line.box().x1()) / (double) Math.max(1, line.box().width());
    int reach = (int) Math.round(0.5 * body);
    int x1 = Math.max(onPage.x1(), (int) (onPage.x1() + from * onPage.width()) - reach);
    int x2 = Math.min(onPage.x2(), (int) (onPage.x1() + to * onPage.width()) + reach);
    int y1 = onPage.y1();
    int y2 = Math.min(page.height(), onPage.y2());
    if (x2 - x1 < 2 || y2 - y1 < 2) {
      return null;
    }
    int[] inkPerColumn = new int[x2 - x1];
    float[] bgr = new float[3];
    float paper = 0;
    for (int x = x1; x < x2; x++) { // the lightest pixel of the strip stands for the paper
      for (int y = y1; y < y2; y++) {
        page.bgr(x, y, bgr);
        paper = Math.max(paper, (bgr[0] + bgr[1] + bgr[2]) / 3);
      }
    }
    for (int x = x1; x < x2; x++) {
      for (int y = y1; y < y2; y++) {
        page.bgr(x, y, bgr);
        if ((bgr[0] + bgr[1] + bgr[2]) / 3 < paper - INK_CONTRAST) {
          inkPerColumn[x - x1]++;
        }
      }
    }
    int h = y2 - y1;
    int maxRule = (int) Math.max(2, Math.round(0.15 * body));
    int bestStart = -1;
    int bestLength = 0;
    int start = -1;
    int ruleRun = 0;
    for (int x = 0; x <= inkPerColumn.length; x++) {
      boolean blank = x < inkPerColumn.length && inkPerColumn[x] <= 0.05 * h;
      boolean rule = x < inkPerColumn.length && inkPerColumn[x] >= 0.8 * h;
      ruleRun = rule ? ruleRun + 1 : 0;
      if ((blank || (rule && ruleRun <= maxRule)) && x < inkPerColumn.length) {
        if (start < 0) {
          start = x;
        }
      } else {
        if (start >= 0 && x - start > bestLength) {
          bestStart = start;
          bestLength = x - start;
        }
        start = -1;
      }
    }
    if (bestLength < Math.max(MIN_BLANK * body, 0.5 * gutter.width())) {
      return null;
    }
    double cutFrom = (x1 + bestStart - onPage.x1()) / (double) Math.max(1, onPage.width());
    double cutTo = (x1 + bestStart + bestLength - onPage.x1()) / (double) Math.max(1, onPage.width());
    return new Cut(i, piece(q, 0, cutFrom), piece(q, cutTo, 1));
  }

  /** The part of a quad between two shares of its length. */
  private static Quad piece(Quad q, double from, double to) {
    return new Quad(
        q.x0() + from * (q.x1() - q.x0()), q.y0() + from * (q.y1() - q.y0()),
        q.x0() + to * (q.x1() - q.x0()), q.y0() + to * (q.y1() - q.y0()),
        q.x3() + to * (q.x2() - q.x3()), q.y3() + to * (q.y2() - q.y3()),
        q.x3() + from * (q.x2() - q.x3()), q.y3() + from * (q.y2() - q.y3()));
  }
}
