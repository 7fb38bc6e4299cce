package org.groundedocr.layout;

import org.groundedocr.model.Box;

/**
 * The mean stroke width of the text in a line's box, in pixels: the box's pixels darker than the
 * middle between its paper and its ink, taken as horizontal runs, and their mean run length. Bold
 * type has strokes about one and a half to two times as wide as regular type of the same size,
 * whatever the letters; ink per area would depend on the letters and on how tightly the box fits.
 */
final class StrokeWidth {

  /** Boxes with less contrast than this between paper and ink (grey levels) have no text to measure. */
  private static final int MIN_CONTRAST = 40;

  private StrokeWidth() {}

  /** The mean horizontal run of ink in {@code box} (page pixels), or NaN when it holds no ink. */
  static double of(PagePixels page, Box box) {
    int x1 = Math.max(0, box.x1());
    int y1 = Math.max(0, box.y1());
    int x2 = Math.min(page.width(), box.x2());
    int y2 = Math.min(page.height(), box.y2());
    if (x2 - x1 < 2 || y2 - y1 < 2) {
      return Double.NaN;
    }
    int[] histogram = new int[256];
    float[] bgr = new float[3];
    int w = x2 - x1;
    int[] grey = new int[w * (y2 - y1)];
    for (int y = y1; y < y2; y++) {
      for (int x = x1; x < x2; x++) {
        page.bgr(x, y, bgr);
        int g = Math.min(255, Math.max(0, Math.round((bgr[0] + bgr[1] + bgr[2]) / 3)));
        grey[(y - y1) * w + (x - x1)] = g;
        histogram[g]++;
      }
    }
    int ink = percentile(histogram, grey.length, 0.02);
    int paper = percentile(histogram, grey.length, 0.5); // most of a line's box is paper
    if (paper - ink < MIN_CONTRAST) {
      return Double.NaN;
    }
    int threshold = (ink + paper) / 2;
    long dark = 0;
    long runs = 0;
    for (int y = 0; y < y2 - y1; y++) {
      boolean inRun = false;
      for (int x = 0; x < w; x++) {
        boolean d = grey[y * w + x] < threshold;
        if (d) {
          dark++;
          if (!inRun) {
            runs++;
          }
        }
        inRun = d;
      }
    }
    return runs == 0 ? Double.NaN : (double) dark / runs;
  }

  private static int percentile(int[] histogram, int n, double share) {
    long seen = 0;
    for (int g = 0; g < 256; g++) {
      seen += histogram[g];
      if (seen >= share * n) {
        return g;
      }
    }
    return 255;
  }
}
