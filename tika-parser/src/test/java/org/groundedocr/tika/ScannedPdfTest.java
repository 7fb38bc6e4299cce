package org.groundedocr.tika;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.multipdf.PDFMergerUtility;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.tika.metadata.PagedText;
import org.apache.tika.parser.AutoDetectParser;
import org.apache.tika.parser.ParseContext;
import org.groundedocr.model.Box;
import org.groundedocr.model.GroundedPage;
import org.groundedocr.model.Region;
import org.groundedocr.model.TextLine;
import org.groundedocr.tika.TestDocuments.Doc;
import org.groundedocr.tika.TestDocuments.Line;
import org.groundedocr.tika.XhtmlPages.PageElement;
import org.groundedocr.tika.XhtmlPages.RegionElement;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The acceptance test: a multi-page scanned PDF the test builds (Java2D text pages, placed as
 * images into a PDF with PDFBox) through {@code AutoDetectParser} with a {@code tika-config.xml}
 * and the real default engine. One parser (so one engine) for the class.
 */
class ScannedPdfTest {

  private static final List<List<String>> PAGES =
      List.of(
          List.of("Invoice 4711", "Delivery of office chairs", "Total due within 30 days"),
          List.of("Second page", "Terms and conditions apply"),
          List.of("Third page", "Thank you for your order"));

  private static AutoDetectParser parser;
  private static Doc scan;

  @BeforeAll
  static void setUp() throws Exception {
    parser = Parsing.autoDetect("tika-config.xml");
    scan = TestDocuments.scannedPdf(PAGES, 720, 400, 30, 144);
  }

  @Test
  void scannedPagesBecomeGroundedRegions() throws Exception {
    Parsing.Parsed out = Parsing.parse(parser, scan.bytes(), "scan.pdf", null);

    assertEquals(3, out.pages().size());
    assertEquals("3", out.metadata().get(PagedText.N_PAGES));
    assertEquals("3", out.metadata().get(GroundedOcrMetadata.PAGE_COUNT));
    assertEquals("3", out.metadata().get(GroundedOcrMetadata.OCR_PAGE_COUNT));
    assertEquals("ppocr", out.metadata().get(GroundedOcrMetadata.ENGINE));
    assertNotNull(out.metadata().get(GroundedOcrMetadata.MODE));
    assertArrayEquals(new String[] {"true", "true", "true"}, out.metadata().getValues(GroundedOcrMetadata.FINISHED));
    assertArrayEquals(new String[] {"0", "0", "0"}, out.metadata().getValues(GroundedOcrMetadata.VISION_TOKENS));
    assertEquals(3, out.metadata().getValues(GroundedOcrMetadata.PAGE_MILLIS).length);
    assertNull(out.metadata().get(GroundedOcrMetadata.FAILED_PAGES));

    for (int p = 0; p < 3; p++) {
      PageElement page = out.pages().get(p);
      assertEquals(p + 1, page.page());
      assertEquals(720, page.width(), "rendered at 144 dpi: the scan's own pixel grid");
      assertEquals(400, page.height());
      assertEquals("ocr", page.source());
      assertFalse(page.regions().isEmpty());
      for (RegionElement r : page.regions()) {
        assertNotNull(r.bbox(), "every OCR region has a box");
        assertTrue(r.bbox().x2() <= 720 && r.bbox().y2() <= 400, r.bbox().toString());
      }
      String text = normalise(page.text());
      for (String line : PAGES.get(p)) {
        assertTrue(text.contains(normalise(line)), "page " + (p + 1) + " reads '" + line + "': " + text);
      }
    }

    // the grounded JSON: every known line found, with a box on it
    List<GroundedPage> grounded = out.grounded().pages();
    assertEquals(3, grounded.size());
    for (int p = 0; p < 3; p++) {
      List<TextLine> lines = new ArrayList<>();
      grounded.get(p).regions().forEach(r -> lines.addAll(r.lines()));
      for (Line known : scan.pages().get(p).lines()) {
        TextLine best = lines.stream()
            .max((a, b) -> Double.compare(a.bbox().iou(known.box()), b.bbox().iou(known.box())))
            .orElseThrow();
        assertTrue(best.bbox().iou(known.box()) >= 0.5,
            "line '" + known.text() + "' at " + known.box() + ", best OCR line " + best.bbox() + " '" + best.text() + "'");
        assertEquals(normalise(known.text()), normalise(best.text()));
      }
    }
  }

