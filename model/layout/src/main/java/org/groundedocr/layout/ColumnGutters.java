package org.groundedocr.layout;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import org.groundedocr.model.Box;

/**
 * The gutters between a page's columns, found as tall rectangles of whitespace among the line
 * boxes (Breuel, "Two geometric algorithms for layout analysis", DAS 2002: the maximal empty
 * rectangles by branch and bound, as OCRopus finds column separators). A rectangle only has to be
 * empty, not to run the page's height, so a gutter survives a title or a figure across the columns
 * above or below it: it simply ends there. A rule drawn in the gutter is no obstacle (only text
 * is). The tallest empty rectangle at least {@link LayoutThresholds#gutterMinWidth()} wide is taken
 * first, then the next tallest beside it, and so on; one is a gutter when it is at least {@link
 * LayoutThresholds#gutterMinHeight()} tall and has {@link LayoutThresholds#gutterMinLines()} lines
 * on each side, those on one side aligned on it (the flush edge of a column). Page margins have no
 * text on one side, and the ragged ends of one column's lines leave no tall rectangle, so neither
 * is a gutter.
 *
 * <p>Stateless apart from its thresholds, and thread-safe.
 */
public final class ColumnGutters {

  /** Enough for five columns and a marginal note on each side, with room for what fails the test. */
  private static final int MAX_CANDIDATES = 12;

  private final LayoutThresholds t;

  public ColumnGutters(LayoutThresholds thresholds) {
    this.t = thresholds;
  }

  /** The gutters among {@code lines}, in the analysis frame. */
  public List<Box> find(List<PageLine> lines, double body) {
    if (lines.size() < 2 * t.gutterMinLines()) {
      return List.of();
    }
    List<Box> obstacles = new ArrayList<>();
    for (PageLine l : lines) {
      obstacles.add(ink(l));
    }
    Box bound = Box.union(obstacles);
    int minWidth = (int) Math.max(1, Math.ceil(t.gutterMinWidth() * body));
    int minHeight = (int) Math.ceil(t.gutterMinHeight() * body);
    List<Box> gutters = new ArrayList<>();
    for (int i = 0; i < MAX_CANDIDATES; i++) {
      Box r = tallestEmpty(bound, obstacles, minWidth, minHeight);
      if (r == null) {
        break;
      }
      if (separatesColumns(r, lines, body)) {
        gutters.add(r);
      }
      obstacles.add(r); // the next search finds another rectangle
    }
    return gutters;
  }

  /** The part of a line's box that holds ink: detection's growth taken off both ends. */
  Box ink(PageLine l) {
    int cut = (int) Math.round(t.boxGrowth() * l.height());
    Box b = l.box();
    if (b.width() <= 2 * cut + 1) {
      int c = (b.x1() + b.x2()) / 2;
      return new Box(c, b.y1(), c + 1, b.y2());
    }
    return new Box(b.x1() + cut, b.y1(), b.x2() - cut, b.y2());
  }

