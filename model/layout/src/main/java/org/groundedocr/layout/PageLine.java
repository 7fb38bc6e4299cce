package org.groundedocr.layout;

import java.util.ArrayList;
import java.util.List;
import org.groundedocr.model.Box;
import org.groundedocr.model.Word;

/**
 * A recognised line as the layout analysis sees it: the box the analysis works on, its text, its
 * text height in pixels, its box on the page, and its words where the engine knows them (boxes on
 * the page and confidences; empty otherwise). The two boxes differ on a skewed page, which is
 * analysed in a frame turned by the skew (see {@code org.groundedocr.ppocr.PageSkew}) so that rows
 * and columns are horizontal and vertical there; the output always carries the page boxes. The
 * words travel untouched into the region's {@link org.groundedocr.model.TextLine}s, which the
 * ALTO/hOCR exports and the highlights read.
 */
public record PageLine(Box box, String text, double height, Box pageBox, List<Word> words) {

  public PageLine {
    words = words == null ? List.of() : List.copyOf(words);
  }

  public PageLine(Box box, String text, double height, Box pageBox) {
    this(box, text, height, pageBox, List.of());
  }

  public PageLine(Box box, String text, double height) {
    this(box, text, height, box);
  }

  public double cy() {
    return (box.y1() + box.y2()) / 2.0;
  }

  /** This line and {@code next} as one line (pieces of a line that detection cut apart). */
  public PageLine join(PageLine next) {
    List<Word> joined = new ArrayList<>(words.size() + next.words.size());
    joined.addAll(words);
    joined.addAll(next.words);
    return new PageLine(box.union(next.box), text + " " + next.text,
        Math.max(height, next.height), pageBox.union(next.pageBox), joined);
  }

  /** The texts of {@code lines} joined by spaces (a paragraph's, a table cell's). */
  static String joinedText(List<PageLine> lines) {
    StringBuilder sb = new StringBuilder();
    for (PageLine l : lines) {
      if (sb.length() > 0) {
        sb.append(' ');
      }
      sb.append(l.text());
    }
    return sb.toString();
  }

  public static int overlapX(Box a, Box b) {
    return Math.min(a.x2(), b.x2()) - Math.max(a.x1(), b.x1());
  }

  public static int overlapY(Box a, Box b) {
    return Math.min(a.y2(), b.y2()) - Math.max(a.y1(), b.y1());
  }
}
