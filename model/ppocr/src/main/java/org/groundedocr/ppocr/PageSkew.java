package org.groundedocr.ppocr;

import java.util.ArrayList;
import java.util.List;
import org.groundedocr.model.Box;

/**
 * The page's skew, from the angle of its detected text lines, and the layout frame it implies.
 *
 * <p>Why: the layout groups lines into rows, paragraphs and columns by their vertical positions. On
 * a page scanned a few degrees askew, the two ends of a wide line differ in height by more than a
 * line pitch (at 2° over 1,600 pixels: 56), so lines of a paragraph overlap their neighbours and
 * sort out of order. Turning every line's box back by the skew before the analysis (the text itself
 * is already read along each line's own angle) restores the rows; the page boxes are kept for the
 * output. The skew is the median angle of the long lines (at least four times as wide as high), and
 * nothing is turned below {@link #MIN_DEGREES} or with fewer than {@link #MIN_LINES} such lines.
 */
record PageSkew(double radians) {

  static final double MIN_DEGREES = 0.3;
  static final double MAX_DEGREES = 30;
  static final int MIN_LINES = 3;

  static final PageSkew NONE = new PageSkew(0);

  static PageSkew of(List<Quad> quads) {
    List<Double> angles = new ArrayList<>();
    for (Quad q : quads) {
      double w = Math.hypot(q.x1() - q.x0(), q.y1() - q.y0());
      if (w >= 4 * q.height()) {
        angles.add(Math.atan2(q.y1() - q.y0(), q.x1() - q.x0()));
      }
    }
    if (angles.size() < MIN_LINES) {
      return NONE;
    }
    angles.sort(null);
    double median = angles.get(angles.size() / 2);
    double degrees = Math.abs(Math.toDegrees(median));
    return degrees < MIN_DEGREES || degrees > MAX_DEGREES ? NONE : new PageSkew(median);
  }

  boolean isNone() {
    return radians == 0;
  }

  /**
   * The boxes the layout analysis should see: each quad turned by minus the skew around the page
   * centre, bounded, and shifted so that the frame starts at 0, 0. Without skew, the page boxes.
   */
  List<Box> layoutBoxes(List<Quad> quads, int pageWidth, int pageHeight) {
    List<Box> out = new ArrayList<>(quads.size());
    if (isNone()) {
      for (Quad q : quads) {
        out.add(q.bounds(pageWidth, pageHeight));
      }
      return out;
    }
    double cos = Math.cos(-radians);
    double sin = Math.sin(-radians);
    double cx = pageWidth / 2.0;
    double cy = pageHeight / 2.0;
    // the page's own corners fix the frame, so every page of a document shifts the same way
    double[][] corners = {{0, 0}, {pageWidth, 0}, {pageWidth, pageHeight}, {0, pageHeight}};
    double minX = Double.MAX_VALUE;
    double minY = Double.MAX_VALUE;
    for (double[] c : corners) {
      minX = Math.min(minX, cx + (c[0] - cx) * cos - (c[1] - cy) * sin);
      minY = Math.min(minY, cy + (c[0] - cx) * sin + (c[1] - cy) * cos);
    }
    for (Quad q : quads) {
      double[] xs = {q.x0(), q.x1(), q.x2(), q.x3()};
      double[] ys = {q.y0(), q.y1(), q.y2(), q.y3()};
      double x1 = Double.MAX_VALUE;
      double y1 = Double.MAX_VALUE;
      double x2 = -Double.MAX_VALUE;
      double y2 = -Double.MAX_VALUE;
      for (int i = 0; i < 4; i++) {
        double x = cx + (xs[i] - cx) * cos - (ys[i] - cy) * sin - minX;
        double y = cy + (xs[i] - cx) * sin + (ys[i] - cy) * cos - minY;
        x1 = Math.min(x1, x);
        y1 = Math.min(y1, y);
        x2 = Math.max(x2, x);
        y2 = Math.max(y2, y);
      }
      out.add(new Box((int) Math.floor(Math.max(0, x1)), (int) Math.floor(Math.max(0, y1)),
          (int) Math.ceil(Math.max(0, x2)), (int) Math.ceil(Math.max(0, y2))));
    }
    return out;
  }
}
