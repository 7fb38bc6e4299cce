package org.groundedocr.ppocr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.groundedocr.engine.Device;
import org.groundedocr.engine.EngineConfig;
import org.groundedocr.engine.OcrEngine;
import org.groundedocr.engine.OcrEngines;
import org.groundedocr.model.Box;
import org.groundedocr.model.GroundedPage;
import org.groundedocr.model.Region;
import org.groundedocr.model.RegionLabels;
import org.groundedocr.model.TextLine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The engine on real PP-OCRv4 weights, on pages rendered by {@link SyntheticPage}. */
class PpOcrEngineTest {

  static final List<String> TEXT =
      List.of(
          "Grounded OCR turns scanned pages into searchable text.",
          "Invoice 2024-0117 was paid on 12 March for 1,250.00 EUR.",
          "The quick brown fox jumps over the lazy dog near the river.",
          "Each region keeps its box, so search can highlight it.",
          "Contact: support@example.org or call +49 30 1234 5678.",
          "Pack my box with five dozen liquor jugs, then ship it.",
          "Reading order follows columns from left to right.",
          "Sphinx of black quartz, judge my vow; it is 7:45 pm.");

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

  @Test
  void readsCleanNoisyAndRotatedPagesWithLineBoxes() throws Exception {
    double[][] variants = { // degrees, noise sigma, speckle
      {0, 0, 0}, {2.5, 12, 0.004}, {-3, 8, 0.002}
    };
    int lines = 0;
    int matched = 0;
    StringBuilder report = new StringBuilder();
    for (double[] v : variants) {
      SyntheticPage page = SyntheticPage.render(
          1000, 520, SyntheticPage.paragraph(TEXT, 40, 40, 26, 1.6), v[0], v[1], v[2], 7);
      GroundedPage result = engine.recognize(page.image, 3);
      assertEquals(3, result.page());
      assertEquals(1000, result.width());
      assertEquals(520, result.height());
      List<TextLine> read = allLines(result);
      for (SyntheticPage.TruthLine truth : page.lines) {
        lines++;
        double best = read.stream().mapToDouble(l -> l.bbox().iou(truth.box())).max().orElse(0);
        if (best >= 0.7) {
          matched++;
        } else {
          report.append(String.format("%s: IoU %.2f for %s %s%n", variantName(v), best,
              truth.box(), truth.text()));
        }
      }
      String truthText = String.join(" ", TEXT);
      double cer = SyntheticPage.cer(truthText, pageText(result));
      assertTrue(cer <= 0.02, variantName(v) + ": CER " + cer + "\nread: " + pageText(result));
    }
    assertTrue(matched >= 0.95 * lines, matched + " of " + lines + " lines matched\n" + report);
  }

  @Test
  void aSkewedPageIsReadInLineOrder() throws Exception {
    // at 8 degrees the two ends of a 900-pixel line differ by about 125 pixels, three line pitches:
    // a short closing line's box then starts below the next long line's, and without deskewing
    // the layout the lines interleave
    List<String> text = List.of(
        "Grounded OCR turns scanned pages into searchable text for every reader.",
        "Each region keeps its box, so that search can highlight it on the page.",
        "That is all.",
        "Reading order follows the columns from left to right, then downwards.",
        "Pack my box with five dozen liquor jugs, then ship it to the harbour.",
        "Done.");
    for (double degrees : new double[] {8, -8}) {
      SyntheticPage page = SyntheticPage.render(
          1300, 900, SyntheticPage.paragraph(text, 150, 250, 26, 1.6), degrees, 6, 0.001, 11);
      GroundedPage result = engine.recognize(page.image, 1);
      String read = pageText(result);
      double cer = SyntheticPage.cer(String.join(" ", text), read);
      assertTrue(cer <= 0.03, degrees + " degrees: CER " + cer + "\nread: " + read);
      for (Region r : result.regions()) {
        for (TextLine l : r.lines()) { // the output keeps page boxes, not the deskewed frame's
          assertTrue(r.bbox().x1() <= l.bbox().x1() && l.bbox().x2() <= r.bbox().x2()
              && r.bbox().y1() <= l.bbox().y1() && l.bbox().y2() <= r.bbox().y2(), r.toString());
        }
      }
      int matched = 0;
      for (SyntheticPage.TruthLine truth : page.lines) {
        double best = allLines(result).stream().mapToDouble(l -> l.bbox().iou(truth.box())).max().orElse(0);
        matched += best >= 0.7 ? 1 : 0;
      }
      assertTrue(matched >= page.lines.size() - 1, matched + " of " + page.lines.size() + " line boxes on the page");
    }
  }

