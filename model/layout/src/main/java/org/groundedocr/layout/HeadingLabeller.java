package org.groundedocr.layout;

import java.util.List;
import org.groundedocr.model.RegionLabels;

/**
 * Labels headings by size: a block of at most {@link LayoutThresholds#headingMaxLines()} lines at
 * least {@link LayoutThresholds#titleRatio()} times the body height is a heading, the largest such
 * text on the page (the topmost of equals) the {@code title}, the others (and blocks from {@link
 * LayoutThresholds#subTitleRatio()}) {@code sub_title}. Other blocks keep their label.
 *
 * <p>Stateless apart from its thresholds, and thread-safe.
 */
final class HeadingLabeller {

  private final LayoutThresholds t;

  HeadingLabeller(LayoutThresholds thresholds) {
    this.t = thresholds;
  }

  void label(List<LayoutBlock> blocks, double body) {
    LayoutBlock title = null;
    for (LayoutBlock b : blocks) {
      if (!RegionLabels.TEXT.equals(b.label) || b.lines.size() > t.headingMaxLines()) {
        continue;
      }
      double ratio = b.medianHeight() / body;
      if (ratio >= t.subTitleRatio()) {
        b.label = RegionLabels.SUB_TITLE;
      }
      if (ratio >= t.titleRatio() && (title == null || b.medianHeight() > title.medianHeight() * 1.05
          || (b.medianHeight() >= title.medianHeight() * 0.95 && b.box.y1() < title.box.y1()))) {
        title = b;
      }
    }
    if (title != null) {
      title.label = RegionLabels.TITLE;
    }
  }
}
