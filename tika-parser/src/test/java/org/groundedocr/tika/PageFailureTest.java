package org.groundedocr.tika;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Map;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.apache.tika.exception.TikaException;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.PagedText;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.parser.ParseContext;
import org.groundedocr.engine.EngineConfig;
import org.groundedocr.engine.OcrEngine;
import org.groundedocr.tika.XhtmlPages.PageElement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One bad page never costs the others: an engine failing or hanging on page 2, an engine that
 * cannot start, corrupt and oversized images. Uses the test-only {@code test-faulty} engine (it
 * reads nothing; see {@link FaultyTestEngineProvider}), so these tests need no model.
 */
class PageFailureTest {

  private static final GroundedOcrParser PARSER = new GroundedOcrParser();
  private static byte[] threePagePdf;

  @BeforeAll
  static void build() throws Exception {
    threePagePdf = TestDocuments.scannedPdf(
        List.of(List.of("first page"), List.of("second page"), List.of("third page")), 360, 240, 24, 144)
        .bytes();
  }

  @AfterAll
  static void close() {
    PARSER.close();
  }

  private static ParseContext faulty(Map<String, String> options, int timeoutSeconds) {
    GroundedOcrConfig c = new GroundedOcrConfig();
    c.setEngine(FaultyTestEngineProvider.NAME);
    c.setOcrStrategy("ocr_only");
    c.setPageTimeoutSeconds(timeoutSeconds);
    options.forEach(c::setEngineOption);
    ParseContext context = new ParseContext();
    context.set(GroundedOcrConfig.class, c);
    return context;
  }

  @Test
  void aPageTheEngineFailsIsReportedAndTheOthersAreKept() throws Exception {
    Parsing.Parsed out = Parsing.parse(PARSER, threePagePdf, "three.pdf", faulty(Map.of("failPage", "2"), 0));
    List<PageElement> pages = out.pages();
    assertEquals(List.of(1, 2, 3), pages.stream().map(PageElement::page).toList());
    assertNull(pages.get(0).failed());
    assertTrue(pages.get(1).failed().contains("fails page 2 on purpose"), pages.get(1).failed());
    assertNull(pages.get(2).failed());
    assertEquals(360, pages.get(2).width(), "page 3 went through at 144 dpi");
    assertArrayEquals(new String[] {"1", "3"}, out.metadata().getValues(GroundedOcrMetadata.PAGE_NUMBERS));
    assertArrayEquals(new String[] {"2"}, out.metadata().getValues(GroundedOcrMetadata.FAILED_PAGES));
    assertEquals("2", out.metadata().get(GroundedOcrMetadata.OCR_PAGE_COUNT));
    assertEquals("3", out.metadata().get(PagedText.N_PAGES));
    assertEquals(2, out.grounded().pages().size());
    assertTrue(out.metadata().get(TikaCoreProperties.TIKA_META_EXCEPTION_WARNING).contains("page 2: OCR failed"));
  }

  @Test
  void aPageThatHangsTimesOutAndTheNextPageIsRead() throws Exception {
    long t0 = System.nanoTime();
    Parsing.Parsed out = Parsing.parse(PARSER, threePagePdf, "three.pdf", faulty(Map.of("hangPage", "2"), 1));
    long seconds = (System.nanoTime() - t0) / 1_000_000_000L;
    assertTrue(seconds < 20, "took " + seconds + " s");
    assertArrayEquals(new String[] {"1", "3"}, out.metadata().getValues(GroundedOcrMetadata.PAGE_NUMBERS));
    assertTrue(out.metadata().get(GroundedOcrMetadata.FAILED_PAGE_REASONS).contains("timed out after 1 s"));
  }

  @Test
  void anEngineThatCannotStartFailsTheDocumentClearly() {
    TikaException e = assertThrows(TikaException.class,
        () -> Parsing.parse(PARSER, threePagePdf, "three.pdf", faulty(Map.of("failCreate", "true"), 0)));
    assertTrue(e.getMessage().contains("cannot create OCR engine 'test-faulty'"), e.getMessage());
    assertTrue(e.getMessage().contains("failCreate=true"), e.getMessage());
  }

  @Test
  void oneEnginePerConfigurationIsCreatedAndReused() throws Exception {
    GroundedOcrParser parser = new GroundedOcrParser();
    try {
      int before = FaultyTestEngineProvider.CREATED.get();
      ParseContext context = faulty(Map.of("failPage", "99"), 0);
      Parsing.parse(parser, threePagePdf, "a.pdf", context);
      Parsing.parse(parser, threePagePdf, "b.pdf", context);
      assertEquals(before + 1, FaultyTestEngineProvider.CREATED.get());
      Parsing.parse(parser, threePagePdf, "c.pdf", faulty(Map.of("failPage", "98"), 0));
      assertEquals(before + 2, FaultyTestEngineProvider.CREATED.get(), "another configuration, another engine");
    } finally {
      parser.close();
    }
  }

