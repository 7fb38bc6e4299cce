package org.groundedocr.layout;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.groundedocr.model.Box;
import org.groundedocr.model.RegionLabels;

/**
 * Puts a page's blocks in reading order by a topological sort of a "comes before" relation between
 * blocks (Breuel, "High performance document layout analysis", 2003, as in OCRopus), which needs
 * no global cut through the page and so survives titles, figures and tables that interrupt the
 * columns:
 *
 * <ol>
 *   <li>of two blocks that overlap along x, the upper comes first;
 *   <li>of two blocks side by side with a column gutter (see {@link ColumnGutters}) between them,
 *       the left comes first, unless a block between them along y overlaps both along x (a
 *       title or a figure across the columns): the columns above it are read before it, and it
 *       before the columns below it;
 *   <li>of two blocks side by side without a gutter between them, the left comes first when
 *       their heights overlap (blocks of a footer's address columns), else the upper one (a label
 *       and its value, rows of totals, are read row by row).
 * </ol>
 *
 * Among the blocks free to come next, the topmost (then leftmost) is taken; should the relation
 * have a cycle (boxes that overlap both ways), the topmost of the remaining blocks breaks it. Page
 * furniture is kept out of the body's order: running heads and top page numbers come first, feet
 * and bottom page numbers last. Marginal notes and footnotes are kept out of it too, so that they
 * never cut a sentence of the body: they follow the body (marginal notes top to bottom, then
 * footnotes), before the feet.
 *
 * <p>Stateless and thread-safe.
 */
final class ReadingOrder {

  /** {@code slack}: how far block boxes may reach into a gutter (detection's growth of boxes). */
  List<LayoutBlock> order(List<LayoutBlock> blocks, List<Box> gutters, double slack) {
    List<LayoutBlock> body = new ArrayList<>();
    List<LayoutBlock> heads = new ArrayList<>();
    List<LayoutBlock> feet = new ArrayList<>();
    List<LayoutBlock> marginNotes = new ArrayList<>();
    List<LayoutBlock> footnotes = new ArrayList<>();
    int top = blocks.stream().mapToInt(b -> b.box.y1()).min().orElse(0);
    int bottom = blocks.stream().mapToInt(b -> b.box.y2()).max().orElse(0);
    for (LayoutBlock b : blocks) {
      if (RegionLabels.FURNITURE.contains(b.label)) {
        (b.box.y1() - top <= bottom - b.box.y2() ? heads : feet).add(b);
      } else if (RegionLabels.MARGIN_NOTE.equals(b.label)) {
        marginNotes.add(b);
      } else if (RegionLabels.FOOTNOTE.equals(b.label)) {
        footnotes.add(b);
      } else {
        body.add(b);
      }
    }
    Comparator<LayoutBlock> topLeft =
        Comparator.comparingInt((LayoutBlock b) -> b.box.y1()).thenComparingInt(b -> b.box.x1());
    heads.sort(topLeft);
    feet.sort(topLeft);
    marginNotes.sort(topLeft);
    footnotes.sort(topLeft);
    List<LayoutBlock> out = new ArrayList<>(heads);
    out.addAll(sort(body, gutters, slack, topLeft));
    out.addAll(marginNotes);
    out.addAll(footnotes);
    out.addAll(feet);
    return out;
  }

  private static List<LayoutBlock> sort(
      List<LayoutBlock> blocks, List<Box> gutters, double slack, Comparator<LayoutBlock> topLeft) {
    int n = blocks.size();
    boolean[][] before = new boolean[n][n];
    int[] incoming = new int[n];
    for (int a = 0; a < n; a++) {
      for (int b = 0; b < n; b++) {
        if (a != b && comesBefore(blocks.get(a), blocks.get(b), blocks, gutters, slack)) {
          before[a][b] = true;
          incoming[b]++;
        }
      }
    }
    boolean[] done = new boolean[n];
    List<LayoutBlock> out = new ArrayList<>(n);
    for (int k = 0; k < n; k++) {
      int next = -1;
      for (int i = 0; i < n; i++) {
        if (!done[i] && incoming[i] == 0
            && (next < 0 || topLeft.compare(blocks.get(i), blocks.get(next)) < 0)) {
          next = i;
        }
      }
      if (next < 0) { // a cycle: the topmost remaining block goes first
        for (int i = 0; i < n; i++) {
          if (!done[i] && (next < 0 || topLeft.compare(blocks.get(i), blocks.get(next)) < 0)) {
            next = i;
          }
        }
      }
      done[next] = true;
      out.add(blocks.get(next));
      for (int b = 0; b < n; b++) {
        if (before[next][b]) {
          incoming[b]--;
        }
      }
    }
    return out;
  }

  static boolean comesBefore(
      LayoutBlock a, LayoutBlock b, List<LayoutBlock> all, List<Box> gutters, double slack) {
    Box p = a.box;
    Box q = b.box;
    if (PageLine.overlapX(p, q) > 2 * slack) { // grown boxes of two columns may touch
      return a.cy() < b.cy() || (a.cy() == b.cy() && p.x1() < q.x1());
    }
    boolean leftOf = p.x1() < q.x1() || (p.x1() == q.x1() && p.x2() < q.x2());
    if (gutterBetween(gutters, leftOf ? p : q, leftOf ? q : p, slack)) {
      return leftOf && !separated(a, b, all, slack);
    }
    if (PageLine.overlapY(p, q) > 0) { // no horizontal cut between them: the left one first
      return leftOf;
    }
    return a.cy() < b.cy();
  }

  /**
   * Whether a gutter runs between {@code left} and {@code right} beside one of them: its middle
   * lies between their facing edges (which detection's growth of boxes may push into it).
   */
  private static boolean gutterBetween(List<Box> gutters, Box left, Box right, double slack) {
    for (Box g : gutters) {
      double middle = (g.x1() + g.x2()) / 2.0;
      if (middle >= left.x2() - 2 * slack && middle <= right.x1() + 2 * slack
          && (PageLine.overlapY(g, left) > 0 || PageLine.overlapY(g, right) > 0)) {
        return true;
      }
    }
    return false;
  }

  /** Whether a third block lies between {@code a} and {@code b} along y and overlaps both along x. */
  private static boolean separated(LayoutBlock a, LayoutBlock b, List<LayoutBlock> all, double slack) {
    double lo = Math.min(a.cy(), b.cy());
    double hi = Math.max(a.cy(), b.cy());
    for (LayoutBlock c : all) {
      if (c != a && c != b && c.cy() > lo && c.cy() < hi
          && PageLine.overlapX(c.box, a.box) > 2 * slack && PageLine.overlapX(c.box, b.box) > 2 * slack) {
        return true;
      }
    }
    return false;
  }
}