  @Test
  void labelsTheTitleAndReadsColumnsOneAfterTheOther() throws Exception {
    List<SyntheticPage.Item> items = new ArrayList<>();
    items.add(new SyntheticPage.Item("Quarterly Report", 40, 70, 44, true));
    List<String> left = List.of("Sales grew in every region", "during the third quarter,",
        "led by strong demand for", "new products in Europe.");
    List<String> right = List.of("Costs stayed flat while", "the team invested in the",
        "search platform and in", "better scanning tools.");
    items.addAll(SyntheticPage.paragraph(left, 40, 130, 22, 1.5));
    items.addAll(SyntheticPage.paragraph(right, 520, 130, 22, 1.5));
    SyntheticPage page = SyntheticPage.render(960, 320, items, 0, 0, 0, 1);
    GroundedPage result = engine.recognize(page.image, 1);
    List<Region> regions = result.regions();
    assertTrue(regions.size() >= 3, regions.toString());
    Region title = regions.get(0);
    assertEquals(RegionLabels.TITLE, title.label(), regions.toString());
    assertEquals("# Quarterly Report", title.text());
    String text = pageText(result);
    int leftEnd = text.indexOf("Europe");
    int rightStart = text.indexOf("Costs");
    assertTrue(leftEnd > 0 && rightStart > leftEnd,
        "left column must be read before the right one: " + text);
    assertTrue(SyntheticPage.cer(String.join(" ", left) + " " + String.join(" ", right),
        text.substring(text.indexOf("Sales"))) <= 0.02, text);
    for (Region r : regions) {
      assertTrue(r.hasBox(), "every region has a box");
      for (TextLine l : r.lines()) {
        Box b = r.bbox();
        assertTrue(b.x1() <= l.bbox().x1() && l.bbox().x2() <= b.x2(), "lines inside their region");
      }
    }
  }

  @Test
  void readsTwoColumnsWithANarrowGutterColumnByColumnAndKeepsTheFurnitureApart() throws Exception {
    // a gutter of about one line height (some 24 pixels of 20-pixel type): closer than the gap at
    // which pieces of one line are joined, so the columns were read across before
    List<SyntheticPage.Item> items = new ArrayList<>();
    items.add(new SyntheticPage.Item("THE FARMING REVIEW", 330, 40, 18, false));
    List<String> left = List.of("Rain came early this year", "and the farmers in the", "valley planted their corn",
        "two weeks before the usual", "time, hoping for a good", "harvest in the autumn.");
    List<String> right = List.of("The market in town opened", "a new hall for fresh fruit", "and bread, where traders",
        "from the hills now sell", "cheese and honey every", "morning of the week.");
    items.addAll(SyntheticPage.paragraph(left, 40, 90, 20, 1.5));
    items.addAll(SyntheticPage.paragraph(right, 350, 90, 20, 1.5));
    items.add(new SyntheticPage.Item("17", 310, 330, 18, false));
    SyntheticPage page = SyntheticPage.render(660, 360, items, 0, 0, 0, 1);
    GroundedPage result = engine.recognize(page.image, 1);
    List<String> labels = result.regions().stream().map(Region::label).toList();
    assertEquals(RegionLabels.HEADER, labels.get(0), result.regions().toString());
    assertEquals(RegionLabels.PAGE_NUMBER, labels.get(labels.size() - 1), result.regions().toString());
    StringBuilder body = new StringBuilder();
    for (Region r : result.regions()) {
      if (!RegionLabels.FURNITURE.contains(r.label())) {
        body.append(r.text()).append(' ');
      }
    }
    String text = body.toString().strip();
    assertTrue(SyntheticPage.cer(String.join(" ", left) + " " + String.join(" ", right), text) <= 0.05,
        "read column by column: " + text);
  }

