package org.groundedocr.tesseract;

import java.util.ArrayList;
import java.util.List;
import org.groundedocr.model.Box;

/**
 * The two-column reading-order check of issue 15: on a page whose truth has a left and a right
 * column block side by side, no line read inside the right block may come before the last line read
 * inside the left block. Column blocks are truth blocks of at least three lines, between a quarter
 * and six tenths of the page wide (narrower ones are marginalia, wider ones span the page); a left
 * and a right block pair up when they overlap vertically by half the shorter one. A read line belongs
 * to a block when its centre lies in it.
 */
final class ColumnOrder {

  /** Pairs checked on a page, and read lines of right columns that came too early. */
  record Result(int pairs, int early, int rightLines) {
    boolean ok() {
      return early == 0;
    }

    @Override
    public String toString() {
      return pairs == 0 ? "–" : early == 0 ? "ok" : early + "/" + rightLines + " early";
    }
  }

  private ColumnOrder() {}

  static List<Box[]> pairs(AltoTruth truth) {
    List<Box> left = new ArrayList<>();
    List<Box> right = new ArrayList<>();
    double mid = truth.width() / 2.0;
    for (AltoTruth.Block b : truth.blocks()) {
      int w = b.box().width();
      if (b.lines().size() >= 3 && w >= truth.width() / 4 && w <= truth.width() * 0.6) {
        ((b.box().x1() + b.box().x2()) / 2.0 < mid ? left : right).add(b.box());
      }
    }
    List<Box[]> pairs = new ArrayList<>();
    for (Box l : left) {
      for (Box r : right) {
        int overlap = Math.min(l.y2(), r.y2()) - Math.max(l.y1(), r.y1());
        if (r.x1() >= l.x1() + l.width() / 2
            && overlap >= Math.min(l.height(), r.height()) / 2) {
          pairs.add(new Box[] {l, r});
        }
      }
    }
    return pairs;
  }

  /** Checks {@code lines} (line boxes in the engine's reading order) against the truth's pairs. */
  static Result check(AltoTruth truth, List<Box> lines) {
    List<Box[]> pairs = pairs(truth);
    int early = 0;
    int rightLines = 0;
    for (Box[] p : pairs) {
      int lastLeft = -1;
      for (int i = 0; i < lines.size(); i++) {
        if (inside(lines.get(i), p[0])) {
          lastLeft = i;
        }
      }
      for (int i = 0; i < lines.size(); i++) {
        if (inside(lines.get(i), p[1])) {
          rightLines++;
          if (i < lastLeft) {
            early++;
          }
        }
      }
    }
    return new Result(pairs.size(), early, rightLines);
  }

  private static boolean inside(Box line, Box block) {
    int cx = (line.x1() + line.x2()) / 2;
    int cy = (line.y1() + line.y2()) / 2;
    return cx >= block.x1() && cx < block.x2() && cy >= block.y1() && cy < block.y2();
  }
}
