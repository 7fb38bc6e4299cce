package org.groundedocr.ppocr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.groundedocr.model.Box;
import org.junit.jupiter.api.Test;

class DbPostProcessorTest {

  /** A probability map with {@code value} inside the given rectangles and 0 elsewhere. */
  static float[] map(int w, int h, float value, int[]... rects) {
    float[] prob = new float[w * h];
    for (int[] r : rects) {
      for (int y = r[1]; y < r[3]; y++) {
        for (int x = r[0]; x < r[2]; x++) {
          prob[y * w + x] = value;
        }
      }
    }
    return prob;
  }

  @Test
  void findsOneBoxPerKernelScaledToThePageAndGrownByTheUnclipDistance() {
    float[] prob = map(200, 100, 0.9f, new int[] {20, 10, 120, 20}, new int[] {20, 50, 180, 62});
    DbPostProcessor post = new DbPostProcessor(0.3f, 0.6f, 1.5, 1000);
    List<Quad> boxes = post.boxes(prob, 200, 100, 400, 200); // page twice the map's size
    assertEquals(2, boxes.size());
    Box first = boxes.get(0).bounds(400, 200);
    // kernel spans pixel centres 20..119 x 10..19: 99 x 9, unclip d = 99*9*1.5/216 = 6.19
    double d = 99 * 9 * 1.5 / (2 * (99 + 9));
    assertEquals(2 * (20 - d), first.x1(), 1.5);
    assertEquals(2 * (119 + d), first.x2(), 1.5);
    assertEquals(2 * (10 - d), first.y1(), 1.5);
    assertEquals(2 * (19 + d), first.y2(), 1.5);
  }

  @Test
  void dropsWeakNarrowAndTinyKernels() {
    DbPostProcessor post = new DbPostProcessor(0.3f, 0.6f, 1.5, 1000);
    // above the binary threshold but below the box threshold
    assertTrue(post.boxes(map(100, 100, 0.45f, new int[] {10, 10, 90, 30}), 100, 100, 100, 100)
        .isEmpty());
    // two pixels high: under PaddleOCR's min_size of 3
    assertTrue(post.boxes(map(100, 100, 0.9f, new int[] {10, 10, 90, 12}), 100, 100, 100, 100)
        .isEmpty());
    // a lone speck
    assertTrue(post.boxes(map(100, 100, 0.9f, new int[] {50, 50, 51, 51}), 100, 100, 100, 100)
        .isEmpty());
  }

  @Test
  void diagonalNeighboursAreOneKernelAndCandidatesAreCapped() {
    float[] prob = new float[60 * 60];
    for (int i = 0; i < 40; i++) { // a diagonal staircase, 8 pixels wide (5.7 across)
      for (int t = 0; t < 8; t++) {
        prob[(5 + i) * 60 + 5 + i + t] = 0.9f;
      }
    }
    DbPostProcessor post = new DbPostProcessor(0.3f, 0.5f, 1.5, 1000);
    assertEquals(1, post.boxes(prob, 60, 60, 60, 60).size());
    float[] many = map(100, 100, 0.9f, new int[] {5, 5, 40, 15}, new int[] {5, 30, 40, 40},
        new int[] {5, 60, 40, 70});
    assertEquals(2, new DbPostProcessor(0.3f, 0.6f, 1.5, 2).boxes(many, 100, 100, 100, 100).size());
  }
}
