package org.groundedocr.tika;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.tika.config.TikaConfig;
import org.apache.tika.exception.EncryptedDocumentException;
import org.apache.tika.exception.TikaConfigException;
import org.apache.tika.exception.TikaException;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.PagedText;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.parser.AutoDetectParser;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.parser.PasswordProvider;
import org.groundedocr.model.Box;
import org.groundedocr.model.GroundedDocument;
import org.groundedocr.model.GroundedPage;
import org.groundedocr.model.Region;
import org.groundedocr.model.RegionLabels;
import org.groundedocr.tika.TestDocuments.Doc;
import org.groundedocr.tika.TestDocuments.TextPage;
import org.groundedocr.tika.XhtmlPages.PageElement;
import org.groundedocr.tika.XhtmlPages.RegionElement;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Born-digital PDFs through {@code AutoDetectParser} and a {@code tika-config.xml} with
 * {@code ocrStrategy=no_ocr}: grounded pages from the text layer, no OCR engine involved.
 */
class TextLayerParserTest {

  private static final List<TextPage> PAGES =
      List.of(
          new TextPage(
              "Quarterly Report",
              List.of(
                  "Revenue grew by twelve percent in the third quarter.",
                  "Costs stayed flat while the order book doubled."),
              "1"),
          new TextPage(
              "Outlook",
              List.of("We expect the trend to continue next year.", "Hiring resumes in spring."),
              "2"));

  private static AutoDetectParser parser;

  @BeforeAll
  static void configure() throws Exception {
    parser = Parsing.autoDetect("tika-config-no-ocr.xml");
  }

  @Test
  void bornDigitalPagesAreGroundedFromTheTextLayer() throws Exception {
    Doc doc = TestDocuments.textPdf(PAGES, 0, 144);
    Parsing.Parsed out = Parsing.parse(parser, doc.bytes(), "report.pdf", null);

    assertEquals(2, out.pages().size());
    assertEquals("2", out.metadata().get(PagedText.N_PAGES));
    assertEquals("application/pdf", out.metadata().get(Metadata.CONTENT_TYPE));
    assertTrue(out.metadata().get(TikaCoreProperties.FORMAT).startsWith("application/pdf; version="));
    assertEquals(
        GroundedOcrParser.class.getName(),
        out.metadata().getValues(TikaCoreProperties.TIKA_PARSED_BY)[
            out.metadata().getValues(TikaCoreProperties.TIKA_PARSED_BY).length - 1]);
    assertArrayEquals(new String[] {"text", "text"}, out.metadata().getValues(GroundedOcrMetadata.PAGE_SOURCE));
    assertEquals("0", out.metadata().get(GroundedOcrMetadata.OCR_PAGE_COUNT));
    assertEquals("no_ocr", out.metadata().get(GroundedOcrMetadata.OCR_STRATEGY));

    for (int p = 0; p < 2; p++) {
      PageElement page = out.pages().get(p);
      TestDocuments.Page expected = doc.pages().get(p);
      assertEquals(p + 1, page.page());
      assertEquals(1224, page.width(), "8.5 in at 144 dpi");
      assertEquals(1584, page.height(), "11 in at 144 dpi");
      assertEquals(expected.width(), page.width());
      assertEquals("text", page.source());

      RegionElement title = page.regions().get(0);
      assertEquals(RegionLabels.TITLE, title.label());
      assertEquals(PAGES.get(p).title(), title.text().strip());
      assertEquals("h1", firstChild(title).getLocalName());
      assertIoU(expected.lines().get(0).box(), title.bbox(), 0.8);

      RegionElement body = page.regions().get(1);
      assertEquals(RegionLabels.TEXT, body.label());
      assertTrue(body.text().contains(PAGES.get(p).body().get(0)), body.text());
      assertTrue(body.text().contains(PAGES.get(p).body().get(1)), body.text());
      assertIoU(Box.union(List.of(expected.lines().get(1).box(), expected.lines().get(2).box())), body.bbox(), 0.8);

      RegionElement number = page.regions().get(page.regions().size() - 1);
      assertEquals(RegionLabels.PAGE_NUMBER, number.label());
      assertEquals(Integer.toString(p + 1), number.text().strip());
    }

    // the grounded JSON holds the same pages, with line boxes
    GroundedDocument grounded = out.grounded();
    assertEquals("report.pdf", grounded.source());
    assertEquals(2, grounded.pages().size());
    GroundedPage first = grounded.pages().get(0);
    assertEquals(1224, first.width());
    Region body = first.regions().get(1);
    assertEquals(2, body.lines().size());
    for (int i = 0; i < 2; i++) {
      assertEquals(PAGES.get(0).body().get(i), body.lines().get(i).text());
      assertIoU(doc.pages().get(0).lines().get(i + 1).box(), body.lines().get(i).bbox(), 0.8);
    }
    assertEquals("pdf-text", first.stats().engine());
    // raw grounded output per page, in DeepSeek's format
    String[] raw = out.metadata().getValues(GroundedOcrMetadata.GROUNDED_OUTPUT);
    assertEquals(2, raw.length);
    assertTrue(raw[0].startsWith("<|ref|>title<|/ref|><|det|>[["), raw[0]);
  }

