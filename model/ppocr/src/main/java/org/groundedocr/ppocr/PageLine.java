package org.groundedocr.ppocr;

import java.util.List;
import org.groundedocr.model.Box;
import org.groundedocr.model.Word;

/**
 * A recognised line as the layout analysis sees it: the box the analysis works on, its text, its
 * text height in pixels, and its box on the page. The two boxes differ on a skewed page, which is
 * analysed in a frame turned by the skew (see {@link PageSkew}) so that rows and columns are
 * horizontal and vertical there; the output always carries the page boxes.
 */
record PageLine(Box box, String text, double height, Box pageBox, List<Word> words) {

  PageLine(Box box, String text, double height) {
    this(box, text, height, box);
  }

  PageLine(Box box, String text, double height, Box pageBox) {
    this(box, text, height, pageBox, List.of());
  }

  double cy() {
    return (box.y1() + box.y2()) / 2.0;
  }

  /** This line and {@code next} as one line (pieces of a line that detection cut apart). */
  PageLine join(PageLine next) {
    List<Word> both = new java.util.ArrayList<>(words);
    both.addAll(next.words); // the line's text stays its words joined by spaces
    return new PageLine(box.union(next.box), text + " " + next.text,
        Math.max(height, next.height), pageBox.union(next.pageBox), List.copyOf(both));
  }

  static int overlapX(Box a, Box b) {
    return Math.min(a.x2(), b.x2()) - Math.max(a.x1(), b.x1());
  }

  static int overlapY(Box a, Box b) {
    return Math.min(a.y2(), b.y2()) - Math.max(a.y1(), b.y1());
  }
}
