package org.groundedocr.it.tika;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.groundedocr.it.tika.XhtmlRegions.Page;
import org.groundedocr.it.tika.XhtmlRegions.Region;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code tika-app} jar from Maven Central with our parser's jars on its class path, run
 * the way users run it ({@code java -cp tika-app.jar:grounded-ocr/* org.apache.tika.cli.TikaCLI -x}).
 * No tika-config: registered through {@code META-INF/services}, our parser wins over Tika's PDF
 * and image parsers by Tika's own ordering (non-Tika parsers last, so they override).
 */
class TikaAppIT {

  @TempDir static Path dir;
  private static Path png;
  private static Path pdf;
  private static Path bornDigital;

  @BeforeAll
  static void files() throws Exception {
    TikaDistribution.requirePresent();
    png = ScanFiles.png(dir, "hello.png", List.of("Hello from a scanned image", "Regions have boxes"));
    pdf = ScanFiles.pdf(dir, "scan.pdf", List.of(
        List.of("Invoice number 4711", "Grounded OCR in Tika"),
        List.of("Second page of the scan", "Total amount 99 EUR")));
    bornDigital = ScanFiles.textPdf(dir, "letter.pdf", List.of("Dear reader,", "this page has a real text layer."));
  }

  private static TikaDistribution.Result tikaApp(String... args) throws Exception {
    TikaDistribution.Result r = TikaDistribution.run(
        TikaDistribution.command(TikaDistribution.TIKA_APP, "org.apache.tika.cli.TikaCLI", args), dir, 300);
    assertEquals(0, r.exitCode(), r.stderr());
    return r;
  }

  @Test
  void imageToGroundedXhtml() throws Exception {
    List<Page> pages = XhtmlRegions.read(tikaApp("-x", png.toString()).stdout());
    assertEquals(1, pages.size());
    Page page = pages.get(0);
    assertEquals(640, page.width());
    assertBoxesOnPage(page);
    String text = text(page);
    assertTrue(text.contains("hello from a scanned image"), text);
    assertTrue(text.contains("regions have boxes"), text);
  }

  @Test
  void scannedPdfToGroundedXhtml() throws Exception {
    String xhtml = tikaApp("-x", pdf.toString()).stdout();
    List<Page> pages = XhtmlRegions.read(xhtml);
    assertEquals(List.of(1, 2), pages.stream().map(Page::page).toList());
    for (Page p : pages) {
      assertEquals(640, p.width(), "rendered at 144 dpi, the scan's own resolution");
      assertBoxesOnPage(p);
    }
    assertTrue(text(pages.get(0)).contains("invoice number 4711"), text(pages.get(0)));
    assertTrue(text(pages.get(1)).contains("total amount 99 eur"), text(pages.get(1)));
    assertTrue(xhtml.contains("data-source=\"ocr\""), "the scan was OCRed");
  }

  @Test
  void recursiveJsonCarriesTheGroundedJson() throws Exception {
    JsonNode list = new ObjectMapper().readTree(tikaApp("-J", pdf.toString()).stdout());
    JsonNode doc = list.get(0);
    assertEquals("ppocr", doc.path("ocr:engine").asText());
    assertEquals("2", doc.path("xmpTPg:NPages").asText());
    assertTrue(doc.path("X-TIKA:Parsed-By").toString().contains("org.groundedocr.tika.GroundedOcrParser"));
    JsonNode grounded = new ObjectMapper().readTree(doc.path("ocr:groundedJson").asText());
    assertEquals(2, grounded.path("pages").size());
    JsonNode region = grounded.path("pages").get(0).path("regions").get(0);
    assertEquals(4, region.path("bbox").size());
    assertFalse(region.path("text").asText().isBlank());
  }

  @Test
  void bornDigitalPdfIsReadFromItsTextLayerWithBoxes() throws Exception {
    String xhtml = tikaApp("-x", bornDigital.toString()).stdout();
    List<Page> pages = XhtmlRegions.read(xhtml);
    assertEquals(1, pages.size());
    assertTrue(xhtml.contains("data-source=\"text\""), "auto strategy keeps a good text layer");
    assertBoxesOnPage(pages.get(0));
    assertTrue(text(pages.get(0)).contains("this page has a real text layer."), text(pages.get(0)));
  }

  static void assertBoxesOnPage(Page page) {
    assertFalse(page.regions().isEmpty(), "page " + page.page() + " has regions");
    for (Region r : page.regions()) {
      int[] b = r.bbox();
      assertNotNull(b, "region " + r.label() + " has a box");
      assertTrue(0 <= b[0] && b[0] < b[2] && b[2] <= page.width(), "x within the page: " + java.util.Arrays.toString(b));
      assertTrue(0 <= b[1] && b[1] < b[3] && b[3] <= page.height(), "y within the page: " + java.util.Arrays.toString(b));
    }
  }

  static String text(Page page) {
    StringBuilder sb = new StringBuilder();
    page.regions().forEach(r -> sb.append(r.text()).append(' '));
    return sb.toString().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
  }
}
