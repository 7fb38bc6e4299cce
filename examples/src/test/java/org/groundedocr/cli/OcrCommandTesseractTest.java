package org.groundedocr.cli;

import static org.groundedocr.cli.CliRunner.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.groundedocr.engine.OcrEngines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code grounded-ocr ocr --engine tesseract -O lang=fra}: accents and word boxes in the JSON, and
 * a missing language exits with 2 and the package to install. Skips where libtesseract is absent.
 */
class OcrCommandTesseractTest {

  @TempDir Path dir;

  @Test
  void readsAccentsWithWordBoxes() throws Exception {
    assumeTrue(OcrEngines.available().contains("tesseract"),
        "apt-get install libtesseract5 tesseract-ocr-fra to run this test");
    Path png = dir.resolve("fete.png");
    ImageIO.write(page("Ça coûte 12 € à la fête de Noël."), "png", png.toFile());
    String[] r = run("ocr", "--engine", "tesseract", "-O", "lang=fra", "--format", "json",
        png.toString());
    assertEquals("0", r[0], r[2]);
    JsonNode doc = new ObjectMapper().readTree(r[1]);
    assertEquals("tesseract", doc.path("engine").asText());
    JsonNode line = doc.path("pages").get(0).path("regions").get(0).path("lines").get(0);
    assertEquals("Ça coûte 12 € à la fête de Noël.", line.path("text").asText());
    JsonNode word = line.path("words").get(1);
    assertEquals("coûte", word.path("text").asText());
    assertTrue(word.path("conf").asDouble() > 0.5, word.toString());
    assertEquals(4, word.path("bbox").size());

    String[] missing = run("ocr", "--engine", "tesseract", "-O", "lang=xqz", png.toString());
    assertEquals("2", missing[0]);
    assertTrue(missing[2].contains("apt-get install tesseract-ocr-xqz"), missing[2]);
  }

  private static BufferedImage page(String text) {
    BufferedImage img = new BufferedImage(1400, 200, BufferedImage.TYPE_BYTE_GRAY);
    Graphics2D g = img.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, img.getWidth(), img.getHeight());
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.BLACK);
    g.setFont(new Font("DejaVu Serif", Font.PLAIN, 50));
    g.drawString(text, 60, 120);
    g.dispose();
    return img;
  }
}