  /**
   * Whether a gap from {@code a} to {@code b} (along x, on one row) crosses one of the gutters;
   * {@code slack}: how far the boxes may reach into the gutter (detection's growth).
   */
  static boolean crosses(List<Box> gutters, Box a, Box b, double slack) {
    Box left = a.x1() <= b.x1() ? a : b;
    Box right = left == a ? b : a;
    for (Box g : gutters) {
      double middle = (g.x1() + g.x2()) / 2.0;
      if (middle >= left.x2() - 2 * slack && middle <= right.x1() + 2 * slack
          && PageLine.overlapY(g, left) > 0 && PageLine.overlapY(g, right) > 0) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether {@code wide} (a line above or below) spans a gutter that runs beside {@code narrow}
   * with a line of the other column on {@code narrow}'s row: a line across the columns then
   * cannot belong to the same block as a line of one column.
   */
  static boolean spansGutterBeside(
      List<Box> gutters, Box wide, Box narrow, List<PageLine> lines, double slack) {
    for (Box g : gutters) {
      boolean spanned = wide.x1() + slack < g.x1() && wide.x2() - slack > g.x2();
      boolean leftOfIt = narrow.x2() <= g.x1() + 1 + slack;
      boolean beside = g.y1() <= narrow.y2() && g.y2() >= narrow.y1()
          && (leftOfIt || narrow.x1() >= g.x2() - 1 - slack);
      if (spanned && beside) {
        for (PageLine o : lines) {
          boolean across = leftOfIt
              ? o.box().x1() >= g.x2() - 1 - slack : o.box().x2() <= g.x1() + 1 + slack;
          if (across && PageLine.overlapY(o.box(), narrow) > 0) {
            return true;
          }
        }
      }
    }
    return false;
  }

  private boolean separatesColumns(Box r, List<PageLine> lines, double body) {
    int left = 0;
    int right = 0;
    int flushLeft = 0;
    int flushRight = 0;
    for (PageLine l : lines) {
      double cy = l.cy();
      if (cy < r.y1() || cy > r.y2()) {
        continue;
      }
      Box b = ink(l);
      if (b.x2() <= r.x1() + 1) {
        left++;
        if (r.x1() - b.x2() <= body) {
          flushLeft++;
        }
      } else if (b.x1() >= r.x2() - 1) {
        right++;
        if (b.x1() - r.x2() <= body) {
          flushRight++;
        }
      }
    }
    int n = t.gutterMinLines();
    return left >= n && right >= n && (flushLeft >= Math.min(n, 2) || flushRight >= Math.min(n, 2));
  }

  private record Candidate(Box box, List<Box> inside) {}

  /**
   * The tallest (then widest) rectangle inside {@code bound} that no obstacle overlaps, at least
   * {@code minWidth} by {@code minHeight}, or null. Branch and bound: a rectangle with obstacles is
   * split around one of them (the pivot, nearest its centre) into the four parts left, right, above
   * and below it; a part is never taller or wider than its whole, so the first empty rectangle off
   * the queue is the best.
   */
  static Box tallestEmpty(Box bound, List<Box> obstacles, int minWidth, int minHeight) {
    Comparator<Candidate> best = Comparator.comparingInt((Candidate c) -> c.box.height())
        .thenComparingInt(c -> c.box.width()).reversed();
    PriorityQueue<Candidate> queue = new PriorityQueue<>(best);
    queue.add(new Candidate(bound, inside(bound, obstacles)));
    int budget = 200_000; // a page of a few hundred lines needs a few thousand steps
    while (!queue.isEmpty() && budget-- > 0) {
      Candidate c = queue.poll();
      if (c.inside.isEmpty()) {
        return c.box;
      }
      Box r = c.box;
      Box p = pivot(r, c.inside);
      List<Box> parts = new ArrayList<>(4);
      if (p.x1() > r.x1()) {
        parts.add(new Box(r.x1(), r.y1(), p.x1(), r.y2()));
      }
      if (p.x2() < r.x2()) {
        parts.add(new Box(p.x2(), r.y1(), r.x2(), r.y2()));
      }
      if (p.y1() > r.y1()) {
        parts.add(new Box(r.x1(), r.y1(), r.x2(), p.y1()));
      }
      if (p.y2() < r.y2()) {
        parts.add(new Box(r.x1(), p.y2(), r.x2(), r.y2()));
      }
      for (Box part : parts) {
        if (part.width() >= minWidth && part.height() >= minHeight) {
          queue.add(new Candidate(part, inside(part, c.inside)));
        }
      }
    }
    return null;
  }

  private static List<Box> inside(Box r, List<Box> obstacles) {
    List<Box> in = new ArrayList<>();
    for (Box o : obstacles) {
      if (o.x1() < r.x2() && o.x2() > r.x1() && o.y1() < r.y2() && o.y2() > r.y1()) {
        in.add(o);
      }
    }
    return in;
  }

  private static Box pivot(Box r, List<Box> inside) {
    double cx = (r.x1() + r.x2()) / 2.0;
    double cy = (r.y1() + r.y2()) / 2.0;
    Box best = null;
    double bestD = Double.MAX_VALUE;
    for (Box o : inside) {
      double d = Math.hypot((o.x1() + o.x2()) / 2.0 - cx, (o.y1() + o.y2()) / 2.0 - cy);
      if (d < bestD) {
        best = o;
        bestD = d;
      }
    }
    return best;
  }
}
