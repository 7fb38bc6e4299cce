package org.groundedocr.ppocr;

import org.groundedocr.model.Box;

/**
 * A text box as detection finds it: a rectangle at any angle, corners in reading order (top-left,
 * top-right, bottom-right, bottom-left for horizontal text) in pixel coordinates.
 */
record Quad(double x0, double y0, double x1, double y1, double x2, double y2, double x3, double y3) {

  /** Length of the top edge (the reading direction for horizontal text). */
  double width() {
    return Math.max(Math.hypot(x1 - x0, y1 - y0), Math.hypot(x2 - x3, y2 - y3));
  }

  /** Length of the left edge. */
  double height() {
    return Math.max(Math.hypot(x3 - x0, y3 - y0), Math.hypot(x2 - x1, y2 - y1));
  }

  double minX() {
    return Math.min(Math.min(x0, x1), Math.min(x2, x3));
  }

  double maxX() {
    return Math.max(Math.max(x0, x1), Math.max(x2, x3));
  }

  double minY() {
    return Math.min(Math.min(y0, y1), Math.min(y2, y3));
  }

  double maxY() {
    return Math.max(Math.max(y0, y1), Math.max(y2, y3));
  }

  /** The axis-aligned box around the corners, rounded outwards and clipped to the page. */
  Box bounds(int pageWidth, int pageHeight) {
    return new Box(
            (int) Math.floor(minX()), (int) Math.floor(minY()),
            (int) Math.ceil(maxX()), (int) Math.ceil(maxY()))
        .clip(pageWidth, pageHeight);
  }

  /** This quad with every x scaled by {@code sx} and every y by {@code sy}. */
  Quad scale(double sx, double sy) {
    return new Quad(x0 * sx, y0 * sy, x1 * sx, y1 * sy, x2 * sx, y2 * sy, x3 * sx, y3 * sy);
  }
}
