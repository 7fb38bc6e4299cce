package org.groundedocr.layout;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import org.groundedocr.model.RegionLabels;

/**
 * Finds the page's furniture among its text blocks and labels it: a page number ({@code
 * page_number}: a number or roman numeral alone, perhaps between dashes or brackets), a running
 * head ({@code header}) and a running foot ({@code footer}). Furniture is the first block from the
 * top or the last from the bottom, within {@link LayoutThresholds#furnitureMargin()} of the text's
 * height from its edge, at most {@link LayoutThresholds#furnitureMaxLines()} lines of at most
 * sub-title size, with a gap of a line height or more to the body. A block there is a running head
 * or foot only when it looks like one: a page number at one of its ends, or set in capitals (a
 * letterhead's first line, a paragraph's last line, are neither). Furniture is taken out of the
 * body's reading order: heads are read before the body, feet after it.
 *
 * <p>Stateless apart from its thresholds, and thread-safe.
 */
final class PageFurniture {

  private static final Pattern PAGE_NUMBER = Pattern.compile(
      "[\\s\\-–—.(\\[]*(\\d{1,4}|[ivxlcdm]{1,7}|[IVXLCDM]{1,7})[\\s\\-–—.)\\]]*");
  private static final Pattern NUMBER_AT_END = Pattern.compile(
      "^\\s*[\\-–—(\\[]?\\d{1,4}[)\\]]?\\s+\\S.*|.*\\S\\s+[\\-–—(\\[]?\\d{1,4}[)\\]]?\\s*$");

  private final LayoutThresholds t;

  PageFurniture(LayoutThresholds thresholds) {
    this.t = thresholds;
  }

  /** Labels the furniture among {@code blocks} (text blocks only are considered). */
  void label(List<LayoutBlock> blocks, double body) {
    List<LayoutBlock> text = new ArrayList<>();
    for (LayoutBlock b : blocks) {
      if (!b.lines.isEmpty()) {
        text.add(b);
      }
    }
    if (text.size() < 3) {
      return; // a page of one or two blocks has no body to set furniture apart from
    }
    int top = text.stream().mapToInt(b -> b.box.y1()).min().orElse(0);
    int bottom = text.stream().mapToInt(b -> b.box.y2()).max().orElse(0);
    double margin = t.furnitureMargin() * (bottom - top);
    text.sort(Comparator.comparingInt(b -> b.box.y1()));
    // from the top: a page number and a running head may share the top row
    for (LayoutBlock b : new ArrayList<>(text)) {
      if (b.box.y1() - top > margin || !labelIfFurniture(b, text, body, true)) {
        break;
      }
    }
    text.sort(Comparator.comparingInt((LayoutBlock b) -> b.box.y2()).reversed());
    for (LayoutBlock b : new ArrayList<>(text)) {
      if (bottom - b.box.y2() > margin || !labelIfFurniture(b, text, body, false)) {
        break;
      }
    }
  }

  private boolean labelIfFurniture(LayoutBlock b, List<LayoutBlock> text, double body, boolean head) {
    if (!RegionLabels.TEXT.equals(b.label) || b.isTable() || b.lines.size() > t.furnitureMaxLines()
        || b.medianHeight() > t.subTitleRatio() * body) {
      return false;
    }
    // the gap to the nearest body block beyond it
    int gap = Integer.MAX_VALUE;
    for (LayoutBlock o : text) {
      // a block on its row (a page number beside a running head) is judged on its own
      if (o != b && !RegionLabels.FURNITURE.contains(o.label)
          && PageLine.overlapY(o.box, b.box) <= 0) {
        int g = head ? o.box.y1() - b.box.y2() : b.box.y1() - o.box.y2();
        if (g < -0.5 * body) {
          return false; // another body block reaches past it: it is not at the edge
        }
        gap = Math.min(gap, g);
      }
    }
    if (gap < 0.5 * body) {
      return false;
    }
    String s = b.text().strip();
    if (PAGE_NUMBER.matcher(s).matches()) {
      b.label = RegionLabels.PAGE_NUMBER;
      return true;
    }
    if (b.lines.size() == 1 && (NUMBER_AT_END.matcher(s).matches() || capitals(s))) {
      b.label = head ? RegionLabels.HEADER : RegionLabels.FOOTER;
      return true;
    }
    return false;
  }

  /** Set in capitals: four letters or more, at least four in five of them upper case. */
  private static boolean capitals(String s) {
    int letters = 0;
    int upper = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isLetter(c)) {
        letters++;
        if (Character.isUpperCase(c)) {
          upper++;
        }
      }
    }
    return letters >= 4 && 5 * upper >= 4 * letters;
  }
}
