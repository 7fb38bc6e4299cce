package org.groundedocr.layout;

import org.groundedocr.model.Box;

/**
 * A recognised line as the layout analysis sees it: the box the analysis works on, its text, its
 * text height in pixels, and its box on the page. The two boxes differ on a skewed page, which is
 * analysed in a frame turned by the skew (see {@code org.groundedocr.ppocr.PageSkew}) so that rows and columns are
 * horizontal and vertical there; the output always carries the page boxes.
 */
public record PageLine(Box box, String text, double height, Box pageBox) {

  public PageLine(Box box, String text, double height) {
    this(box, text, height, box);
  }

  public double cy() {
    return (box.y1() + box.y2()) / 2.0;
  }

  /** This line and {@code next} as one line (pieces of a line that detection cut apart). */
  public PageLine join(PageLine next) {
    return new PageLine(box.union(next.box), text + " " + next.text,
        Math.max(height, next.height), pageBox.union(next.pageBox));
  }

  public static int overlapX(Box a, Box b) {
    return Math.min(a.x2(), b.x2()) - Math.max(a.x1(), b.x1());
  }

  public static int overlapY(Box a, Box b) {
    return Math.min(a.y2(), b.y2()) - Math.max(a.y1(), b.y1());
  }
}