  @Test
  void anEngineInTheParseContextIsUsedInsteadOfTheParsersOwn() throws Exception {
    try (OcrEngine supplied = new FaultyTestEngineProvider().create(
        new EngineConfig(FaultyTestEngineProvider.NAME, null, null, Map.of("failPage", "3")))) {
      int created = FaultyTestEngineProvider.CREATED.get();
      GroundedOcrConfig c = new GroundedOcrConfig();
      c.setEngine("no-such-engine"); // would fail if the parser created its own
      c.setOcrStrategy("ocr_only");
      ParseContext context = new ParseContext();
      context.set(GroundedOcrConfig.class, c);
      context.set(OcrEngine.class, supplied);
      Parsing.Parsed out = Parsing.parse(PARSER, threePagePdf, "three.pdf", context);
      assertEquals(FaultyTestEngineProvider.NAME, out.metadata().get(GroundedOcrMetadata.ENGINE));
      assertArrayEquals(new String[] {"3"}, out.metadata().getValues(GroundedOcrMetadata.FAILED_PAGES));
      assertEquals(created, FaultyTestEngineProvider.CREATED.get(), "no engine created");
      assertEquals(FaultyTestEngineProvider.NAME, out.grounded().engine());
    }
  }

  @Test
  void everyPageOfAMultiPageTiffIsRead() throws Exception {
    byte[] tiff = tiff(
        TestDocuments.textImage(300, 200, List.of("one"), 24, null),
        TestDocuments.textImage(320, 210, List.of("two"), 24, null),
        TestDocuments.textImage(340, 220, List.of("three"), 24, null));
    Metadata metadata = new Metadata();
    metadata.set(Metadata.CONTENT_TYPE, "image/tiff");
    Parsing.Parsed out = Parsing.parse(PARSER, tiff, metadata, faulty(Map.of(), 0));
    assertEquals(List.of(1, 2, 3), out.pages().stream().map(PageElement::page).toList());
    assertEquals(List.of(300, 320, 340), out.pages().stream().map(PageElement::width).toList());
    assertEquals("3", out.metadata().get(PagedText.N_PAGES));
    assertEquals("image/tiff", out.metadata().get(TikaCoreProperties.FORMAT));
  }

  @Test
  void aCorruptImageIsATikaExceptionNamingTheFile() {
    byte[] png = new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R', 1, 2};
    Metadata metadata = new Metadata();
    metadata.set(TikaCoreProperties.RESOURCE_NAME_KEY, "broken.png");
    metadata.set(Metadata.CONTENT_TYPE, "image/png");
    TikaException e = assertThrows(TikaException.class, () -> Parsing.parse(PARSER, png, metadata, faulty(Map.of(), 0)));
    assertTrue(e.getMessage().contains("broken.png"), e.getMessage());
  }

  @Test
  void aDecompressionBombIsRefusedBeforeDecoding() throws Exception {
    // a real 50,000 x 50,000 PNG header (a tiny file): refused from the header
    byte[] bomb = pngHeader(50_000, 50_000);
    Metadata metadata = new Metadata();
    metadata.set(TikaCoreProperties.RESOURCE_NAME_KEY, "bomb.png");
    metadata.set(Metadata.CONTENT_TYPE, "image/png");
    TikaException e = assertThrows(TikaException.class, () -> Parsing.parse(PARSER, bomb, metadata, faulty(Map.of(), 0)));
    assertTrue(e.getMessage().contains("over the limit"), e.getMessage());
    assertTrue(e.getMessage().contains("bomb.png"), e.getMessage());
  }

  static byte[] tiff(BufferedImage... pages) throws Exception {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("tiff").next();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
      writer.setOutput(out);
      writer.prepareWriteSequence(null);
      for (BufferedImage p : pages) {
        writer.writeToSequence(new IIOImage(p, null, null), null);
      }
      writer.endWriteSequence();
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }

  /** A PNG signature and IHDR chunk declaring {@code w x h} 8-bit RGB, with a valid CRC, and no data. */
  static byte[] pngHeader(int w, int h) {
    java.nio.ByteBuffer ihdr = java.nio.ByteBuffer.allocate(17);
    ihdr.put(new byte[] {'I', 'H', 'D', 'R'}).putInt(w).putInt(h).put((byte) 8).put((byte) 2)
        .put((byte) 0).put((byte) 0).put((byte) 0);
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(ihdr.array());
    java.nio.ByteBuffer png = java.nio.ByteBuffer.allocate(8 + 4 + 17 + 4);
    png.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}).putInt(13).put(ihdr.array())
        .putInt((int) crc.getValue());
    return png.array();
  }
}
