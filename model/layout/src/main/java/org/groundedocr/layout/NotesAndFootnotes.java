package org.groundedocr.layout;

import java.util.ArrayList;
import java.util.List;
import org.groundedocr.model.RegionLabels;

/**
 * Labels the text that runs beside or under the body rather than in it, so that reading order can
 * keep it out of the body's sentences and exports can name it:
 *
 * <ul>
 *   <li><b>Footnotes</b> ({@code footnote}): text blocks in small print (median height at most
 *       {@link LayoutThresholds#footnoteMaxHeight()} body heights) under all the body-size text of
 *       the page (their top below the bottom of every other text block that is not furniture,
 *       small print or a note), with body-size text above them to be notes to.
 *   <li><b>Marginal notes</b> ({@code margin_note}): narrow text blocks (at most {@link
 *       LayoutThresholds#marginNoteMaxWidth()} times the width of the page's running text) that lie
 *       in the margin beside the running text — left of all of it or right of all of it, beside
 *       some of it. Running text is prose: body-size blocks of three lines or more at least a
 *       quarter of the page's text wide.
 * </ul>
 *
 * <p>Stateless apart from its thresholds, and thread-safe.
 */
final class NotesAndFootnotes {

  private final LayoutThresholds t;

  NotesAndFootnotes(LayoutThresholds thresholds) {
    this.t = thresholds;
  }

  void label(List<LayoutBlock> blocks, double body) {
    labelMarginNotes(blocks, body);
    labelFootnotes(blocks, body);
  }

  private void labelFootnotes(List<LayoutBlock> blocks, double body) {
    List<LayoutBlock> small = new ArrayList<>();
    int bodyBottom = Integer.MIN_VALUE;
    for (LayoutBlock b : blocks) {
      if (!isText(b)) {
        continue;
      }
      if (b.medianHeight() <= t.footnoteMaxHeight() * body) {
        small.add(b);
      } else {
        bodyBottom = Math.max(bodyBottom, b.box.y2());
      }
    }
    if (bodyBottom == Integer.MIN_VALUE) {
      return; // all small print: nothing to be a note to
    }
    int lowestOther = Integer.MIN_VALUE; // small print above the footnote zone ends it there
    for (LayoutBlock b : small) {
      if (b.box.y1() < bodyBottom - 0.5 * body) {
        lowestOther = Math.max(lowestOther, b.box.y2());
      }
    }
    for (LayoutBlock b : small) {
      if (b.box.y1() >= bodyBottom - 0.5 * body && b.box.y1() >= lowestOther) {
        b.label = RegionLabels.FOOTNOTE;
      }
    }
  }

  private void labelMarginNotes(List<LayoutBlock> blocks, double body) {
    int left = Integer.MAX_VALUE;
    int right = Integer.MIN_VALUE;
    for (LayoutBlock b : blocks) {
      if (!b.lines.isEmpty()) {
        left = Math.min(left, b.box.x1());
        right = Math.max(right, b.box.x2());
      }
    }
    double textWidth = right - left;
    List<LayoutBlock> prose = new ArrayList<>();
    for (LayoutBlock b : blocks) {
      if (isText(b) && b.lines.size() >= 3 && b.box.width() >= 0.25 * textWidth
          && b.medianHeight() > t.footnoteMaxHeight() * body) {
        prose.add(b);
      }
    }
    if (prose.isEmpty()) {
      return;
    }
    double[] widths = prose.stream().mapToDouble(b -> b.box.width()).sorted().toArray();
    double proseWidth = widths[widths.length / 2];
    int proseLeft = prose.stream().mapToInt(b -> b.box.x1()).min().getAsInt();
    int proseRight = prose.stream().mapToInt(b -> b.box.x2()).max().getAsInt();
    double slack = t.boxGrowth() * body;
    for (LayoutBlock b : blocks) {
      if (!isText(b) || prose.contains(b) || b.box.width() > t.marginNoteMaxWidth() * proseWidth) {
        continue;
      }
      boolean inMargin = b.box.x2() <= proseLeft + slack || b.box.x1() >= proseRight - slack;
      boolean beside = prose.stream().anyMatch(p -> PageLine.overlapY(p.box, b.box) > 0);
      if (inMargin && beside) {
        b.label = RegionLabels.MARGIN_NOTE;
      }
    }
  }

  private static boolean isText(LayoutBlock b) {
    return RegionLabels.TEXT.equals(b.label) && !b.isTable() && !b.lines.isEmpty();
  }
}
