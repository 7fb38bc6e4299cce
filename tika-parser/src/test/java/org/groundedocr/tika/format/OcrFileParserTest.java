package org.groundedocr.tika.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.apache.tika.exception.TikaException;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.mime.MediaType;
import org.apache.tika.parser.AutoDetectParser;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.sax.ToXMLContentHandler;
import org.groundedocr.format.OcrFormat;
import org.groundedocr.grounding.GroundedJson;
import org.groundedocr.model.Box;
import org.groundedocr.model.GroundedDocument;
import org.groundedocr.model.GroundedPage;
import org.groundedocr.model.PageStats;
import org.groundedocr.model.Region;
import org.groundedocr.model.RegionLabels;
import org.groundedocr.model.TextLine;
import org.groundedocr.model.Word;
import org.groundedocr.tika.GroundedOcrMetadata;
import org.groundedocr.tika.GroundedOcrParser;
import org.groundedocr.tika.PageImageSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OcrFileParserTest {

  @TempDir Path dir;

  static GroundedDocument sample() {
    TextLine line = new TextLine(new Box(40, 50, 400, 90), "Was ist Aufklärung",
        List.of(new Word(new Box(40, 50, 110, 90), "Was", 0.9),
            new Word(new Box(125, 50, 180, 90), "ist", 0.8),
            new Word(new Box(195, 50, 400, 90), "Aufklärung", 0.95)));
    Region title = new Region(RegionLabels.TITLE, List.of(new Box(40, 50, 400, 90)), line.text(), List.of(line));
    TextLine body = new TextLine(new Box(40, 120, 500, 150), "Sapere aude");
    Region text = new Region(RegionLabels.TEXT, List.of(new Box(40, 120, 500, 150)), body.text(), List.of(body));
    GroundedPage page = new GroundedPage(1, 600, 800, List.of(title, text), new PageStats("", "", 0, 0, 0, true));
    return new GroundedDocument("kant.tif", "tesseract", List.of(page));
  }

  @Test
  void detectsOcrFormatsAndLeavesOrdinaryHtmlAndXmlAlone() throws Exception {
    OcrFileDetector d = new OcrFileDetector();
    assertEquals(OcrFileDetector.ALTO, detect(d, OcrFormat.ALTO.toString(sample())));
    assertEquals(OcrFileDetector.HOCR, detect(d, OcrFormat.HOCR.toString(sample())));
    assertEquals(OcrFileDetector.PAGE, detect(d, OcrFormat.PAGE.toString(sample())));
    assertEquals(MediaType.OCTET_STREAM, detect(d,
        "<!DOCTYPE html><html><head><title>ocr_page</title></head><body><p class='ocr_page'>hi</p></body></html>"));
    assertEquals(MediaType.OCTET_STREAM, detect(d, "<?xml version='1.0'?><rss><channel>alto</channel></rss>"));
    assertEquals(MediaType.OCTET_STREAM, detect(d, "<PcGts xmlns='urn:other'/>"));

    // through Tika's own detection (service-loaded detectors with MIME magic)
    AutoDetectParser auto = new AutoDetectParser();
    assertEquals(OcrFileDetector.ALTO, auto.getDetector().detect(
        TikaInputStream.get(OcrFormat.ALTO.toString(sample()).getBytes(StandardCharsets.UTF_8)), new Metadata()));
    assertEquals(OcrFileDetector.HOCR, auto.getDetector().detect(
        TikaInputStream.get(OcrFormat.HOCR.toString(sample()).getBytes(StandardCharsets.UTF_8)), new Metadata()));
    assertEquals(MediaType.text("html"), auto.getDetector().detect(TikaInputStream.get(
        "<html><head><title>t</title></head><body>plain page</body></html>".getBytes(StandardCharsets.UTF_8)),
        new Metadata()));
  }

  @Test
  void everyFormatImportsThroughAutoDetectAsTheOcrParserWouldWrite() throws Exception {
    AutoDetectParser auto = new AutoDetectParser();
    for (OcrFormat f : OcrFormat.values()) {
      Metadata m = new Metadata();
      m.set(TikaCoreProperties.RESOURCE_NAME_KEY, "kant" + f.extension());
      ToXMLContentHandler h = new ToXMLContentHandler();
      auto.parse(TikaInputStream.get(OcrFormat.valueOf(f.name()).toString(sample()).getBytes(StandardCharsets.UTF_8)),
          h, m, new ParseContext());
      assertEquals(f.mediaType(), m.get(Metadata.CONTENT_TYPE), f.id());
      GroundedDocument doc = GroundedJson.readDocument(m.get(GroundedOcrMetadata.GROUNDED_JSON));
      GroundedPage p = doc.pages().get(0);
      assertEquals(List.of(RegionLabels.TITLE, RegionLabels.TEXT), p.regions().stream().map(Region::label).toList(), f.id());
      assertEquals("Was ist Aufklärung", p.regions().get(0).text(), f.id());
      assertEquals(new Box(125, 50, 180, 90), p.regions().get(0).lines().get(0).words().get(1).bbox(), f.id());
      assertEquals("1", m.get(GroundedOcrMetadata.PAGE_COUNT));
      assertEquals("0", m.get(GroundedOcrMetadata.OCR_PAGE_COUNT));
      assertTrue(h.toString().contains("data-source=\"import\""), h.toString());
      assertTrue(h.toString().contains("Sapere aude"), h.toString());
    }
  }

  @Test
  void theOcrParserHandsOcrFilesToTheImporterWithTheCompanionImage() throws Exception {
    Path xml = dir.resolve("kant_0017.xml");
    Files.writeString(xml, OcrFormat.ALTO.toString(sample()));
    BufferedImage scan = new BufferedImage(300, 400, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = scan.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, 300, 400);
    g.dispose();
    ImageIO.write(scan, "png", dir.resolve("kant_0017.png").toFile());

    List<int[]> images = new ArrayList<>();
    ParseContext context = new ParseContext();
    context.set(PageImageSink.class, (n, image) -> images.add(new int[] {n, image.getWidth(), image.getHeight()}));
    Metadata m = new Metadata();
    m.set(TikaCoreProperties.RESOURCE_NAME_KEY, xml.getFileName().toString());
    try (GroundedOcrParser parser = new GroundedOcrParser();
        InputStream in = TikaInputStream.get(xml)) {
      parser.parse(in, new ToXMLContentHandler(), m, context);
    }
    assertEquals("alto", m.get(GroundedOcrMetadata.ENGINE));
    // the scan is at half the ALTO's resolution: scaled to the page so the boxes fit it
    assertEquals(1, images.size());
    assertEquals(List.of(1, 600, 800), List.of(images.get(0)[0], images.get(0)[1], images.get(0)[2]));
  }

  @Test
  void anImageNamedByUrlIsRecordedNotFetched() throws Exception {
    for (OcrFormat f : OcrFormat.values()) {
      GroundedDocument named = new GroundedDocument("https://images.example.org/kant/p17.jpg", "t", sample().pages());
      Metadata m = parse(OcrFormat.ALTO == f ? OcrFormat.ALTO.toString(named) : f.toString(named), "p17.xml", new ParseContext());
      assertEquals(List.of("1 image https://images.example.org/kant/p17.jpg"),
          List.of(m.getValues(GroundedOcrMetadata.REMOTE_PAGE_IMAGES)), f.id());
    }
    // a file name is a companion file to look for, not a remote image
    Metadata local = parse(OcrFormat.ALTO.toString(sample()), "p17.xml", new ParseContext());
    assertEquals(0, local.getValues(GroundedOcrMetadata.REMOTE_PAGE_IMAGES).length);
  }

  @Test
  void aGivenImageServiceNamesEveryPageAndReplacesTheCompanionImage() throws Exception {
    Path xml = dir.resolve("kant_0017.xml");
    GroundedPage p1 = sample().pages().get(0);
    GroundedPage p2 = new GroundedPage(2, p1.width(), p1.height(), p1.regions(), p1.stats());
    Files.writeString(xml, OcrFormat.ALTO.toString(new GroundedDocument("kant.tif", "t", List.of(p1, p2))));
    ImageIO.write(new BufferedImage(60, 80, BufferedImage.TYPE_INT_RGB), "png", dir.resolve("kant_0017.png").toFile());
    List<Integer> sent = new ArrayList<>();
    ParseContext context = new ParseContext();
    context.set(PageImageSink.class, (n, image) -> sent.add(n));
    context.set(OcrFileParser.ImageService.class, new OcrFileParser.ImageService("https://iiif.example.org/iiif/3/k-{page}"));
    Metadata m = new Metadata();
    m.set(TikaCoreProperties.RESOURCE_NAME_KEY, xml.getFileName().toString());
    try (InputStream in = TikaInputStream.get(xml)) {
      new OcrFileParser().parse(in, new ToXMLContentHandler(), m, context);
    }
    assertEquals(List.of("1 service https://iiif.example.org/iiif/3/k-1", "2 service https://iiif.example.org/iiif/3/k-2"),
        List.of(m.getValues(GroundedOcrMetadata.REMOTE_PAGE_IMAGES)));
    assertEquals(List.of(), sent);
  }

  private static Metadata parse(String text, String name, ParseContext context) throws Exception {
    Metadata m = new Metadata();
    m.set(TikaCoreProperties.RESOURCE_NAME_KEY, name);
    new OcrFileParser().parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), new ToXMLContentHandler(), m, context);
    return m;
  }

  @Test
  void brokenOcrFileFailsNamingTheFile() {
    Metadata m = new Metadata();
    m.set(TikaCoreProperties.RESOURCE_NAME_KEY, "box12/scan_0042.xml");
    m.set(Metadata.CONTENT_TYPE, OcrFormat.ALTO.mediaType());
    TikaException e = assertThrows(TikaException.class, () -> new OcrFileParser().parse(
        new ByteArrayInputStream("<alto><Layout><Page>".getBytes(StandardCharsets.UTF_8)),
        new ToXMLContentHandler(), m, new ParseContext()));
    assertTrue(e.getMessage().startsWith("box12/scan_0042.xml: not well-formed XML"), e.getMessage());
  }

  private static MediaType detect(OcrFileDetector d, String s) throws Exception {
    return d.detect(new java.io.BufferedInputStream(new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8))), new Metadata());
  }

  @Test
  void theOcrParserWritesTheExportFormatItIsAskedFor() throws Exception {
    org.groundedocr.tika.TestDocuments.Doc pdf = org.groundedocr.tika.TestDocuments.textPdf(List.of(
        new org.groundedocr.tika.TestDocuments.TextPage("Harbour report", List.of("Copper shipments rose."), "1"),
        new org.groundedocr.tika.TestDocuments.TextPage("Appendix", List.of("Tonnage by month."), "2")), 0, 144);
    for (OcrFormat f : OcrFormat.values()) {
      org.groundedocr.tika.GroundedOcrConfig config = new org.groundedocr.tika.GroundedOcrConfig();
      config.setOcrStrategy("no_ocr");
      config.setExportFormat(f.id());
      ParseContext context = new ParseContext();
      context.set(org.groundedocr.tika.GroundedOcrConfig.class, config);
      Metadata m = new Metadata();
      m.set(TikaCoreProperties.RESOURCE_NAME_KEY, "report.pdf");
      try (GroundedOcrParser parser = new GroundedOcrParser()) {
        parser.parse(TikaInputStream.get(pdf.bytes()), new ToXMLContentHandler(), m, context);
      }
      String[] exported = m.getValues(GroundedOcrMetadata.EXPORT);
      assertEquals(f.multiPage() ? 1 : 2, exported.length, f.id());
      GroundedDocument back = f.read(new ByteArrayInputStream(exported[exported.length - 1].getBytes(StandardCharsets.UTF_8)),
          org.groundedocr.format.ImportOptions.named("x"));
      String text = back.pages().get(back.pages().size() - 1).regions().stream().map(Region::text)
          .reduce("", (a, b) -> a + "\n" + b);
      assertTrue(text.contains("Tonnage by month."), f.id() + ": " + text);
    }
    IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
        () -> new org.groundedocr.tika.GroundedOcrConfig().setExportFormat("docx"));
    assertTrue(bad.getMessage().contains("known: alto, hocr, page"), bad.getMessage());
  }
}
