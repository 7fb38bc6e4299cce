package org.groundedocr.ppocr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class RotatedRectTest {

  @Test
  void axisAlignedPointsGiveTheirBoundingBox() {
    int[] xs = {10, 50, 50, 10, 30, 20};
    int[] ys = {5, 5, 25, 25, 15, 10};
    RotatedRect r = RotatedRect.minAreaRect(xs, ys, xs.length);
    assertEquals(40 * 20, r.w() * r.h(), 1e-9);
    assertEquals(30, r.cx(), 1e-9);
    assertEquals(15, r.cy(), 1e-9);
    Quad q = r.toQuad();
    // top-left, top-right, bottom-right, bottom-left
    assertEquals(10, q.x0(), 1e-9);
    assertEquals(5, q.y0(), 1e-9);
    assertEquals(50, q.x1(), 1e-9);
    assertEquals(5, q.y1(), 1e-9);
    assertEquals(50, q.x2(), 1e-9);
    assertEquals(25, q.y2(), 1e-9);
    assertEquals(10, q.x3(), 1e-9);
    assertEquals(25, q.y3(), 1e-9);
  }

  @Test
  void findsTheRotatedRectangleOfARotatedPointCloud() {
    // points filling a 200 x 30 rectangle turned by 12 degrees about (300, 200)
    double angle = Math.toRadians(12);
    Random random = new Random(5);
    int n = 4000;
    int[] xs = new int[n];
    int[] ys = new int[n];
    for (int i = 0; i < n; i++) {
      double u = (i < 4 ? (i % 2 == 0 ? -100 : 100) : random.nextDouble() * 200 - 100);
      double v = (i < 4 ? (i < 2 ? -15 : 15) : random.nextDouble() * 30 - 15);
      xs[i] = (int) Math.round(300 + u * Math.cos(angle) - v * Math.sin(angle));
      ys[i] = (int) Math.round(200 + u * Math.sin(angle) + v * Math.cos(angle));
    }
    RotatedRect r = RotatedRect.minAreaRect(xs, ys, n);
    double longSide = Math.max(r.w(), r.h());
    double shortSide = r.shortSide();
    assertEquals(200, longSide, 2.5);
    assertEquals(30, shortSide, 2.5);
    double found = Math.toDegrees(Math.atan2(r.w() >= r.h() ? r.uy() : r.ux(),
        r.w() >= r.h() ? r.ux() : -r.uy()));
    assertEquals(12, ((found % 180) + 180) % 180, 1.0);
    // every point is inside (within rounding)
    Quad q = r.toQuad();
    for (int i = 0; i < n; i++) {
      assertTrue(xs[i] >= q.minX() - 1e-6 && xs[i] <= q.maxX() + 1e-6);
    }
  }

  @Test
  void growingAddsTheUnclipDistanceOnEverySide() {
    RotatedRect r = new RotatedRect(0, 0, 1, 0, 100, 10);
    double d = r.unclipDistance(1.5);
    assertEquals(100 * 10 * 1.5 / 220, d, 1e-9);
    RotatedRect g = r.grow(d);
    assertEquals(100 + 2 * d, g.w(), 1e-9);
    assertEquals(10 + 2 * d, g.h(), 1e-9);
  }

  @Test
  void degenerateInputs() {
    assertNull(RotatedRect.minAreaRect(new int[0], new int[0], 0));
    RotatedRect point = RotatedRect.minAreaRect(new int[] {3, 3}, new int[] {4, 4}, 2);
    assertEquals(0, point.shortSide(), 1e-9);
    RotatedRect line = RotatedRect.minAreaRect(new int[] {0, 5, 10}, new int[] {0, 0, 0}, 3);
    assertEquals(0, line.shortSide(), 1e-9);
    assertEquals(10, Math.max(line.w(), line.h()), 1e-9);
    int[] hull = RotatedRect.convexHull(new int[] {0, 1, 2, 2, 0, 1}, new int[] {0, 0, 0, 2, 2, 1}, 6);
    assertEquals(8, hull.length, "collinear and interior points are dropped");
  }
}
