package org.groundedocr.layout;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.groundedocr.model.Box;

/**
 * Joins back the pieces of one text line that detection cut apart at a wide word or sentence gap:
 * a piece that starts on the same row within {@link LayoutThresholds#fragmentGap()} line heights
 * after another piece's end continues it. Alone, such a piece would start a block of its own and
 * be read after the paragraph it belongs in. Never across a column gutter: the lines of two
 * columns side by side sit on the same rows, often closer than that gap (heading-sized pieces
 * excepted: detection cuts a heading across the columns at its word gap over the gutter). Table cells are taken out
 * before, so they are never joined.
 *
 * <p>Stateless apart from its thresholds, and thread-safe.
 */
final class LineJoiner {

  private final LayoutThresholds t;

  LineJoiner(LayoutThresholds thresholds) {
    this.t = thresholds;
  }

  List<PageLine> join(List<PageLine> lines, List<Box> gutters, double body) {
    List<PageLine> byLeft = new ArrayList<>(lines);
    byLeft.sort(Comparator.comparingInt((PageLine l) -> l.box().x1()));
    List<PageLine> out = new ArrayList<>();
    for (PageLine l : byLeft) {
      int into = -1;
      for (int i = 0; i < out.size(); i++) {
        PageLine p = out.get(i);
        double h = Math.max(l.height(), p.height());
        double gap = l.box().x1() - p.box().x2();
        boolean sameRow = PageLine.overlapY(l.box(), p.box())
            >= t.fragmentRowOverlap() * Math.min(l.box().height(), p.box().height());
        boolean similar = h / Math.max(1, Math.min(l.height(), p.height())) <= t.similarHeight();
        if (sameRow && similar && gap >= -0.5 * h && gap <= t.fragmentGap() * h
            && (heading(p, l, body) || !ColumnGutters.crosses(gutters, p.box(), l.box(), t.boxGrowth() * h))) {
          into = i;
          break;
        }
      }
      if (into < 0) {
        out.add(l);
      } else {
        out.set(into, out.get(into).join(l));
      }
    }
    return out;
  }

  /**
   * Whether both pieces are heading-sized: a heading set across the columns (detection often cuts
   * it at the word gap over the gutter) is one line, where two body lines side by side are not.
   */
  private boolean heading(PageLine a, PageLine b, double body) {
    return Math.min(a.height(), b.height()) >= t.subTitleRatio() * body;
  }
}