  @Test
  void anItemTableStaysATableWithItsSingleDigitsAndFooterBlocksAreReadWhole() throws Exception {
    List<SyntheticPage.Item> items = new ArrayList<>();
    String[][] rows = {{"Pos.", "Article", "Qty", "Amount"}, {"1", "Paper", "2", "4.00"},
        {"2", "Toner", "1", "39.90"}, {"3", "Stapler", "1", "7.50"}, {"4", "Envelopes", "3", "2.70"}};
    int[] xs = {50, 200, 560, 760};
    for (int r = 0; r < rows.length; r++) {
      for (int c = 0; c < 4; c++) {
        items.add(new SyntheticPage.Item(rows[r][c], xs[c], 60 + 34 * r, 20, r == 0));
      }
    }
    // a footer of three blocks set on the same baselines, as letterheads and footers are
    List<List<String>> blocks = List.of(
        List.of("Example Hosting AG", "Main Street 40", "Gelnhausen"),
        List.of("Board: Christian Heit", "Court: Hanau", "Tax office Hanau"),
        List.of("Bank: Sparkasse", "Account 48567", "SWIFT HELADEF1"));
    for (int b = 0; b < blocks.size(); b++) {
      items.addAll(SyntheticPage.paragraph(blocks.get(b), 50 + 320 * b, 300, 16, 1.35));
    }
    SyntheticPage page = SyntheticPage.render(1000, 400, items, 0, 4, 0, 5);
    List<Region> regions = engine.recognize(page.image, 1).regions();
    String all = regions.toString();
    assertEquals(4, regions.size(), all);
    Region table = regions.get(0);
    assertEquals(RegionLabels.TABLE, table.label(), all);
    for (int r = 1; r < rows.length; r++) {
      assertTrue(table.text().contains("<tr><td>" + String.join("</td><td>", rows[r]) + "</td></tr>"),
          "row " + r + " with its position number: " + table.text());
    }
    for (int b = 0; b < blocks.size(); b++) {
      Region block = regions.get(1 + b);
      assertEquals(RegionLabels.TEXT, block.label(), all);
      assertTrue(SyntheticPage.cer(String.join(" ", blocks.get(b)), block.text()) <= 0.02,
          "footer block " + b + " read whole: " + block.text());
    }
  }

  @Test
  void emptyAndDegeneratePagesGiveEmptyPages() throws Exception {
    SyntheticPage blank = SyntheticPage.render(800, 600, List.of(), 0, 6, 0.001, 3);
    GroundedPage page = engine.recognize(blank.image, 1);
    assertEquals(List.of(), page.regions());
    assertEquals(800, page.width());
    for (int[] size : new int[][] {{1, 1}, {3, 2000}, {2000, 3}}) {
      BufferedImage tiny = new BufferedImage(size[0], size[1], BufferedImage.TYPE_BYTE_GRAY);
      GroundedPage p = engine.recognize(tiny, 1);
      assertEquals(size[0], p.width());
      assertEquals(List.of(), p.regions());
    }
  }

