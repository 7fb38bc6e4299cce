package org.groundedocr.layout;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.groundedocr.model.Box;

/**
 * Finds the figures on a page (photos, drawings, maps, woodcuts) as the boxes of ink that is not
 * text. The page is cut into cells a third of a line high; a cell is inked when its mean grey is
 * clearly darker than the paper (the page's median cell). Cells under a text line are taken out,
 * and what stays inked is grouped into connected areas. An area is a figure when its box is at
 * least {@link LayoutThresholds#figureMinSide()} line heights (and a twentieth of the page) along
 * both sides, its ink covers
 * {@link LayoutThresholds#figureMinInk()} of it, it does not touch the page's edge (the dark border
 * of a scan), and not most of its ink lies on long straight runs (the rules of a table, a frame, a
 * column rule are no figure).
 *
 * <p>Stateless apart from its thresholds, and thread-safe.
 */
final class FigureFinder {

  /** How much darker than the paper a cell is to count as inked (grey levels). */
  private static final int INK_CONTRAST = 28;

  private final LayoutThresholds t;

  FigureFinder(LayoutThresholds thresholds) {
    this.t = thresholds;
  }

  /** The figures' boxes on the page, in page pixels. */
  List<Box> find(PagePixels page, List<PageLine> lines, double body) {
    int cell = (int) Math.max(2, Math.round(body / 3));
    int cols = page.width() / cell;
    int rows = page.height() / cell;
    if (cols < 3 || rows < 3) {
      return List.of();
    }
    float[] grey = new float[cols * rows];
    float[] sum = new float[3];
    double area = (double) cell * cell;
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        page.sumBgr(c * cell, r * cell, (c + 1) * cell, (r + 1) * cell, sum);
        grey[r * cols + c] = (float) ((sum[0] + sum[1] + sum[2]) / (3 * area));
      }
    }
    float[] sorted = grey.clone();
    Arrays.sort(sorted);
    float paper = sorted[sorted.length / 2];
    boolean[] ink = new boolean[grey.length];
    for (int i = 0; i < grey.length; i++) {
      ink[i] = grey[i] < paper - INK_CONTRAST;
    }
    int grow = (int) Math.round(0.3 * body);
    for (PageLine l : lines) {
      Box b = l.pageBox();
      int c1 = Math.max(0, (b.x1() - grow) / cell);
      int c2 = Math.min(cols - 1, (b.x2() + grow) / cell);
      int r1 = Math.max(0, (b.y1() - grow) / cell);
      int r2 = Math.min(rows - 1, (b.y2() + grow) / cell);
      for (int r = r1; r <= r2; r++) {
        Arrays.fill(ink, r * cols + c1, r * cols + c2 + 1, false);
      }
    }
    // parts of one drawing (a chart's axes and curves, its labels taken out as text) a line
    // height apart or less are one area
    int reach = (int) Math.max(1, Math.round(body / cell));
    boolean[] near = dilate(ink, cols, rows, reach);
    List<Box> figures = new ArrayList<>();
    boolean[] seen = new boolean[ink.length];
    // and a twentieth of the page at least: without text the body height says nothing, and noise
    // specks are no figures
    int minSide = (int) Math.max(t.figureMinSide() * body, Math.min(page.width(), page.height()) / 20.0);
    int minCells = (int) Math.ceil(minSide / (double) cell);
    int runCells = (int) Math.ceil(2 * body / cell);
    ArrayDeque<Integer> queue = new ArrayDeque<>();
    List<Integer> members = new ArrayList<>();
    for (int start = 0; start < ink.length; start++) {
      if (!near[start] || seen[start]) {
        continue;
      }
      members.clear();
      seen[start] = true;
      queue.add(start);
      int c1 = cols;
      int c2 = -1;
      int r1 = rows;
      int r2 = -1;
      while (!queue.isEmpty()) {
        int i = queue.poll();
        int r = i / cols;
        int c = i % cols;
        if (ink[i]) { // the area's box and ink are its inked cells, not the reach around them
          members.add(i);
          c1 = Math.min(c1, c);
          c2 = Math.max(c2, c);
          r1 = Math.min(r1, r);
          r2 = Math.max(r2, r);
        }
        for (int dr = -1; dr <= 1; dr++) {
          for (int dc = -1; dc <= 1; dc++) {
            int rr = r + dr;
            int cc = c + dc;
            if (rr >= 0 && rr < rows && cc >= 0 && cc < cols) {
              int j = rr * cols + cc;
              if (near[j] && !seen[j]) {
                seen[j] = true;
                queue.add(j);
              }
            }
          }
        }
      }
      if (members.isEmpty()) {
        continue;
      }
      int w = c2 - c1 + 1;
      int h = r2 - r1 + 1;
      boolean edge = c1 == 0 || r1 == 0 || c2 == cols - 1 || r2 == rows - 1;
      if (edge || w < minCells || h < minCells
          || members.size() < t.figureMinInk() * w * h
          || mostlyRules(members, ink, cols, rows, runCells)) {
        continue;
      }
      figures.add(new Box(c1 * cell, r1 * cell, Math.min(page.width(), (c2 + 1) * cell),
          Math.min(page.height(), (r2 + 1) * cell)));
    }
    return figures;
  }

  /** Cells within {@code reach} cells of an inked cell (a square neighbourhood, two passes). */
  private static boolean[] dilate(boolean[] ink, int cols, int rows, int reach) {
    boolean[] across = new boolean[ink.length];
    for (int r = 0; r < rows; r++) {
      int last = Integer.MIN_VALUE / 2;
      for (int c = 0; c < cols; c++) {
        if (ink[r * cols + c]) {
          last = c;
        }
        across[r * cols + c] = c - last <= reach;
      }
      last = Integer.MAX_VALUE / 2;
      for (int c = cols - 1; c >= 0; c--) {
        if (ink[r * cols + c]) {
          last = c;
        }
        across[r * cols + c] |= last - c <= reach;
      }
    }
    boolean[] out = new boolean[ink.length];
    for (int c = 0; c < cols; c++) {
      int last = Integer.MIN_VALUE / 2;
      for (int r = 0; r < rows; r++) {
        if (across[r * cols + c]) {
          last = r;
        }
        out[r * cols + c] = r - last <= reach;
      }
      last = Integer.MAX_VALUE / 2;
      for (int r = rows - 1; r >= 0; r--) {
        if (across[r * cols + c]) {
          last = r;
        }
        out[r * cols + c] |= last - r <= reach;
      }
    }
    return out;
  }

  /** Whether most inked cells of an area lie on straight horizontal or vertical runs. */
  private static boolean mostlyRules(List<Integer> members, boolean[] ink, int cols, int rows, int run) {
    int onRuns = 0;
    for (int i : members) {
      int r = i / cols;
      int c = i % cols;
      if (runLength(ink, cols, rows, r, c, 0, 1) >= run || runLength(ink, cols, rows, r, c, 1, 0) >= run) {
        onRuns++;
      }
    }
    return 2 * onRuns > members.size() && members.size() < 0.5 * area(members, cols);
  }

  private static int area(List<Integer> members, int cols) {
    int c1 = Integer.MAX_VALUE;
    int c2 = -1;
    int r1 = Integer.MAX_VALUE;
    int r2 = -1;
    for (int i : members) {
      c1 = Math.min(c1, i % cols);
      c2 = Math.max(c2, i % cols);
      r1 = Math.min(r1, i / cols);
      r2 = Math.max(r2, i / cols);
    }
    return (c2 - c1 + 1) * (r2 - r1 + 1);
  }

  private static int runLength(boolean[] ink, int cols, int rows, int r, int c, int dr, int dc) {
    int n = 1;
    for (int k = 1; ; k++) {
      int rr = r + k * dr;
      int cc = c + k * dc;
      if (rr >= rows || cc >= cols || !ink[rr * cols + cc]) {
        break;
      }
      n++;
    }
    for (int k = 1; ; k++) {
      int rr = r - k * dr;
      int cc = c - k * dc;
      if (rr < 0 || cc < 0 || !ink[rr * cols + cc]) {
        break;
      }
      n++;
    }
    return n;
  }
}
