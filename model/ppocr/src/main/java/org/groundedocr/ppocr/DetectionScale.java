package org.groundedocr.ppocr;

import java.util.ArrayList;
import java.util.List;

/**
 * The size the detector sees a page at, following the page: its text, not its pixel count.
 *
 * <p>Why: PaddleOCR scales every page to {@link #FIRST_SIDE} pixels on its longer side, which puts
 * the body text of a 300-dpi A4 page at a height the detector finds reliably, but shrinks the text
 * of a 600-dpi A3 page (or a 400-dpi newspaper page of small print) three times further, where
 * thin lines and small print fall below what it can see (a 600-dpi A3 page lost its first line).
 * So the page is first detected at {@link #FIRST_SIDE}; where the median height of its text lines
 * there is below {@link #MIN_BODY} detector pixels, it is detected again at the scale that puts
 * that median at {@link #TARGET_BODY}, bounded to {@link #MAX_PIXELS} detector pixels (the
 * detector's memory grows with them) and to {@link #MAX_ENLARGEMENT} times the page's own size. Pages whose text is
 * already large enough cost nothing extra. Stateless.
 */
final class DetectionScale {

  /** The first look's longer side (PaddleOCR's {@code limit_side_len}). */
  static final int FIRST_SIDE = 960;
  /** Median line height, in detector pixels, below which the page is detected again larger. */
  static final double MIN_BODY = 12;
  /** Median line height the second look aims at, in detector pixels. */
  static final double TARGET_BODY = 16;
  /**
   * Detector pixels at most: about three times an A4 page's first look, which keeps the detector's
   * activations to a few hundred MB.
   */
  static final long MAX_PIXELS = 4_000_000L;
  /**
   * Most the second look enlarges the page itself: not at all. Enlarging 72-dpi PubLayNet pages
   * (8-pixel lines) twice found not one line more on them and cost 3–20 % more CPU; the detector's
   * problem is pixels thrown away by shrinking, not pixels the scan never had.
   */
  static final double MAX_ENLARGEMENT = 1;
  /** Lines needed to measure the body height: fewer, and the first look stands. */
  static final int MIN_LINES = 3;

  private DetectionScale() {}

  /**
   * The detector input for a {@code width x height} page at a fixed {@code limitSide}: its longer
   * side at most that, sides rounded to multiples of 32 (the network's strides).
   */
  static int[] fitted(int width, int height, int limitSide) {
    int longer = Math.max(width, height);
    double ratio = longer > limitSide ? (double) limitSide / longer : 1.0;
    return scaled(width, height, ratio);
  }

  /**
   * The second look's input size, or null where the first look's {@code quads} (in page pixels,
   * found at {@code firstRatio} detector pixels per page pixel) show text large enough.
   */
  static int[] second(int width, int height, double firstRatio, List<Quad> quads) {
    List<Double> heights = new ArrayList<>();
    for (Quad q : quads) {
      double along = q.width();
      double across = q.height();
      // lines only: single characters and specks say little about the body size
      if (Math.max(along, across) >= 2 * Math.min(along, across)) {
        heights.add(Math.min(along, across));
      }
    }
    if (heights.size() < MIN_LINES) {
      return null;
    }
    heights.sort(null);
    double body = heights.get(heights.size() / 2) * firstRatio;
    if (body >= MIN_BODY) {
      return null;
    }
    double ratio = firstRatio * TARGET_BODY / body;
    ratio = Math.min(ratio, Math.sqrt((double) MAX_PIXELS / ((double) width * height)));
    ratio = Math.min(ratio, MAX_ENLARGEMENT);
    if (ratio <= firstRatio * 1.05) {
      return null;
    }
    return scaled(width, height, ratio);
  }

  private static int[] scaled(int width, int height, double ratio) {
    int w = Math.max(32, (int) Math.round(width * ratio / 32) * 32);
    int h = Math.max(32, (int) Math.round(height * ratio / 32) * 32);
    return new int[] {w, h};
  }
}
