package org.groundedocr.tika;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.apache.tika.parser.AutoDetectParser;
import org.groundedocr.model.GroundedPage;
import org.groundedocr.model.TextLine;
import org.junit.jupiter.api.Test;

/**
 * {@code engine=tesseract} chosen in {@code tika-config.xml} (as Solr's {@code /update/scan} reads
 * it): a PNG with French accents comes out of the parser with its accents and word boxes. Skips
 * where Tesseract's library or French data is missing ({@code .ci/run} installs them).
 */
class TesseractEngineParserTest {

  @Test
  void tikaConfigSelectsTheTesseractEngine() throws Exception {
    assumeTrue(Files.isRegularFile(Path.of("/usr/share/tesseract-ocr/5/tessdata/fra.traineddata")),
        "apt-get install libtesseract5 tesseract-ocr-fra to run this test");
    AutoDetectParser parser = Parsing.autoDetect("tika-config-tesseract.xml");
    Parsing.Parsed out = Parsing.parse(parser, png(), "accents.png", null);
    assertTrue(out.xhtml().contains("Le cœur déçu de l’élève âgé")
        || out.xhtml().contains("Le cœur déçu de l'élève âgé"), out.xhtml());
    assertTrue(out.xhtml().contains("À Noël, près du lac"), out.xhtml());
    GroundedPage page = out.grounded().pages().get(0);
    assertEquals("tesseract", page.stats().engine());
    List<TextLine> lines = page.regions().get(0).lines();
    assertFalse(lines.get(0).words().isEmpty(), "word boxes in the grounded JSON");
    assertEquals("cœur", lines.get(0).words().get(1).text());
  }

  private static byte[] png() throws Exception {
    BufferedImage img = new BufferedImage(1500, 400, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, img.getWidth(), img.getHeight());
    g.setColor(Color.BLACK);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setFont(new Font(Font.SERIF, Font.PLAIN, 50));
    g.drawString("Le cœur déçu de l'élève âgé", 100, 150);
    g.drawString("Où était-ce ? À Noël, près du lac.", 100, 250);
    g.dispose();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ImageIO.write(img, "png", bytes);
    return bytes.toByteArray();
  }
}