  @Test
  void autoStrategyOcrsOnlyThePagesWithoutText() throws Exception {
    Doc born = TestDocuments.textPdf(
        List.of(new TestDocuments.TextPage("Cover letter", List.of("The scanned invoice follows."), null)), 0, 144);
    byte[] mixed;
    try (PDDocument a = Loader.loadPDF(born.bytes()); PDDocument b = Loader.loadPDF(scan.bytes());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream()) {
      new PDFMergerUtility().appendDocument(a, b);
      a.save(bytes);
      mixed = bytes.toByteArray();
    }
    List<Integer> sinkPages = new ArrayList<>();
    ParseContext context = new ParseContext();
    GroundedOcrConfig firstTwo = new GroundedOcrConfig();
    firstTwo.setLastPage(2);
    context.set(GroundedOcrConfig.class, firstTwo);
    context.set(PageImageSink.class, (n, img) -> sinkPages.add(n));
    Parsing.Parsed out = Parsing.parse(parser, mixed, "mixed.pdf", context);

    assertArrayEquals(new String[] {"text", "ocr"}, out.metadata().getValues(GroundedOcrMetadata.PAGE_SOURCE));
    assertEquals("1", out.metadata().get(GroundedOcrMetadata.OCR_PAGE_COUNT));
    assertEquals("4", out.metadata().get(PagedText.N_PAGES));
    assertEquals(List.of(1, 2), sinkPages, "the sink gets text-layer pages too");
    assertTrue(out.pages().get(0).text().contains("The scanned invoice follows."));
    assertTrue(normalise(out.pages().get(1).text()).contains("invoice 4711"));
    // both pages share one coordinate convention: pixels at 144 dpi
    assertEquals(1224, out.pages().get(0).width());
    assertEquals(720, out.pages().get(1).width());
  }

  @Test
  void ocrOnlyIgnoresTheTextLayer() throws Exception {
    Doc born = TestDocuments.textPdf(
        List.of(new TestDocuments.TextPage("Typed title", List.of("A typed line of text here."), null)), 0, 144);
    GroundedOcrConfig ocrOnly = new GroundedOcrConfig();
    ocrOnly.setOcrStrategy("ocr_only");
    ParseContext context = new ParseContext();
    context.set(GroundedOcrConfig.class, ocrOnly);
    Parsing.Parsed out = Parsing.parse(parser, born.bytes(), "typed.pdf", context);
    assertEquals("ocr", out.pages().get(0).source());
    assertTrue(normalise(out.pages().get(0).text()).contains("typed line of text"), out.pages().get(0).text());
    // OCR boxes land on the text-layer line's position
    Region line = out.grounded().pages().get(0).regions().stream()
        .filter(r -> r.text().contains("typed line")).findFirst().orElseThrow();
    Box expected = born.pages().get(0).lines().get(1).box();
    assertTrue(line.bbox().iou(expected) >= 0.5, line.bbox() + " vs " + expected);
  }

  @Test
  void aFailingPageDoesNotLoseTheOthersWithTheRealEngine() throws Exception {
    GroundedOcrConfig c = new GroundedOcrConfig();
    c.setEngine(FaultyTestEngineProvider.NAME);
    c.setEngineOptions(List.of("delegate=ppocr", "failPage=2"));
    ParseContext context = new ParseContext();
    context.set(GroundedOcrConfig.class, c);
    Parsing.Parsed out = Parsing.parse(parser, scan.bytes(), "scan.pdf", context);
    assertArrayEquals(new String[] {"1", "3"}, out.metadata().getValues(GroundedOcrMetadata.PAGE_NUMBERS));
    assertArrayEquals(new String[] {"2"}, out.metadata().getValues(GroundedOcrMetadata.FAILED_PAGES));
    assertTrue(normalise(out.pages().get(2).text()).contains("thank you for your order"));
    assertTrue(out.pages().get(1).failed().contains("on purpose"));
  }

  @Test
  void oneParserServesConcurrentParses() throws Exception {
    byte[] one = TestDocuments.scannedPdf(List.of(List.of("Concurrent page reading")), 480, 120, 30, 144).bytes();
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(3);
    try {
      List<java.util.concurrent.Future<Parsing.Parsed>> futures = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        int n = i;
        futures.add(pool.submit(() -> Parsing.parse(parser, n == 1 ? scan.bytes() : one, "c" + n + ".pdf", null)));
      }
      for (int i = 0; i < 3; i++) {
        Parsing.Parsed out = futures.get(i).get(5, java.util.concurrent.TimeUnit.MINUTES);
        assertEquals("c" + i + ".pdf", out.grounded().source());
        if (i == 1) {
          assertEquals(3, out.pages().size());
          assertTrue(normalise(out.pages().get(2).text()).contains("thank you for your order"));
        } else {
          assertEquals(1, out.pages().size());
          assertTrue(normalise(out.pages().get(0).text()).contains("concurrent page reading"), out.pages().get(0).text());
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  static String normalise(String s) {
    return s.replaceAll("\\s+", " ").strip().toLowerCase(Locale.ROOT);
  }
}
