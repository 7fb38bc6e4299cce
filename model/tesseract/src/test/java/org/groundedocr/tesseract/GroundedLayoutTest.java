package org.groundedocr.tesseract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.groundedocr.model.Box;
import org.groundedocr.model.Region;
import org.groundedocr.model.TextLine;
import org.groundedocr.model.Word;
import org.junit.jupiter.api.Test;

/**
 * {@link GroundedLayout} on lines as Tesseract gives them beside a column rule (no libtesseract
 * needed): Tesseract reads a stretch of the rule as a word "|" and lets its line box reach over
 * the blobs it read as nothing; either would bridge the gutter and the columns would be read
 * across. Every other row here has one of the two, so each rule is needed on its own.
 */
class GroundedLayoutTest {

  private static final int H = 24;

  private static Word word(String text, int x1, int x2, int y) {
    return new Word(new Box(x1, y, x2, y + H), text, 0.9);
  }

  private static TextLine line(List<Word> words, Box bbox) {
    return new TextLine(bbox, String.join(" ", words.stream().map(Word::text).toList()), words);
  }

  @Test
  void ruleGlyphsAndLineBoxesOverTheGutterDoNotJoinTheColumns() {
    List<TextLine> lines = new ArrayList<>();
    for (int r = 0; r < 12; r++) {
      int y = 200 + r * 36;
      List<Word> left = new ArrayList<>(List.of(word("l" + r, 100, 480, y), word("x", 520, 900, y)));
      List<Word> right = new ArrayList<>(List.of(word("r" + r, 1000, 1380, y), word("y", 1420, 1800, y)));
      Box leftBox = new Box(100, y, 900, y + H);
      Box rightBox = new Box(1000, y, 1800, y + H);
      if (r % 2 == 0) {
        left.add(word("|", 944, 950, y)); // the rule, read as a word at the end of the line
        right.add(0, word("|", 950, 956, y));
        leftBox = new Box(100, y, 950, y + H);
        rightBox = new Box(950, y, 1800, y + H);
      } else {
        leftBox = new Box(100, y, 1000, y + H); // the line box reaches over the rule
        rightBox = new Box(900, y, 1800, y + H);
      }
      lines.add(line(left, leftBox));
      lines.add(line(right, rightBox));
    }
    BufferedImage page = new BufferedImage(2000, 1000, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = page.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, 2000, 1000);
    g.dispose();
    List<Region> regions = new GroundedLayout().regions(lines, page);
    StringBuilder order = new StringBuilder();
    for (Region r : regions) {
      for (TextLine l : r.lines()) {
        order.append(l.text().charAt(0));
        assertTrue(l.words().stream().noneMatch(w -> w.text().equals("|")), l.toString());
        assertTrue(!l.text().contains("|"), l.text());
      }
    }
    assertEquals("l".repeat(12) + "r".repeat(12), order.toString(), "left column, then right");
  }

  @Test
  void onlyBarsAreRuleGlyphs() {
    assertTrue(GroundedLayout.isRule("|"));
    assertTrue(GroundedLayout.isRule("||"));
    assertTrue(!GroundedLayout.isRule("l"));
    assertTrue(!GroundedLayout.isRule("|a"));
    assertTrue(!GroundedLayout.isRule(""));
  }
}
