package org.groundedocr.layout;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.groundedocr.model.Box;

/**
 * Groups lines into paragraphs. A line joins the block above it when the gap is under {@link
 * LayoutThresholds#paragraphGap()} line heights, the taller is at most {@link
 * LayoutThresholds#similarHeight()} times the shorter (descenders and capitals vary a line box by
 * about a third), the two lines overlap horizontally by half the narrower one or start at the same
 * x (within a line height), neither spans a column gutter that runs beside the other (a full-width
 * line above two columns is not the first column's first line), and, in a block of two or more
 * lines, the step from the block's last line is at most {@link LayoutThresholds#paragraphPitch()}
 * times the block's line pitch (a blank line between paragraphs of small print).
 *
 * <p>Stateless apart from its thresholds, and thread-safe.
 */
final class ParagraphBuilder {

  private final LayoutThresholds t;

  ParagraphBuilder(LayoutThresholds thresholds) {
    this.t = thresholds;
  }

  List<LayoutBlock> paragraphs(List<PageLine> lines, List<Box> gutters) {
    List<PageLine> byTop = new ArrayList<>(lines);
    byTop.sort(Comparator.comparingInt((PageLine l) -> l.box().y1()).thenComparingInt(l -> l.box().x1()));
    List<LayoutBlock> blocks = new ArrayList<>();
    for (PageLine l : byTop) {
      LayoutBlock best = null;
      double bestGap = Double.MAX_VALUE;
      for (LayoutBlock b : blocks) {
        PageLine p = b.last();
        double h = Math.max(l.height(), p.height());
        double gap = l.box().y1() - p.box().y2();
        boolean below = l.cy() > p.cy() + 0.5 * Math.min(l.height(), p.height());
        boolean similar = h / Math.max(1, Math.min(l.height(), p.height())) <= t.similarHeight();
        int overlap = PageLine.overlapX(l.box(), p.box());
        boolean aligned = overlap > 0
            && (overlap >= 0.5 * Math.min(l.box().width(), p.box().width())
                || Math.abs(l.box().x1() - p.box().x1()) <= h);
        if (below && similar && aligned && gap <= t.paragraphGap() * h && gap < bestGap
            && keepsPitch(b, l)
            && !ColumnGutters.spansGutterBeside(gutters, p.box(), l.box(), lines, t.boxGrowth() * h)
            && !ColumnGutters.spansGutterBeside(gutters, l.box(), p.box(), lines, t.boxGrowth() * h)) {
          best = b;
          bestGap = gap;
        }
      }
      if (best == null) {
        blocks.add(new LayoutBlock(l));
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
  private boolean keepsPitch(LayoutBlock b, PageLine l) {
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
    return pitch <= 0 || l.cy() - b.last().cy() <= t.paragraphPitch() * pitch;
  }
}