  /**
   * Boxes and the rendered image share one coordinate space on every page rotation: the ink the
   * renderer draws lies inside the text-layer boxes, and every box holds ink.
   */
  @ParameterizedTest
  @ValueSource(ints = {0, 90, 180, 270})
  void boxesMatchTheRenderedInkOnRotatedPages(int rotation) throws Exception {
    Doc doc = TestDocuments.textPdf(PAGES.subList(0, 1), rotation, 144);
    Map<Integer, BufferedImage> images = new HashMap<>();
    ParseContext context = new ParseContext();
    context.set(PageImageSink.class, (n, img) -> images.put(n, img));
    Parsing.Parsed out = Parsing.parse(parser, doc.bytes(), "rotated.pdf", context);

    PageElement page = out.pages().get(0);
    BufferedImage img = images.get(1);
    assertNotNull(img, "the sink received the page");
    assertEquals(page.width(), img.getWidth());
    assertEquals(page.height(), img.getHeight());
    boolean quarter = rotation % 180 != 0;
    assertEquals(quarter ? 1584 : 1224, img.getWidth(), "rendered at the configured 144 dpi");

    List<Box> boxes = new ArrayList<>();
    for (RegionElement r : page.regions()) {
      boxes.add(r.bbox());
      assertTrue(ink(img, r.bbox(), 0) > 0, "region " + r.label() + " " + r.bbox() + " holds ink");
    }
    long total = ink(img, new Box(0, 0, img.getWidth(), img.getHeight()), 0);
    long inside = 0;
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = 0; x < img.getWidth(); x++) {
        if (dark(img, x, y) && insideAny(boxes, x, y, 2)) {
          inside++;
        }
      }
    }
    assertTrue(total > 500, "the page has text ink");
    assertTrue(inside >= total * 0.99, "ink inside boxes: " + inside + " of " + total);
  }

  @Test
  void pageImagesReachTheSinkInOrderAndMatchThePageSize() throws Exception {
    Doc doc = TestDocuments.textPdf(PAGES, 0, 144);
    List<Integer> seen = new ArrayList<>();
    ParseContext context = new ParseContext();
    context.set(PageImageSink.class, (n, img) -> {
      seen.add(n);
      assertEquals(1224, img.getWidth());
      assertEquals(1584, img.getHeight());
    });
    Parsing.parse(parser, doc.bytes(), "report.pdf", context);
    assertEquals(List.of(1, 2), seen);
  }

  @Test
  void pageRangeAndMaxPagesComeFromTheParseContext() throws Exception {
    List<TextPage> five = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      five.add(new TextPage("Chapter " + i, List.of("Body of chapter " + i + "."), null));
    }
    Doc doc = TestDocuments.textPdf(five, 0, 144);

    GroundedOcrConfig range = new GroundedOcrConfig();
    range.setFirstPage(2);
    range.setLastPage(4);
    ParseContext context = new ParseContext();
    context.set(GroundedOcrConfig.class, range);
    Parsing.Parsed out = Parsing.parse(parser, doc.bytes(), "book.pdf", context);
    assertEquals(List.of(2, 3, 4), out.pages().stream().map(PageElement::page).toList());
    assertTrue(out.pages().get(0).text().contains("Chapter 2"));
    assertEquals("5", out.metadata().get(PagedText.N_PAGES));
    assertArrayEquals(new String[] {"2", "3", "4"}, out.metadata().getValues(GroundedOcrMetadata.PAGE_NUMBERS));

    GroundedOcrConfig limited = new GroundedOcrConfig();
    limited.setMaxPages(2);
    context.set(GroundedOcrConfig.class, limited);
    out = Parsing.parse(parser, doc.bytes(), "book.pdf", context);
    assertEquals(List.of(1, 2), out.pages().stream().map(PageElement::page).toList());
    assertEquals("3", out.metadata().get(GroundedOcrMetadata.PAGES_SKIPPED));
  }

  @Test
  void anOversizedTextLayerPageKeepsAScaledDownImage() throws Exception {
    // page 2 is 200 x 200 inches: 829 megapixels at 144 dpi, over the default 100 MP limit. Its
    // text comes from the text layer (no_ocr), so its image is only kept: rendered scaled down to
    // fit instead of failing the document (issue 16), its boxes still in full-page pixels.
    byte[] pdf;
    try (PDDocument d = Loader.loadPDF(TestDocuments.textPdf(PAGES, 0, 144).bytes());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream()) {
      PDPage huge = new PDPage(new PDRectangle(14400, 14400));
      d.getPages().insertAfter(huge, d.getPage(0));
      d.save(bytes);
      pdf = bytes.toByteArray();
    }
    java.util.Map<Integer, int[]> kept = new java.util.concurrent.ConcurrentHashMap<>();
    ParseContext context = new ParseContext();
    context.set(PageImageSink.class, new PageImageSink() {
      @Override
      public void accept(int n, java.awt.image.BufferedImage img) {
        kept.put(n, new int[] {img.getWidth(), img.getHeight(), img.getWidth(), img.getHeight()});
      }

      @Override
      public void accept(int n, java.awt.image.BufferedImage img, int pageWidth, int pageHeight) {
        kept.put(n, new int[] {img.getWidth(), img.getHeight(), pageWidth, pageHeight});
      }
    });
    Parsing.Parsed out = Parsing.parse(parser, pdf, "bomb.pdf", context);

    assertEquals(3, out.pages().size());
    assertNull(out.metadata().get(GroundedOcrMetadata.FAILED_PAGES));
    assertTrue(out.pages().get(2).text().contains("Outlook"), "page 3 was read");
    int[] page2 = kept.get(2);
    assertTrue((long) page2[0] * page2[1] <= 4096L * 4096L, "kept image scaled down: " + page2[0] + "x" + page2[1]);
    assertEquals(28800, page2[2], "boxes stay in full-page pixels (200 in at 144 dpi)");
    assertEquals(3, out.grounded().pages().size());
  }

  @Test
  void encryptedPdfNeedsItsPasswordFromThePasswordProvider() throws Exception {
    byte[] encrypted;
    try (PDDocument d = Loader.loadPDF(TestDocuments.textPdf(PAGES, 0, 144).bytes());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream()) {
      StandardProtectionPolicy policy = new StandardProtectionPolicy("owner", "secret", new AccessPermission());
      policy.setEncryptionKeyLength(128);
      d.protect(policy);
      d.save(bytes);
      encrypted = bytes.toByteArray();
    }
    Metadata metadata = new Metadata();
    EncryptedDocumentException e =
        assertThrows(
            EncryptedDocumentException.class,
            () -> Parsing.parse(parser, encrypted, metadata, new ParseContext()));
    assertTrue(e.getMessage().contains("PasswordProvider"), e.getMessage());
    assertEquals("true", metadata.get(org.apache.tika.metadata.PDF.IS_ENCRYPTED));

    ParseContext wrong = new ParseContext();
    wrong.set(PasswordProvider.class, m -> "guess");
    assertThrows(EncryptedDocumentException.class, () -> Parsing.parse(parser, encrypted, "x.pdf", wrong));

    ParseContext right = new ParseContext();
    right.set(PasswordProvider.class, m -> "secret");
    Parsing.Parsed out = Parsing.parse(parser, encrypted, "x.pdf", right);
    assertEquals(2, out.pages().size());
    assertTrue(out.pages().get(0).text().contains("Quarterly Report"));
    assertEquals("true", out.metadata().get(org.apache.tika.metadata.PDF.IS_ENCRYPTED));
  }

  @Test
  void corruptPdfIsATikaExceptionWithTheCause() {
    byte[] junk = "%PDF-1.7\nthis is not a pdf at all\n".getBytes();
    Metadata metadata = new Metadata();
    metadata.set(Metadata.CONTENT_TYPE, "application/pdf");
    TikaException e =
        assertThrows(TikaException.class, () -> Parsing.parse(new GroundedOcrParser(), junk, metadata, noOcr()));
    assertFalse(e instanceof EncryptedDocumentException);
    assertInstanceOf(IOException.class, e.getCause());
    assertTrue(e.getMessage().startsWith("not a readable PDF"), e.getMessage());
  }

  @Test
  void aTruncatedPdfKeepsTheReadablePages() throws Exception {
    byte[] whole = TestDocuments.textPdf(PAGES, 0, 144).bytes();
    byte[] cut = Arrays.copyOf(whole, whole.length * 3 / 4);
    Parsing.Parsed out;
    try {
      out = Parsing.parse(parser, cut, "cut.pdf", null);
    } catch (TikaException e) {
      // PDFBox could not even rebuild the page tree: a clear error with the cause is fine too
      assertNotNull(e.getCause());
      return;
    }
    assertFalse(out.pages().isEmpty());
  }

  @Test
  void configurationFailsFastOnUnknownOrBadParameters() {
    TikaConfigException unknown =
        assertThrows(TikaConfigException.class, () -> new TikaConfig(getClass().getResourceAsStream("tika-config-unknown-param.xml")));
    assertTrue(unknown.getMessage().contains("dpii"), unknown.getMessage());
    Exception bad =
        assertThrows(Exception.class, () -> new TikaConfig(getClass().getResourceAsStream("tika-config-bad-dpi.xml")));
    assertTrue(String.valueOf(bad.getMessage()).contains("dpi must be between 36 and 1200"), bad.getMessage());
  }

  @Test
  void typesAreClaimedOnlyWhenTheyCanBeRead() {
    GroundedOcrParser p = new GroundedOcrParser();
    GroundedOcrConfig missingEngine = new GroundedOcrConfig();
    missingEngine.setEngine("no-such-engine");
    ParseContext context = new ParseContext();
    context.set(GroundedOcrConfig.class, missingEngine);
    assertTrue(p.getSupportedTypes(context).isEmpty(), "no engine, no claim");
    missingEngine.setOcrStrategy("no_ocr");
    assertEquals(java.util.Set.of(GroundedOcrParser.PDF_TYPE), p.getSupportedTypes(context));
  }

  // ---- helpers ----

  private static ParseContext noOcr() {
    GroundedOcrConfig c = new GroundedOcrConfig();
    c.setOcrStrategy("no_ocr");
    ParseContext context = new ParseContext();
    context.set(GroundedOcrConfig.class, c);
    return context;
  }

  static org.w3c.dom.Element firstChild(RegionElement r) {
    for (org.w3c.dom.Node n = r.element().getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof org.w3c.dom.Element e) {
        return e;
      }
    }
    throw new AssertionError("region has no element child");
  }

  static void assertIoU(Box expected, Box actual, double min) {
    assertNotNull(actual, "box");
    double iou = expected.iou(actual);
    assertTrue(iou >= min, "IoU " + iou + " of " + actual + " with expected " + expected);
  }

  private static void assertArrayEquals(String[] expected, String[] actual) {
    org.junit.jupiter.api.Assertions.assertArrayEquals(expected, actual, Arrays.toString(actual));
  }

  private static boolean dark(BufferedImage img, int x, int y) {
    int rgb = img.getRGB(x, y);
    int r = (rgb >> 16) & 0xFF;
    int g = (rgb >> 8) & 0xFF;
    int b = rgb & 0xFF;
    return r + g + b < 3 * 128;
  }

  private static long ink(BufferedImage img, Box b, int margin) {
    long n = 0;
    for (int y = Math.max(0, b.y1() - margin); y < Math.min(img.getHeight(), b.y2() + margin); y++) {
      for (int x = Math.max(0, b.x1() - margin); x < Math.min(img.getWidth(), b.x2() + margin); x++) {
        if (dark(img, x, y)) {
          n++;
        }
      }
    }
    return n;
  }

  private static boolean insideAny(List<Box> boxes, int x, int y, int margin) {
    for (Box b : boxes) {
      if (x >= b.x1() - margin && x < b.x2() + margin && y >= b.y1() - margin && y < b.y2() + margin) {
        return true;
      }
    }
    return false;
  }
}
