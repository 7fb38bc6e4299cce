package org.groundedocr.ppocr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.groundedocr.model.Box;
import org.junit.jupiter.api.Test;

class PageSkewTest {

  /** A line of {@code w} x {@code h} whose top-left corner is at x, y, turned by {@code degrees}. */
  private static Quad line(double x, double y, double w, double h, double degrees) {
    double a = Math.toRadians(degrees);
    double c = Math.cos(a);
    double s = Math.sin(a);
    return new Quad(x, y, x + w * c, y + w * s, x + w * c - h * s, y + w * s + h * c, x - h * s, y + h * c);
  }

  @Test
  void theSkewIsTheMedianAngleOfTheLongLines() {
    List<Quad> quads = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      quads.add(line(100, 100 + 40 * i, 600, 20, 5 + 0.1 * i));
    }
    quads.add(line(100, 400, 30, 20, 40)); // a short box (a digit): its angle does not count
    assertEquals(5.2, Math.toDegrees(PageSkew.of(quads).radians()), 1e-9);
  }

  @Test
  void straightOrSparsePagesAreNotTurned() {
    List<Quad> straight = List.of(line(0, 0, 500, 20, 0.1), line(0, 40, 500, 20, -0.2), line(0, 80, 500, 20, 0.2));
    assertTrue(PageSkew.of(straight).isNone());
    assertTrue(PageSkew.of(List.of(line(0, 0, 500, 20, 6), line(0, 40, 500, 20, 6))).isNone(), "two lines");
    assertTrue(PageSkew.of(List.of()).isNone());
  }

  @Test
  void turnedBackTheLinesOfASkewedParagraphAreRowsAgain() {
    List<Quad> quads = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      quads.add(line(100, 100 + 40 * i, 700, 20, 8));
    }
    PageSkew skew = PageSkew.of(quads);
    List<Box> onPage = PageSkew.NONE.layoutBoxes(quads, 1000, 800);
    List<Box> turned = skew.layoutBoxes(quads, 1000, 800);
    // on the page each line's box spans ~100 pixels of height and overlaps the next two lines
    assertTrue(onPage.get(0).y2() > onPage.get(2).y1());
    for (int i = 0; i < 4; i++) {
      Box b = turned.get(i);
      assertEquals(700, b.width(), 2);
      assertEquals(20, b.height(), 2);
      assertTrue(b.x1() >= 0 && b.y1() >= 0);
      if (i > 0) {
        assertEquals(40, b.y1() - turned.get(i - 1).y1(), 1, "one pitch below the previous line");
      }
    }
  }
}
