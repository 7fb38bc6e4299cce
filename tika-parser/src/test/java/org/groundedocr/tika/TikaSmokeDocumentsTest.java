package org.groundedocr.tika;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.parser.AutoDetectParser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Tika's own OCR smoke documents (from the {@code tika-parser-ocr-module} and
 * {@code tika-parser-pdf-module} test jars of the Tika we build against) through {@code AutoDetectParser} with our
 * parser and the default engine; the expected strings are those Tika's
 * {@code TesseractOCRParserTest} and {@code PDFParserTest} expect from Tesseract.
 */
class TikaSmokeDocumentsTest {

  private static AutoDetectParser parser;

  @BeforeAll
  static void configure() throws Exception {
    parser = Parsing.autoDetect("tika-config.xml");
  }

  private static Parsing.Parsed parse(String name) throws Exception {
    try (InputStream in = TikaSmokeDocumentsTest.class.getResourceAsStream("/test-documents/" + name)) {
      assertNotNull(in, name + " from Tika's test jars");
      Metadata metadata = new Metadata();
      metadata.set(TikaCoreProperties.RESOURCE_NAME_KEY, name);
      Parsing.Parsed out = Parsing.parse(parser, in.readAllBytes(), metadata, null);
      return out;
    }
  }

  private static String text(Parsing.Parsed out) {
    StringBuilder sb = new StringBuilder();
    out.pages().forEach(p -> sb.append(p.text()));
    return sb.toString().replaceAll("\\s+", " ").strip();
  }

  @Test
  void testOcrPdf() throws Exception {
    Parsing.Parsed out = parse("testOCR.pdf");
    assertTrue(text(out).contains("Happy New Year 2003!"), text(out));
    assertEquals("ocr", out.pages().get(0).source(), "a scanned page with no text layer is OCRed under auto");
  }

  @Test
  void testOcrJpg() throws Exception {
    Parsing.Parsed out = parse("testOCR.jpg");
    assertTrue(text(out).contains("OCR Testing"), text(out));
    assertTrue(text(out).contains("Apache"), text(out));
  }

  @Test
  void testOcrSpacingPng() throws Exception {
    assertTrue(text(parse("testOCR_spacing.png")).contains("The quick"));
  }

  @Test
  void testRotatedPlus10() throws Exception {
    String text = text(parse("testRotated+10.png"));
    assertTrue(text.contains("Its had resolving otherwise she contented therefore"), text);
  }

  @Test
  void testRotatedMinus10() throws Exception {
    String text = text(parse("testRotated-10.png"));
    assertTrue(text.contains("Its had resolving otherwise she contented therefore"), text);
  }

  @Test
  void testMultipageTiff() throws Exception {
    Parsing.Parsed out = parse("testTIFF_multipage.tif");
    assertTrue(out.pages().size() > 1, "every page of the TIFF");
    assertTrue(text(out).replaceAll("[^A-Za-z0-9]", " ").contains("Page 2"), text(out));
  }
}
