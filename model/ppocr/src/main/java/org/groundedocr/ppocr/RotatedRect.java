package org.groundedocr.ppocr;

import java.util.Arrays;

/**
 * The minimum-area rectangle around a point set, and the two operations DB post-processing needs
 * on it: growing it (the "unclip") and turning it into an ordered {@link Quad}.
 *
 * <p>Hand-written rather than taken from OpenCV: OpenCV's Java binding on Maven Central ships
 * 50–100 MB of native code per platform for three small algorithms, and we only need them on a few
 * hundred points per text line. The algorithms are the textbook ones (Andrew's monotone chain for
 * the convex hull; the minimum-area enclosing rectangle has a side collinear with a hull edge, so
 * trying every hull edge — the rotating-calipers argument — finds it exactly).
 *
 * @param cx centre x
 * @param cy centre y
 * @param ux unit vector of the rectangle's first side
 * @param uy unit vector of the rectangle's first side
 * @param w length along {@code (ux, uy)}
 * @param h length along the normal {@code (-uy, ux)}
 */
record RotatedRect(double cx, double cy, double ux, double uy, double w, double h) {

  /** The shorter side, the size DB post-processing filters on. */
  double shortSide() {
    return Math.min(w, h);
  }

  /**
   * This rectangle grown by {@code distance} on every side. DB post-processing unclips the
   * detected (shrunk) text kernel by offsetting its polygon by {@code area * ratio / perimeter}
   * with round joins, then takes the minimum-area rectangle of the result; for a rectangle that is
   * exactly the rectangle grown by the distance on each side, so no general polygon offset is
   * needed.
   */
  RotatedRect grow(double distance) {
    return new RotatedRect(cx, cy, ux, uy, w + 2 * distance, h + 2 * distance);
  }

  /** DB's unclip distance: {@code area * ratio / perimeter}. */
  double unclipDistance(double ratio) {
    double perimeter = 2 * (w + h);
    return perimeter <= 0 ? 0 : w * h * ratio / perimeter;
  }

  /**
   * The corners ordered as PaddleOCR's {@code get_mini_boxes} orders them: of the two leftmost
   * corners the upper is first and the lower last, of the two rightmost the upper is second and the
   * lower third — top-left, top-right, bottom-right, bottom-left for text that is roughly
   * horizontal.
   */
  Quad toQuad() {
    double hx = ux * w / 2;
    double hy = uy * w / 2;
    double vx = -uy * h / 2;
    double vy = ux * h / 2;
    double[][] p = {
      {cx - hx - vx, cy - hy - vy},
      {cx + hx - vx, cy + hy - vy},
      {cx + hx + vx, cy + hy + vy},
      {cx - hx + vx, cy - hy + vy}
    };
    Arrays.sort(p, (a, b) -> Double.compare(a[0], b[0]));
    double[] topLeft;
    double[] bottomLeft;
    if (p[1][1] > p[0][1]) {
      topLeft = p[0];
      bottomLeft = p[1];
    } else {
      topLeft = p[1];
      bottomLeft = p[0];
    }
    double[] topRight;
    double[] bottomRight;
    if (p[3][1] > p[2][1]) {
      topRight = p[2];
      bottomRight = p[3];
    } else {
      topRight = p[3];
      bottomRight = p[2];
    }
    return new Quad(
        topLeft[0], topLeft[1], topRight[0], topRight[1],
        bottomRight[0], bottomRight[1], bottomLeft[0], bottomLeft[1]);
  }

  /**
   * The minimum-area rectangle around {@code n} points ({@code xs[i], ys[i]}), or {@code null} for
   * no points. Collinear or single points give a rectangle with a zero side.
   */
  static RotatedRect minAreaRect(int[] xs, int[] ys, int n) {
    if (n == 0) {
      return null;
    }
    int[] hull = convexHull(xs, ys, n);
    int m = hull.length / 2;
    if (m == 1) {
      return new RotatedRect(hull[0], hull[1], 1, 0, 0, 0);
    }
    double bestArea = Double.MAX_VALUE;
    RotatedRect best = null;
    for (int i = 0; i < m; i++) {
      int j = (i + 1) % m;
      double ex = hull[2 * j] - hull[2 * i];
      double ey = hull[2 * j + 1] - hull[2 * i + 1];
      double len = Math.hypot(ex, ey);
      if (len == 0) {
        continue;
      }
      double ux = ex / len;
      double uy = ey / len;
      double minU = Double.MAX_VALUE;
      double maxU = -Double.MAX_VALUE;
      double minV = Double.MAX_VALUE;
      double maxV = -Double.MAX_VALUE;
      for (int k = 0; k < m; k++) {
        double px = hull[2 * k];
        double py = hull[2 * k + 1];
        double u = px * ux + py * uy;
        double v = -px * uy + py * ux;
        minU = Math.min(minU, u);
        maxU = Math.max(maxU, u);
        minV = Math.min(minV, v);
        maxV = Math.max(maxV, v);
      }
      double area = (maxU - minU) * (maxV - minV);
      if (area < bestArea - 1e-9) {
        bestArea = area;
        double cu = (minU + maxU) / 2;
        double cv = (minV + maxV) / 2;
        // back from (u, v) to (x, y): x = u*ux - v*uy, y = u*uy + v*ux
        best = new RotatedRect(
            cu * ux - cv * uy, cu * uy + cv * ux, ux, uy, maxU - minU, maxV - minV);
      }
    }
    return best;
  }

  /**
   * Andrew's monotone chain. Returns the hull's vertices counter-clockwise (in y-down pixel
   * coordinates, clockwise on screen) as {@code x0, y0, x1, y1, …}, without collinear points.
   */
  static int[] convexHull(int[] xs, int[] ys, int n) {
    long[] keys = new long[n];
    for (int i = 0; i < n; i++) {
      // sort by x, then y; coordinates are small non-negative ints
      keys[i] = ((long) xs[i] << 32) | (ys[i] & 0xFFFFFFFFL);
    }
    Arrays.sort(keys);
    int unique = 0;
    for (int i = 0; i < n; i++) {
      if (i == 0 || keys[i] != keys[i - 1]) {
        keys[unique++] = keys[i];
      }
    }
    if (unique == 1) {
      return new int[] {(int) (keys[0] >> 32), (int) keys[0]};
    }
    int[] hx = new int[2 * unique];
    int[] hy = new int[2 * unique];
    int k = 0;
    for (int i = 0; i < unique; i++) { // lower hull
      int x = (int) (keys[i] >> 32);
      int y = (int) keys[i];
      while (k >= 2 && cross(hx[k - 2], hy[k - 2], hx[k - 1], hy[k - 1], x, y) <= 0) {
        k--;
      }
      hx[k] = x;
      hy[k] = y;
      k++;
    }
    for (int i = unique - 2, lower = k + 1; i >= 0; i--) { // upper hull
      int x = (int) (keys[i] >> 32);
      int y = (int) keys[i];
      while (k >= lower && cross(hx[k - 2], hy[k - 2], hx[k - 1], hy[k - 1], x, y) <= 0) {
        k--;
      }
      hx[k] = x;
      hy[k] = y;
      k++;
    }
    int m = k - 1; // the last point repeats the first
    int[] out = new int[2 * m];
    for (int i = 0; i < m; i++) {
      out[2 * i] = hx[i];
      out[2 * i + 1] = hy[i];
    }
    return out;
  }

  private static long cross(int ox, int oy, int ax, int ay, int bx, int by) {
    return (long) (ax - ox) * (by - oy) - (long) (ay - oy) * (bx - ox);
  }
}