  @Test
  void upsideDownLinesAreTurnedWhenAngleClassificationIsOn() throws Exception {
    // a page with three upright lines above three upside-down ones (a form turned in part): the
    // page as a whole is not upside down, each of the lower lines is
    SyntheticPage top = SyntheticPage.render(
        1000, 300, SyntheticPage.paragraph(TEXT.subList(0, 3), 40, 40, 26, 1.6), 0, 0, 0, 1);
    SyntheticPage bottom = SyntheticPage.render(
        1000, 300, SyntheticPage.paragraph(TEXT.subList(3, 6), 40, 40, 26, 1.6), 180, 0, 0, 1);
    BufferedImage mixed = new BufferedImage(1000, 600, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = mixed.createGraphics();
    g.drawImage(top.image, 0, 0, null);
    g.drawImage(bottom.image, 0, 300, null);
    g.dispose();
    // the turned lines' first is the last one rendered
    String truth = String.join(" ", TEXT.subList(0, 3)) + " " + TEXT.get(5) + " " + TEXT.get(4)
        + " " + TEXT.get(3);
    try (OcrEngine withCls = OcrEngines.create(
        new EngineConfig("ppocr", Device.CPU, null, Map.of(PpOcrOptions.USE_ANGLE_CLS, "true")))) {
      String read = pageText(withCls.recognize(mixed, 1));
      assertTrue(SyntheticPage.cer(truth, read) <= 0.03, "read: " + read);
      // a page the classifier finds all upside down is turned as a whole: its lines in order
      String whole = pageText(withCls.recognize(bottom.image, 1));
      assertTrue(SyntheticPage.cer(String.join(" ", TEXT.subList(3, 6)), whole) <= 0.03,
          "read: " + whole);
    }
    try (OcrEngine withoutCls = OcrEngines.create(EngineConfig.of("ppocr"))) {
      String read = pageText(withoutCls.recognize(mixed, 1));
      assertTrue(SyntheticPage.cer(truth, read) > 0.2, "lines upside down without the classifier: "
          + read);
    }
  }

  @Test
  void concurrentCallersShareOneEngine() throws Exception {
    SyntheticPage page = SyntheticPage.render(
        1000, 200, SyntheticPage.paragraph(TEXT.subList(2, 4), 40, 40, 26, 1.6), 0, 0, 0, 1);
    String expected = pageText(engine.recognize(page.image, 1));
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      List<Future<String>> results = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        results.add(pool.submit(() -> pageText(engine.recognize(page.image, 1))));
      }
      for (Future<String> f : results) {
        assertEquals(expected, f.get());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void acceptsAnyImageLayout() throws Exception {
    SyntheticPage page = SyntheticPage.render(
        1000, 120, SyntheticPage.paragraph(TEXT.subList(2, 3), 40, 40, 26, 1.6), 0, 0, 0, 1);
    for (int type : new int[] {BufferedImage.TYPE_BYTE_GRAY, BufferedImage.TYPE_3BYTE_BGR,
        BufferedImage.TYPE_INT_ARGB, BufferedImage.TYPE_USHORT_565_RGB}) {
      BufferedImage img = new BufferedImage(1000, 120, type);
      Graphics2D g = img.createGraphics();
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, 1000, 120);
      g.drawImage(page.image, 0, 0, null);
      g.dispose();
      String read = pageText(engine.recognize(img.getSubimage(0, 0, 1000, 120), 1));
      assertTrue(SyntheticPage.cer(TEXT.get(2), read) <= 0.02, type + ": " + read);
    }
  }

  @Test
  void badOptionsFailNamingTheOption() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> PpOcrOptions.from(new EngineConfig("ppocr", null, null, Map.of("limitSide", "big"))));
    assertTrue(e.getMessage().contains("limitSide"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> PpOcrOptions.from(new EngineConfig("ppocr", null, null, Map.of("boxThresh", "1.5"))));
    assertTrue(e.getMessage().contains("boxThresh"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> PpOcrOptions.from(new EngineConfig("ppocr", null, null, Map.of("limitside", "960"))));
    assertTrue(e.getMessage().contains("unknown ppocr engine option 'limitside'"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> PpOcrOptions.from(new EngineConfig("ppocr", null, null, Map.of("useAngleCls", "yes"))));
    assertTrue(e.getMessage().contains("useAngleCls"), e.getMessage());
    PpOcrOptions o = PpOcrOptions.from(new EngineConfig("ppocr", null, null,
        Map.of("limitSide", "1280", "unclipRatio", "1.8", "threads", "2")));
    assertEquals(1280, o.limitSide());
    assertEquals(1.8, o.unclipRatio());
    assertEquals(2, o.threads());
    assertTrue(OcrEngines.available().contains("ppocr"));
    assertEquals("ppocr", engine.name());
  }

  static List<TextLine> allLines(GroundedPage page) {
    List<TextLine> lines = new ArrayList<>();
    page.regions().forEach(r -> lines.addAll(r.lines()));
    return lines;
  }

  /** The page's line texts in reading order. */
  static String pageText(GroundedPage page) {
    StringBuilder sb = new StringBuilder();
    for (TextLine l : allLines(page)) {
      sb.append(l.text()).append(' ');
    }
    return sb.toString().strip();
  }

  private static String variantName(double[] v) {
    return v[0] + " degrees, noise " + v[1];
  }
}
