package org.groundedocr.ppocr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.geom.AffineTransform;
import java.awt.geom.Point2D;
import java.awt.image.AffineTransformOp;
import java.awt.image.BufferedImage;
import java.util.List;
import org.groundedocr.engine.EngineConfig;
import org.groundedocr.engine.OcrEngine;
import org.groundedocr.engine.OcrEngines;
import org.groundedocr.model.Box;
import org.groundedocr.model.GroundedPage;
import org.groundedocr.model.TextLine;
import org.groundedocr.model.Word;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A page scanned turned by 90, 180 or 270 degrees is read upright with the default options, and its
 * boxes point at the turned image the caller gave.
 */
class TurnedPageTest {

  static OcrEngine engine;

  @BeforeAll
  static void start() throws Exception {
    engine = OcrEngines.create(EngineConfig.of("ppocr"));
  }

  @AfterAll
  static void stop() {
    if (engine != null) {
      engine.close();
    }
  }

  /** {@code quarters} quarter turns clockwise of the image, and the same of points on it. */
  static AffineTransform turn(int quarters, int w, int h) {
    return switch (quarters) {
      case 1 -> new AffineTransform(0, 1, -1, 0, h, 0);
      case 2 -> new AffineTransform(-1, 0, 0, -1, w, h);
      case 3 -> new AffineTransform(0, -1, 1, 0, 0, w);
      default -> new AffineTransform();
    };
  }

  static Box turned(Box b, AffineTransform t) {
    Point2D a = t.transform(new Point2D.Double(b.x1(), b.y1()), null);
    Point2D c = t.transform(new Point2D.Double(b.x2(), b.y2()), null);
    return new Box((int) Math.min(a.getX(), c.getX()), (int) Math.min(a.getY(), c.getY()),
        (int) Math.max(a.getX(), c.getX()), (int) Math.max(a.getY(), c.getY()));
  }

  @Test
  void aPageTurnedEachWayIsReadUprightWithBoxesOnTheTurnedImage() throws Exception {
    SyntheticPage upright = SyntheticPage.render(
        1100, 420, SyntheticPage.paragraph(PpOcrEngineTest.TEXT.subList(0, 5), 40, 40, 26, 1.7),
        0, 0, 0, 1);
    String truth = String.join(" ", PpOcrEngineTest.TEXT.subList(0, 5));
    int w = upright.image.getWidth();
    int h = upright.image.getHeight();
    for (int quarters = 0; quarters < 4; quarters++) {
      AffineTransform t = turn(quarters, w, h);
      boolean swap = quarters % 2 == 1;
      BufferedImage img = new BufferedImage(swap ? h : w, swap ? w : h, BufferedImage.TYPE_INT_RGB);
      new AffineTransformOp(t, AffineTransformOp.TYPE_NEAREST_NEIGHBOR).filter(upright.image, img);
      GroundedPage page = engine.recognize(img, 1);
      assertEquals(img.getWidth(), page.width());
      assertEquals(img.getHeight(), page.height());
      String read = PpOcrEngineTest.pageText(page);
      assertTrue(SyntheticPage.cer(truth, read) <= 0.03, 90 * quarters + " degrees: " + read);
      List<TextLine> lines = PpOcrEngineTest.allLines(page);
      for (SyntheticPage.TruthLine line : upright.lines) {
        Box expected = turned(line.box(), t);
        double best = lines.stream().mapToDouble(l -> l.bbox().iou(expected)).max().orElse(0);
        assertTrue(best >= 0.5, 90 * quarters + " degrees: " + line.text() + " at " + expected
            + ", read " + lines.stream().map(TextLine::bbox).toList());
        for (TextLine l : lines) {
          for (Word word : l.words()) {
            assertTrue(l.bbox().iou(word.bbox()) > 0 && word.bbox().x2() <= page.width()
                && word.bbox().y2() <= page.height(), word + " in " + l.bbox());
          }
        }
      }
    }
  }
}
