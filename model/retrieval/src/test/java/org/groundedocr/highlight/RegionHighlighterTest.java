package org.groundedocr.highlight;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Font;
import java.awt.font.FontRenderContext;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.groundedocr.highlight.HighlightBox.Precision;
import org.groundedocr.chunking.ChunkLine;
import org.groundedocr.chunking.ChunkRegion;
import org.groundedocr.chunking.PageSize;
import org.groundedocr.model.Box;
import org.junit.jupiter.api.Test;

class RegionHighlighterTest {

  static ChunkRegion region(int page, int index, String label, Box box, int start, int end,
      List<ChunkLine> lines) {
    return new ChunkRegion(page, index, label, box == null ? List.of() : List.of(box), start, end,
        false, lines);
  }

  static ChunkRegion region(int page, int index, String label, Box box, int start, int end) {
    return region(page, index, label, box, start, end, List.of());
  }


  // "Quarterly revenue\ngrew by twelve percent" in one region with two lines, then a region
  // without lines on page 2
  private static final String TEXT = "Quarterly revenue\ngrew by twelve percent\n\nAppendix table";
  private static final Box LINE1 = new Box(100, 200, 270, 220);
  private static final Box LINE2 = new Box(100, 225, 330, 245);
  private static final Box REGION1 = new Box(100, 200, 330, 245);
  private static final Box REGION2 = new Box(50, 60, 400, 90);
  private static final List<ChunkRegion> REGIONS = List.of(
      region(1, 0, "text", REGION1, 0, 40,
          List.of(new ChunkLine(LINE1, 0, 17), new ChunkLine(LINE2, 18, 40))),
      region(2, 0, "table", REGION2, 42, 56));

  @Test
  void wordOnALineGetsALineHighBoxInsideTheLine() {
    int s = TEXT.indexOf("twelve");
    List<HighlightBox> boxes = RegionHighlighter.locate(TEXT, REGIONS, s, s + 6);
    assertEquals(1, boxes.size());
    HighlightBox hb = boxes.get(0);
    assertEquals(0, hb.region());
    assertEquals(Precision.LINE, hb.precision());
    assertEquals(LINE2.y1(), hb.box().y1());
    assertEquals(LINE2.y2(), hb.box().y2());
    assertTrue(hb.box().x1() > LINE2.x1() + 40 && hb.box().x2() < LINE2.x2() - 40, hb.box().toString());
  }

  @Test
  void lineStartAndEndMatchTheLineEdges() {
    List<HighlightBox> first = RegionHighlighter.locate(TEXT, REGIONS, 0, 9);
    assertEquals(LINE1.x1(), first.get(0).box().x1());
    int s = TEXT.indexOf("percent");
    List<HighlightBox> last = RegionHighlighter.locate(TEXT, REGIONS, s, s + 7);
    assertEquals(LINE2.x2(), last.get(0).box().x2());
  }

  @Test
  void phraseOverALineBreakGivesOneBoxPerLineAndNoneForTheBreak() {
    int s = TEXT.indexOf("revenue");
    int e = TEXT.indexOf("grew") + 4;
    List<HighlightBox> boxes = RegionHighlighter.locate(TEXT, REGIONS, s, e);
    assertEquals(2, boxes.size());
    assertEquals("revenue", TEXT.substring(boxes.get(0).start(), boxes.get(0).end()));
    assertEquals("grew", TEXT.substring(boxes.get(1).start(), boxes.get(1).end()));
    assertEquals(LINE1.x2(), boxes.get(0).box().x2());
    assertEquals(LINE2.x1(), boxes.get(1).box().x1());
  }

  @Test
  void regionWithoutLinesGivesTheRegionBox() {
    int s = TEXT.indexOf("table");
    List<HighlightBox> boxes = RegionHighlighter.locate(TEXT, REGIONS, s, s + 5);
    assertEquals(List.of(new HighlightBox(1, s, s + 5, REGION2, Precision.REGION)), boxes);
  }

