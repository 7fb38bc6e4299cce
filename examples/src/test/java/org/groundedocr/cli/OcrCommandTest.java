package org.groundedocr.cli;

import static org.groundedocr.cli.CliRunner.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OcrCommandTest {

  @TempDir static Path dir;
  static Path png;
  static Path tiff;

  @BeforeAll
  static void pages() throws IOException {
    png = dir.resolve("hello.png");
    ImageIO.write(page("Hello grounded world 42"), "png", png.toFile());
    tiff = dir.resolve("two.tif");
    ImageWriter writer = ImageIO.getImageWritersByFormatName("tiff").next();
    try (ImageOutputStream out = ImageIO.createImageOutputStream(tiff.toFile())) {
      writer.setOutput(out);
      writer.prepareWriteSequence(null);
      writer.writeToSequence(new IIOImage(page("First page of the scan"), null, null), null);
      writer.writeToSequence(new IIOImage(page("Second page of the scan"), null, null), null);
      writer.endWriteSequence();
    } finally {
      writer.dispose();
    }
  }

  static BufferedImage page(String text) {
    BufferedImage img = new BufferedImage(600, 120, BufferedImage.TYPE_BYTE_GRAY);
    Graphics2D g = img.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, 600, 120);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.BLACK);
    g.setFont(new Font("DejaVu Sans", Font.PLAIN, 30));
    g.drawString(text, 30, 70);
    g.dispose();
    return img;
  }

  @Test
  void printsAGroundedJsonDocument() throws Exception {
    String[] r = run("ocr", "--format", "json", png.toString());
    assertEquals("0", r[0], r[2]);
    JsonNode doc = new ObjectMapper().readTree(r[1]);
    assertEquals("ppocr", doc.path("engine").asText());
    JsonNode p = doc.path("pages").get(0);
    assertEquals(600, p.path("width").asInt());
    JsonNode region = p.path("regions").get(0);
    assertEquals("text", region.path("label").asText());
    assertEquals("Hello grounded world 42", region.path("text").asText());
    JsonNode box = region.path("lines").get(0).path("bbox");
    assertTrue(box.get(0).asInt() < 40 && box.get(1).asInt() < 50 && box.get(3).asInt() > 70, box.toString());
    assertFalse(r[2].contains("page 1/1"), "no progress for a single page");
  }

  @Test
  void readsEveryTiffPageWithProgressAndMarkdown() {
    String[] r = run("ocr", "--format", "markdown", tiff.toString());
    assertEquals("0", r[0], r[2]);
    assertEquals("First page of the scan" + OcrCommand.PAGE_SPLIT + "Second page of the scan",
        r[1].strip());
    assertTrue(r[2].contains("page 1/2") && r[2].contains("page 2/2"), r[2]);
  }

  @Test
  void aBadFileIsReportedAndTheOthersAreStillRead() throws Exception {
    Path broken = dir.resolve("broken.png");
    byte[] whole = Files.readAllBytes(png);
    Files.write(broken, java.util.Arrays.copyOf(whole, whole.length / 3));
    Path pdf = dir.resolve("scan.pdf");
    Files.writeString(pdf, "%PDF-1.7\n%\u00e2\u00e3\n", StandardCharsets.ISO_8859_1);
    Path missing = dir.resolve("missing.tif");
    String[] r = run("ocr", "--format", "grounded", broken.toString(), pdf.toString(),
        missing.toString(), png.toString());
    assertEquals("1", r[0]);
    assertTrue(r[2].contains("broken.png"), r[2]);
    assertTrue(r[2].contains("scan.pdf: not a readable PDF"), r[2]);
    assertTrue(r[2].contains("missing.tif: no such file"), r[2]);
    assertTrue(r[1].contains("<|ref|>text<|/ref|><|det|>"), r[1]);
    assertTrue(r[1].contains("Hello grounded world 42"), r[1]);
  }

  @Test
  void badArgumentsExitWithTwo() {
    String[] unknown = run("ocr", "--engine", "nope", png.toString());
    assertEquals("2", unknown[0]);
    assertTrue(unknown[2].contains("unknown OCR engine 'nope'"), unknown[2]);
    String[] option = run("ocr", "-O", "limitSide=huge", png.toString());
    assertEquals("2", option[0]);
    assertTrue(option[2].contains("limitSide"), option[2]);
    String[] device = run("ocr", "--device", "tpu", png.toString());
    assertEquals("2", device[0]);
    assertTrue(device[2].contains("cpu or cuda"), device[2]);
    String[] tooLarge = run("ocr", "--max-pixels", "1000", png.toString());
    assertEquals("1", tooLarge[0]);
    assertTrue(tooLarge[2].contains("megapixels"), tooLarge[2]);
  }
}
