package org.groundedocr.ppocr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DetectionScaleTest {

  /** {@code n} horizontal lines {@code height} page pixels high. */
  static List<Quad> lines(int n, double height) {
    List<Quad> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double y = 100 + 3 * height * i;
      out.add(new Quad(100, y, 100 + 20 * height, y, 100 + 20 * height, y + height, 100, y + height));
    }
    return out;
  }

  @Test
  void aPageWhoseLinesAreLargeEnoughIsDetectedOnce() {
    // A4 at 300 dpi: 60-pixel lines are 16 detector pixels at 960 on the longer side
    double ratio = 960.0 / 3508;
    assertNull(DetectionScale.second(2480, 3508, ratio, lines(20, 60)));
    // too few lines to measure
    assertNull(DetectionScale.second(2480, 3508, ratio, lines(2, 20)));
  }

  @Test
  void smallTextIsDetectedAgainAtTheTargetHeightWithinTheMemoryBound() {
    // A4 at 300 dpi, lines 30 pixels high: 8.2 detector pixels, so 16 / 8.2 times the scale
    double ratio = 960.0 / 3508;
    int[] size = DetectionScale.second(2480, 3508, ratio, lines(20, 30));
    double lineThere = 30.0 * size[1] / 3508;
    assertTrue(Math.abs(lineThere - DetectionScale.TARGET_BODY) < 0.5, size[0] + "x" + size[1]);
    // A3 at 600 dpi, lines 60 pixels high: the target would need 6 million pixels
    int[] a3 = DetectionScale.second(7016, 9921, 960.0 / 9921, lines(20, 60));
    assertTrue((long) a3[0] * a3[1] <= DetectionScale.MAX_PIXELS * 1.05, a3[0] + "x" + a3[1]);
    assertTrue(a3[1] > 2000, a3[0] + "x" + a3[1]);
    // never beyond the page's own pixels
    int[] small = DetectionScale.second(1000, 1400, 960.0 / 1400, lines(20, 10));
    assertArrayEquals(DetectionScale.fitted(1000, 1400, 1400), small);
    assertNull(DetectionScale.second(600, 800, 1, lines(20, 3)));
  }
}
