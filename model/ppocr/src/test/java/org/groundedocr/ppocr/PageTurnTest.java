package org.groundedocr.ppocr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.groundedocr.model.Box;
import org.junit.jupiter.api.Test;

class PageTurnTest {

  /** The box around the black pixels of {@code img}. */
  static Box ink(BufferedImage img) {
    int x1 = Integer.MAX_VALUE;
    int y1 = Integer.MAX_VALUE;
    int x2 = -1;
    int y2 = -1;
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = 0; x < img.getWidth(); x++) {
        if ((img.getRGB(x, y) & 0xFF) < 128) {
          x1 = Math.min(x1, x);
          y1 = Math.min(y1, y);
          x2 = Math.max(x2, x + 1);
          y2 = Math.max(y2, y + 1);
        }
      }
    }
    return new Box(x1, y1, x2, y2);
  }

  @Test
  void boxesOfTheTurnedImageComeBackToTheOriginal() {
    BufferedImage img = new BufferedImage(300, 200, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, 300, 200);
    g.setColor(Color.BLACK);
    g.fillRect(20, 30, 100, 10); // a "line" near the top left
    g.dispose();
    Box original = ink(img);
    for (PageTurn t : PageTurn.values()) {
      BufferedImage turned = t.apply(img);
      assertEquals(t == PageTurn.CW90 || t == PageTurn.CW270 ? 200 : 300, turned.getWidth(), t.name());
      assertEquals(original, t.back(ink(turned), 300, 200), t.name());
    }
    // a quarter turn clockwise puts the top left at the top right
    Box cw = ink(PageTurn.CW90.apply(img));
    assertTrue(cw.x1() > 100 && cw.y1() < 40, cw.toString());
  }

  static Quad box(double x, double y, double w, double h) {
    return new Quad(x, y, x + w, y, x + w, y + h, x, y + h);
  }

  @Test
  void aPageLiesOnItsSideWhereMostLinesStandUpright() {
    List<Quad> tall = new ArrayList<>();
    List<Quad> wide = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      tall.add(box(100 + 40 * i, 100, 24, 500));
      wide.add(box(100, 100 + 40 * i, 500, 24));
    }
    assertTrue(PageOrientation.sideways(tall));
    assertFalse(PageOrientation.sideways(wide));
    // a table with a few turned column heads stays upright
    List<Quad> mixed = new ArrayList<>(wide);
    mixed.addAll(tall.subList(0, 3));
    assertFalse(PageOrientation.sideways(mixed));
  }
}
