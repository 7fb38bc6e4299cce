package org.groundedocr.layout;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.groundedocr.model.RegionLabels;

/**
 * Section headings set in bold type of the body's size (a journal's "Methods", "2.1 Data"), which
 * size alone does not tell from the text. A line is bold when its stroke width ({@link
 * StrokeWidth}) is at least {@link #BOLD_RATIO} times the median of the page's lines of body size
 * and it is itself smaller than a sub-title ({@link LayoutThresholds#subTitleRatio()});
 * in a text block, a run of at most {@link LayoutThresholds#headingMaxLines()} bold lines between
 * regular ones (or at the block's start or end) becomes a block of its own labelled {@code
 * sub_title}, and the regular lines around it stay paragraphs. A line that is bold only in part (a
 * run-in head, "Background: …", a caption's "Fig 1.") is not bold as a whole, and a block that is
 * all bold and longer than a heading (an abstract set in bold) stays text.
 *
 * <p>Stateless apart from its thresholds, and thread-safe.
 */
final class BoldHeadings {

  /** Bold strokes are this many times the page's median stroke width or more. */
  static final double BOLD_RATIO = 1.35;

  /** Lines this many body heights wide or narrower hold too few letters for a stroke width. */
  private static final double MIN_MEASURED_WIDTH = 1.5;

  private final LayoutThresholds t;

  BoldHeadings(LayoutThresholds thresholds) {
    this.t = thresholds;
  }

  /** The blocks with bold headings split out of the text blocks; other blocks as they were. */
  List<LayoutBlock> split(List<LayoutBlock> blocks, PagePixels page, double body) {
    Map<PageLine, Double> stroke = new IdentityHashMap<>();
    List<Double> bodyStrokes = new ArrayList<>();
    for (LayoutBlock b : blocks) {
      if (b.isTable()) {
        continue;
      }
      for (PageLine l : b.lines) {
        if (l.box().width() < MIN_MEASURED_WIDTH * body) {
          continue;
        }
        double s = StrokeWidth.of(page, l.pageBox());
        if (!Double.isNaN(s)) {
          stroke.put(l, s);
          if (l.height() / body <= t.similarHeight() && body / l.height() <= t.similarHeight()) {
            bodyStrokes.add(s);
          }
        }
      }
    }
    if (bodyStrokes.size() < MIN_LINES) {
      return blocks;
    }
    double[] sorted = bodyStrokes.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(sorted);
    double median = sorted[sorted.length / 2];
    List<LayoutBlock> out = new ArrayList<>();
    for (LayoutBlock b : blocks) {
      if (b.isTable() || !RegionLabels.TEXT.equals(b.label)) {
        out.add(b);
        continue;
      }
      boolean[] bold = new boolean[b.lines.size()];
      int count = 0;
      for (int i = 0; i < bold.length; i++) {
        Double s = stroke.get(b.lines.get(i));
        // larger type is a heading by its size already (HeadingLabeller): a page title
        bold[i] = s != null && s >= BOLD_RATIO * median
            && b.lines.get(i).height() < t.subTitleRatio() * body;
        count += bold[i] ? 1 : 0;
      }
      if (count == 0 || (count == bold.length && count > t.headingMaxLines())) {
        out.add(b);
        continue;
      }
      // runs of bold and of regular lines, each a block; a bold run longer than a heading is text
      LayoutBlock current = null;
      boolean currentBold = false;
      for (int i = 0; i < bold.length; i++) {
        if (current == null || bold[i] != currentBold) {
          current = new LayoutBlock(b.lines.get(i));
          currentBold = bold[i];
          out.add(current);
        } else {
          current.add(b.lines.get(i));
        }
        // a bold run longer than a heading (a bold paragraph) stays text
        current.label = currentBold && current.lines.size() <= t.headingMaxLines()
            ? RegionLabels.SUB_TITLE : RegionLabels.TEXT;
      }
    }
    return out;
  }

  /** Fewer measured lines than this give no page median to compare with. */
  private static final int MIN_LINES = 5;
}