  @Test
  void matchSpanningTwoRegionsOnTwoPagesGivesABoxInEach() {
    int s = TEXT.indexOf("percent");
    int e = TEXT.indexOf("Appendix") + 8;
    List<HighlightBox> boxes = RegionHighlighter.locate(TEXT, REGIONS, s, e);
    assertEquals(2, boxes.size());
    assertEquals(0, boxes.get(0).region());
    assertEquals(1, boxes.get(1).region());
    assertEquals(REGION2, boxes.get(1).box());
  }

  @Test
  void outsideEveryRegionOrEmptyGivesNothing() {
    assertTrue(RegionHighlighter.locate(TEXT, REGIONS, 40, 42).isEmpty());
    assertTrue(RegionHighlighter.locate(TEXT, REGIONS, 5, 5).isEmpty());
    assertTrue(RegionHighlighter.locate(TEXT, REGIONS, 500, 600).isEmpty());
    List<ChunkRegion> noBox = List.of(region(1, 0, "text", null, 0, 40));
    assertTrue(RegionHighlighter.locate(TEXT, noBox, 0, 9).isEmpty());
  }

  @Test
  void textNotCoveredByAnyLineFallsBackToTheRegionBox() {
    // a table region whose lines cover only the header row
    String text = "| a | b |\n| 1 | 2 |";
    List<ChunkRegion> regions = List.of(region(1, 0, "table", REGION1, 0, text.length(),
        List.of(new ChunkLine(LINE1, 0, 9))));
    int s = text.indexOf('2');
    assertEquals(Precision.REGION, RegionHighlighter.locate(text, regions, s, s + 1).get(0).precision());
  }

  /**
   * Lines set in real proportional faces with known word boxes (Java2D metrics): the box of every
   * word, found from its character span only, overlaps the word's real box (IoU >= 0.5) for at
   * least 95 % of the words.
   */
  @Test
  void interpolatedBoxesOverlapTheRealWordBoxes() {
    String[] lines = {
      "The committee approved the annual budget of 4,250,000 dollars in March.",
      "Illinois will maintain its WWW infrastructure with minimal interruption.",
      "Quarterly revenue grew by twelve percent, driven by exports to Japan.",
      "MMXXIV: a summary of findings, illustrated with fifteen figures (p. 7).",
      "Invoice No. 20931 - Total due: EUR 1,234.50 - Payment within 30 days",
      "jumped quickly over lazy dogs while WALTZING MAMMOTHS watched in awe"
    };
    FontRenderContext frc = new FontRenderContext(null, true, true);
    int words = 0;
    int good = 0;
    List<String> bad = new ArrayList<>();
    for (String family : new String[] {Font.SANS_SERIF, Font.SERIF}) {
      for (int size : new int[] {18, 28}) {
        Font font = new Font(family, Font.PLAIN, size);
        for (String line : lines) {
          int x0 = 40;
          int y0 = 100;
          Rectangle2D lb = font.getStringBounds(line, frc);
          Box lineBox = new Box(x0, y0, x0 + (int) Math.round(lb.getWidth()), y0 + size);
          List<ChunkRegion> regions = List.of(region(1, 0, "text", lineBox, 0, line.length(),
              List.of(new ChunkLine(lineBox, 0, line.length()))));
          Matcher m = Pattern.compile("\\S+").matcher(line);
          while (m.find()) {
            double wx1 = x0 + font.getStringBounds(line, 0, m.start(), frc).getWidth();
            double wx2 = x0 + font.getStringBounds(line, 0, m.end(), frc).getWidth();
            Box truth = new Box((int) Math.round(wx1), y0, (int) Math.round(wx2), y0 + size);
            Box got = RegionHighlighter.locate(line, regions, m.start(), m.end()).get(0).box();
            words++;
            if (got.iou(truth) >= 0.5) {
              good++;
            } else {
              bad.add(family + size + " '" + m.group() + "' " + got + " vs " + truth);
            }
          }
        }
      }
    }
    assertTrue(good >= 0.95 * words, good + "/" + words + " words; misses: " + bad);
  }
}
