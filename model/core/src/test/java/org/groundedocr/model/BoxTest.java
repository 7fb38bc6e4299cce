package org.groundedocr.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class BoxTest {
  @Test
  void iouUnionAndClip() {
    Box a = new Box(0, 0, 10, 10);
    Box b = new Box(5, 0, 15, 10);
    assertEquals(50.0 / 150.0, a.iou(b), 1e-12);
    assertEquals(0.0, a.iou(new Box(20, 20, 30, 30)));
    assertEquals(new Box(0, 0, 15, 10), Box.union(List.of(a, b)));
    assertNull(Box.union(List.of()));
    assertEquals(new Box(0, 5, 8, 8), new Box(-3, 5, 20, 30).clip(8, 8));
  }

  @Test
  void invertedBoxIsRejectedUnlessNormalised() {
    assertThrows(IllegalArgumentException.class, () -> new Box(10, 0, 0, 10));
    assertEquals(new Box(0, 0, 10, 10), Box.normalised(10, 10, 0, 0));
  }

  @Test
  void pagesAreOneBased() {
    assertThrows(IllegalArgumentException.class,
        () -> new GroundedPage(0, 1, 1, List.of(), PageStats.of("x", "", 0)));
  }
}
