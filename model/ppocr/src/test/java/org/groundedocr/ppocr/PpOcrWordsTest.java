package org.groundedocr.ppocr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.font.FontRenderContext;
import java.awt.font.TextAttribute;
import java.awt.font.TextLayout;
import java.awt.geom.AffineTransform;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.text.AttributedString;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.groundedocr.engine.EngineConfig;
import org.groundedocr.engine.OcrEngine;
import org.groundedocr.engine.OcrEngines;
import org.groundedocr.format.OcrFormat;
import org.groundedocr.model.Box;
import org.groundedocr.model.GroundedDocument;
import org.groundedocr.model.GroundedPage;
import org.groundedocr.model.TextLine;
import org.groundedocr.model.Word;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Word boxes and confidences from the embedded engine, on lines rendered here so that each word's
 * ink box is known exactly.
 */
class PpOcrWordsTest {

  /** How far a word's box may lie from its rendered ink, in pixels, horizontally. */
  static final int TOLERANCE_X = 4;

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

  /** A rendered page and the ink box of each word (in page order). */
  record Rendered(BufferedImage image, List<String> words, List<Box> boxes) {}

  /**
   * Renders {@code lines} of 30-pixel text, one under the other; {@code tracking} (a fraction of
   * the em, Java2D's {@link TextAttribute#TRACKING}) spreads the letters of the words listed in
   * {@code spaced} and the spaces either side, as letter-spaced print does.
   */
  static Rendered render(int width, List<String> lines, List<String> spaced, float tracking) {
    int height = 80 + 60 * lines.size();
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, width, height);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
    g.setColor(new Color(20, 20, 20));
    FontRenderContext frc = new FontRenderContext(new AffineTransform(), true, true);
    Font font = new Font("DejaVu Sans", Font.PLAIN, 1).deriveFont(30f);
    List<String> words = new ArrayList<>();
    List<Box> boxes = new ArrayList<>();
    int baseline = 70;
    for (String line : lines) {
      AttributedString as = new AttributedString(line);
      as.addAttribute(TextAttribute.FONT, font);
      for (String s : spaced) {
        int at = line.indexOf(s);
        if (at >= 0) {
          // with FONT set, Java2D ignores a TRACKING attribute beside it: the font itself tracks
          as.addAttribute(TextAttribute.FONT, font.deriveFont(Map.of(TextAttribute.TRACKING, tracking)),
              Math.max(0, at - 1), at + s.length());
        }
      }
      TextLayout layout = new TextLayout(as.getIterator(), frc);
      int x = 40;
      layout.draw(g, x, baseline);
      Matcher m = Pattern.compile("\\S+").matcher(line);
      while (m.find()) {
        Rectangle2D r = layout.getBlackBoxBounds(m.start(), m.end()).getBounds2D();
        words.add(m.group());
        boxes.add(new Box((int) Math.floor(r.getMinX() + x), (int) Math.floor(r.getMinY() + baseline),
            (int) Math.ceil(r.getMaxX() + x), (int) Math.ceil(r.getMaxY() + baseline)));
      }
      baseline += 60;
    }
    g.dispose();
    return new Rendered(img, words, boxes);
  }

  static List<TextLine> lines(GroundedPage page) {
    List<TextLine> out = new ArrayList<>();
    page.regions().forEach(r -> out.addAll(r.lines()));
    return out;
  }

  static List<Word> words(GroundedPage page) {
    List<Word> out = new ArrayList<>();
    lines(page).forEach(l -> out.addAll(l.words()));
    return out;
  }

  @Test
  void everyLineCarriesItsWordsWithBoxesOnTheInkAndConfidences() throws Exception {
    Rendered r = render(1400, List.of(
        "Grounded OCR turns scanned pages into searchable text.",
        "Invoice 2024-0117 was paid on 12 March for 1,250.00 EUR."), List.of(), 0);
    GroundedPage page = engine.recognize(r.image(), 1);
    for (TextLine l : lines(page)) {
      assertEquals(l.text(), String.join(" ", l.words().stream().map(Word::text).toList()),
          "a line's text is its words joined by spaces");
    }
    List<Word> read = words(page);
    assertEquals(r.words(), read.stream().map(Word::text).toList());
    for (int i = 0; i < read.size(); i++) {
      Word w = read.get(i);
      Box truth = r.boxes().get(i);
      assertTrue(Math.abs(w.bbox().x1() - truth.x1()) <= TOLERANCE_X
              && Math.abs(w.bbox().x2() - truth.x2()) <= TOLERANCE_X,
          w.text() + ": read " + w.bbox() + ", rendered " + truth);
      assertTrue(w.bbox().y1() <= truth.y1() + 2 && w.bbox().y2() >= truth.y2() - 2
              && w.bbox().height() <= 2 * truth.height() + 10,
          w.text() + ": read " + w.bbox() + ", rendered " + truth);
      assertTrue(w.hasConfidence() && w.confidence() > 0.5 && w.confidence() <= 1,
          w.text() + " confidence " + w.confidence());
    }
  }

  @Test
  void theAltoExportCarriesTheEnginesWordsAndConfidences() throws Exception {
    Rendered r = render(1000, List.of("Pack my box with five dozen jugs."), List.of(), 0);
    GroundedPage page = engine.recognize(r.image(), 1);
    String alto = OcrFormat.ALTO.toString(new GroundedDocument("line.png", "ppocr", List.of(page)));
    Matcher m = Pattern.compile("<String [^>]*CONTENT=\"([^\"]*)\"[^>]*>").matcher(alto);
    List<String> contents = new ArrayList<>();
    int withConfidence = 0;
    while (m.find()) {
      contents.add(m.group(1));
      if (m.group().contains(" WC=\"")) {
        withConfidence++;
      }
    }
    assertEquals(r.words(), contents, alto);
    assertEquals(contents.size(), withConfidence, "every String has the engine's WC: " + alto);
    Word first = words(page).get(0);
    assertTrue(alto.contains("HPOS=\"" + first.bbox().x1() + "\""), alto);
  }

  @Test
  void letterSpacedWordsAreOneWordAndOneLetterWordsStayApart() throws Exception {
    Rendered r = render(1400, List.of(
        "This Will Be Charged to your account",
        "Rows a b c and d stay empty"), List.of("Will", "Charged"), 0.4f);
    GroundedPage page = engine.recognize(r.image(), 1);
    List<String> read = words(page).stream().map(Word::text).toList();
    // without the rule: "This Will Be C h a r g e d to your account"
    assertTrue(read.contains("Will") && read.contains("Charged"), "read: " + read);
    assertTrue(read.containsAll(List.of("Be", "to", "your", "Rows", "a", "b", "c", "d")),
        "short words beside the spaced ones and one-letter words stay apart: " + read);
  }
}
