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
import java.util.Random;
import org.groundedocr.layout.ColumnGutters;
import org.groundedocr.layout.LayoutAnalyzer;
import org.groundedocr.layout.LayoutThresholds;
import org.groundedocr.layout.PageLine;
import org.groundedocr.layout.PagePixels;
import org.groundedocr.model.Box;
import org.groundedocr.model.Region;
import org.groundedocr.model.RegionLabels;
import org.junit.jupiter.api.Test;

/**
 * Figures and lines across gutters, found on pixels the test draws: the line boxes are the ones the
 * test drew its text in, so no OCR runs here ({@link PpOcrEngineTest} reads rendered pages whole).
 */
class FigureAndGutterPixelsTest {

  private static final int LINE = 30;
  private static final Font FONT = new Font("DejaVu Sans", Font.PLAIN, 22);

  private static BufferedImage page(int w, int h) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, w, h);
    g.dispose();
    return img;
  }

  private static PageLine text(Graphics2D g, String s, int x, int y) {
    g.setFont(FONT);
    g.drawString(s, x, y + 22);
    int width = g.getFontMetrics().stringWidth(s);
    return new PageLine(new Box(x, y, x + width, y + LINE), s, LINE);
  }

  @Test
  void aPhotoInsetIsAnImageWithItsCaptionAndTheTextWrapsAroundIt() {
    BufferedImage img = page(1400, 1200);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.BLACK);
    List<PageLine> lines = new ArrayList<>();
    for (int r = 0; r < 30; r++) {
      int y = 60 + 36 * r;
      boolean besidePhoto = y >= 300 && y < 740;
      lines.add(text(g, "line " + r + (besidePhoto ? " wraps beside" : " of the running text of the page"),
          besidePhoto ? 760 : 100, y));
    }
    // a photo: grey noise in a box left of the wrapped lines, its caption under it
    Random random = new Random(7);
    for (int y = 310; y < 640; y++) {
      for (int x = 100; x < 700; x++) {
        int v = 40 + random.nextInt(160);
        img.setRGB(x, y, v << 16 | v << 8 | v);
      }
    }
    lines.removeIf(l -> l.box().y1() >= 300 && l.box().y1() < 740 && l.box().x1() < 700);
    PageLine caption = text(g, "Fig. 1. The harbour", 120, 660);
    lines.add(caption);
    // a frame of rules around the page's text area is no figure
    g.drawRect(40, 30, 1320, 1120);
    g.dispose();
    List<Region> regions = new LayoutAnalyzer().regions(lines, PagePixels.of(img), 1400, 1200);
    List<Region> images = regions.stream().filter(r -> r.label().equals(RegionLabels.IMAGE)).toList();
    assertEquals(1, images.size(), regions.toString());
    Box photo = images.get(0).bbox();
    assertTrue(photo.iou(new Box(100, 310, 700, 640)) > 0.8, photo.toString());
    Region captionRegion = regions.get(regions.indexOf(images.get(0)) + 1);
    assertEquals(RegionLabels.IMAGE_CAPTION, captionRegion.label(), regions.toString());
    assertEquals("Fig. 1. The harbour", captionRegion.text());

    // the same page without pixels has no figure
    assertTrue(new LayoutAnalyzer().regions(lines, 1400, 1200).stream()
        .noneMatch(r -> r.label().equals(RegionLabels.IMAGE)));
  }

  @Test
  void aLineDetectedAcrossTheGutterIsCutThereButATitleAcrossTheColumnsIsNot() {
    BufferedImage img = page(1400, 900);
    Graphics2D g = img.createGraphics();
    g.setColor(Color.BLACK);
    List<PageLine> lines = new ArrayList<>();
    PageLine title = text(g, "A TITLE SET ACROSS BOTH COLUMNS OF THE PAGE IN CAPITALS LETTERS", 100, 40);
    lines.add(title);
    for (int r = 0; r < 10; r++) {
      int y = 120 + 36 * r;
      lines.add(text(g, "left column line " + r + " text", 100, y));
      lines.add(text(g, "right column line " + r + " text", 720, y));
    }
    // detection took row 5 of both columns for one line
    PageLine left = lines.remove(11);
    PageLine right = lines.remove(11);
    assertTrue(left.text().startsWith("left column line 5") && right.text().startsWith("right"));
    PageLine merged = new PageLine(left.box().union(right.box()), left.text() + " " + right.text(), LINE);
    lines.add(merged);
    g.setColor(Color.BLACK);
    g.drawLine(690, 110, 690, 500); // a rule in the gutter
    g.dispose();
    List<Quad> quads = new ArrayList<>();
    for (PageLine l : lines) {
      Box b = l.box();
      quads.add(new Quad(b.x1(), b.y1(), b.x2(), b.y1(), b.x2(), b.y2(), b.x1(), b.y2()));
    }
    double body = LayoutAnalyzer.bodyHeight(lines);
    List<Box> gutters = new ColumnGutters(LayoutThresholds.DEFAULTS).find(lines, body);
    List<GutterSplitter.Cut> cuts = new GutterSplitter().cuts(PagePixels.of(img), lines, quads, gutters, body);
    assertEquals(1, cuts.size(), "only the merged line is cut: " + gutters);
    GutterSplitter.Cut cut = cuts.get(0);
    assertEquals(lines.indexOf(merged), cut.line());
    assertTrue(cut.left().maxX() <= 700 && cut.left().maxX() >= left.box().x2() - 2, cut.toString());
    assertTrue(cut.right().minX() >= 680 && cut.right().minX() <= 722, cut.toString());
  }
}
