package org.groundedocr.cli;

import static org.groundedocr.cli.CliRunner.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code grounded-ocr ocr} on PDFs, which it reads through the Tika parser with its own engine. */
class OcrCommandPdfTest {

  @TempDir static Path dir;
  static Path scan;
  static Path typed;
  static Path locked;

  @BeforeAll
  static void pdfs() throws Exception {
    scan = dir.resolve("scan.pdf");
    try (PDDocument doc = new PDDocument()) {
      for (String text : List.of("Invoice 2468 paid", "Second page here")) {
        BufferedImage img = new BufferedImage(600, 160, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 600, 160);
        g.setColor(Color.BLACK);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 36));
        g.drawString(text, 40, 95);
        g.dispose();
        PDPage page = new PDPage(new PDRectangle(300, 80)); // 600 x 160 pixels at 144 dpi
        doc.addPage(page);
        try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
          cs.drawImage(LosslessFactory.createFromImage(doc, img), 0, 0, 300, 80);
        }
      }
      doc.save(scan.toFile());
    }
    typed = dir.resolve("typed.pdf");
    locked = dir.resolve("locked.pdf");
    for (Path file : List.of(typed, locked)) {
      try (PDDocument doc = new PDDocument()) {
        PDPage page = new PDPage(PDRectangle.A6);
        doc.addPage(page);
        try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
          cs.beginText();
          cs.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
          cs.newLineAtOffset(30, 300);
          cs.showText("A typed letter with a text layer.");
          cs.endText();
        }
        if (file == locked) {
          doc.protect(new StandardProtectionPolicy("owner", "secret", new AccessPermission()));
        }
        doc.save(file.toFile());
      }
    }
  }

  @Test
  void aScannedPdfIsOcredPageByPage() throws Exception {
    String[] r = run("ocr", "--format", "json", scan.toString());
    assertEquals("0", r[0], r[2]);
    JsonNode doc = new ObjectMapper().readTree(r[1]);
    assertEquals("ppocr", doc.path("engine").asText());
    assertEquals(2, doc.path("pages").size());
    JsonNode first = doc.path("pages").get(0);
    assertEquals(600, first.path("width").asInt(), "rendered at the default 144 dpi");
    assertEquals(4, first.path("regions").get(0).path("bbox").size());
    assertTrue(first.path("markdown").asText().contains("Invoice 2468 paid"), first.toString());
    assertTrue(doc.path("pages").get(1).path("markdown").asText().contains("Second page here"));
    assertTrue(r[2].contains("page 2/2"), "progress: " + r[2]);
  }

  @Test
  void pageRangeAndTextLayerOptions() throws Exception {
    String[] second = run("ocr", "--format", "markdown", "--first-page", "2", scan.toString());
    assertEquals("0", second[0], second[2]);
    assertTrue(second[1].contains("Second page here"), second[1]);
    assertTrue(!second[1].contains("Invoice"), second[1]);

    String[] text = run("ocr", "--format", "json", "--ocr-strategy", "no_ocr", "--dpi", "72", typed.toString());
    assertEquals("0", text[0], text[2]);
    JsonNode page = new ObjectMapper().readTree(text[1]).path("pages").get(0);
    assertEquals(297, page.path("width").asInt(), "A6 at 72 dpi");
    assertEquals("pdf-text", page.path("stats").path("engine").asText());
    assertEquals("A typed letter with a text layer.", page.path("regions").get(0).path("text").asText());
  }

  @Test
  void encryptedPdfsNeedThePassword() throws Exception {
    String[] without = run("ocr", "--ocr-strategy", "no_ocr", locked.toString());
    assertEquals("1", without[0]);
    assertTrue(without[2].toLowerCase(Locale.ROOT).contains("encrypted"), without[2]);
    String[] with = run("ocr", "--ocr-strategy", "no_ocr", "--password", "secret", locked.toString());
    assertEquals("0", with[0], with[2]);
    assertTrue(with[1].contains("A typed letter"), with[1]);
  }

  @Test
  void badPdfOptionsExitWithTwo() {
    String[] r = run("ocr", "--ocr-strategy", "sometimes", scan.toString());
    assertEquals("2", r[0]);
    assertTrue(r[2].contains("ocrStrategy"), r[2]);
  }
}
