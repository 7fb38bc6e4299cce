package org.groundedocr.ppocr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.groundedocr.engine.Device;
import org.groundedocr.engine.EngineConfig;
import org.groundedocr.engine.OcrEngine;
import org.groundedocr.engine.OcrEngines;
import org.groundedocr.model.GroundedPage;
import org.groundedocr.model.TextLine;
import org.junit.jupiter.api.Test;

/**
 * A 600-dpi A3 page of 7-point text (small print, a footnote's size): at PaddleOCR's fixed 960
 * pixels the detector sees its lines about 6 pixels high and loses most of them (16 of 64 found
 * when this test was written); detection that follows the page finds them all.
 */
class LargePageDetectionTest {

  static final int WIDTH = 7016;
  static final int HEIGHT = 9921;
  static final int LINES = 64;

  /** The page and its lines' texts, top to bottom. */
  static BufferedImage render(List<String> texts) {
    BufferedImage img = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_BYTE_GRAY);
    Graphics2D g = img.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, WIDTH, HEIGHT);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(new Color(30, 30, 30));
    // 7 pt at 600 dpi is 58 pixels; lines 1.3 apart
    g.setFont(new Font("DejaVu Serif", Font.PLAIN, 58));
    int baseline = 900;
    for (String t : texts) {
      g.drawString(t, 700, baseline);
      baseline += 75;
    }
    g.dispose();
    return img;
  }

  static List<String> texts() {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < LINES; i++) {
      String s = PpOcrEngineTest.TEXT.get(i % PpOcrEngineTest.TEXT.size());
      out.add("Line " + (i + 1) + ": " + s);
    }
    return out;
  }

  static List<TextLine> lines(GroundedPage page) {
    List<TextLine> out = new ArrayList<>();
    page.regions().forEach(r -> out.addAll(r.lines()));
    return out;
  }

  @Test
  void aLargePageKeepsEveryLineWhereDetectionFollowsThePage() throws Exception {
    List<String> texts = texts();
    BufferedImage page = render(texts);
    int fixed;
    try (OcrEngine at960 = OcrEngines.create(
        new EngineConfig("ppocr", Device.CPU, null, Map.of(PpOcrOptions.LIMIT_SIDE, "960")))) {
      fixed = lines(at960.recognize(page, 1)).size();
    }
    try (OcrEngine following = OcrEngines.create(EngineConfig.of("ppocr"))) {
      GroundedPage read = following.recognize(page, 1);
      List<TextLine> lines = lines(read);
      assertEquals(LINES, lines.size(), "lines found (at a fixed 960: " + fixed + ")");
      StringBuilder all = new StringBuilder();
      lines.forEach(l -> all.append(l.text()).append(' '));
      String truth = String.join(" ", texts);
      double cer = SyntheticPage.cer(truth, all.toString());
      assertTrue(cer <= 0.02, "CER " + cer + ": " + all);
      assertTrue(lines.get(0).text().startsWith("Line 1:"), lines.get(0).text());
    }
    assertTrue(fixed < LINES, "the page must be one that a fixed 960 reads short: " + fixed);
  }
}
