package org.groundedocr.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.groundedocr.model.Box;
import org.groundedocr.model.Region;
import org.groundedocr.model.RegionLabels;
import org.junit.jupiter.api.Test;

/**
 * Section headings in bold type of the body's size, told from the text by their strokes on pixels
 * the test draws (the line boxes are where it drew the text, grown as detection grows them).
 */
class BoldHeadingsTest {

  private static final int SIZE = 22;
  private static final int PITCH = 32;

  private record Page(BufferedImage image, List<PageLine> lines) {}

  /** Two paragraphs with a one-line heading between them, at the paragraphs' own line pitch. */
  private static Page page(boolean boldHeading, String heading) {
    BufferedImage img = new BufferedImage(1200, 900, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, 1200, 900);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.BLACK);
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      texts.add("the first paragraph runs on in regular type, line " + i);
    }
    texts.add(heading);
    for (int i = 0; i < 5; i++) {
      texts.add("and the second paragraph follows the heading, line " + i);
    }
    List<PageLine> lines = new ArrayList<>();
    for (int i = 0; i < texts.size(); i++) {
      boolean bold = boldHeading && texts.get(i).equals(heading);
      Font font = new Font("DejaVu Sans", bold ? Font.BOLD : Font.PLAIN, SIZE);
      g.setFont(font);
      int y = 100 + PITCH * i;
      g.drawString(texts.get(i), 100, y + SIZE);
      int w = g.getFontMetrics().stringWidth(texts.get(i));
      int grow = 8;
      lines.add(new PageLine(new Box(100 - grow, y - 2, 100 + w + grow, y + SIZE + 6), texts.get(i), SIZE + 8));
    }
    g.dispose();
    return new Page(img, lines);
  }

  private static List<Region> regions(Page p) {
    return new LayoutAnalyzer().regions(p.lines(), PagePixels.of(p.image()), 1200, 900);
  }

  @Test
  void aBoldLineOfBodySizeIsASectionHeading() {
    List<Region> regions = regions(page(true, "2.1 Materials and methods"));
    assertEquals(List.of(RegionLabels.TEXT, RegionLabels.SUB_TITLE, RegionLabels.TEXT),
        regions.stream().map(Region::label).toList(), regions.toString());
    assertEquals("## 2.1 Materials and methods", regions.get(1).text());
    assertEquals(5, regions.get(0).lines().size());
    assertEquals(5, regions.get(2).lines().size());
  }

  @Test
  void theSameLineInRegularTypeStaysInItsParagraph() {
    List<Region> regions = regions(page(false, "2.1 Materials and methods"));
    assertEquals(List.of(RegionLabels.TEXT), regions.stream().map(Region::label).toList(),
        regions.toString());
  }

  @Test
  void regularStrokesAreAboutHalfOfBoldOnes() {
    Page bold = page(true, "Results");
    Page regular = page(false, "Results");
    PageLine b = bold.lines().get(5);
    double ratio = StrokeWidth.of(PagePixels.of(bold.image()), b.pageBox())
        / StrokeWidth.of(PagePixels.of(regular.image()), b.pageBox());
    assertEquals(1.7, ratio, 0.35, "bold over regular stroke width");
  }
}
