package org.groundedocr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.groundedocr.format.ImportOptions;
import org.groundedocr.format.OcrFormat;
import org.groundedocr.model.GroundedDocument;
import org.groundedocr.model.TextLine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ocr --format alto|hocr|page}: a scan OCRed to the library formats, and converting between them. */
class OcrCommandFormatsTest {

  @TempDir Path dir;

  @Test
  void scanToAltoThenAltoToPageAndHocrWithoutAnEngine() throws Exception {
    Path png = dir.resolve("note.png");
    ImageIO.write(page("Grounded archive 1784"), "png", png.toFile());

    String[] alto = CliRunner.run("ocr", "--format", "alto", png.toString());
    assertEquals("0", alto[0], alto[2]);
    GroundedDocument fromAlto = OcrFormat.ALTO.read(
        new ByteArrayInputStream(alto[1].getBytes(StandardCharsets.UTF_8)), ImportOptions.named("x"));
    TextLine line = fromAlto.pages().get(0).regions().get(0).lines().get(0);
    assertTrue(line.text().contains("archive"), line.text());
    assertEquals(3, line.words().size(), line.words().toString());

    Path altoFile = dir.resolve("note.alto.xml");
    Files.writeString(altoFile, alto[1]);
    Path out = dir.resolve("out");
    // converting needs no engine: an engine that does not exist is never started
    String[] conv = CliRunner.run("ocr", "--engine", "no-such-engine", "--format", "page", "--out",
        out.toString(), altoFile.toString());
    assertEquals("0", conv[0], conv[2]);
    Path page = out.resolve("note_p1.page.xml");
    assertTrue(Files.exists(page), conv[2]);
    GroundedDocument fromPage = OcrFormat.PAGE.read(Files.newInputStream(page), ImportOptions.named("p"));
    assertEquals(line.words(), fromPage.pages().get(0).regions().get(0).lines().get(0).words());

    String[] hocr = CliRunner.run("ocr", "--format", "hocr", page.toString());
    assertEquals("0", hocr[0], hocr[2]);
    assertTrue(hocr[1].contains("class=\"ocrx_word\""), hocr[1]);
  }

  @Test
  void severalFilesToStdoutAreRefused() throws Exception {
    Path a = dir.resolve("a.xml");
    Files.writeString(a, "<alto xmlns='http://www.loc.gov/standards/alto/ns-v4#'/>");
    String[] r = CliRunner.run("ocr", "--format", "alto", a.toString(), a.toString());
    assertEquals("2", r[0]);
    assertTrue(r[2].contains("needs --out DIR"), r[2]);
  }

  private static BufferedImage page(String text) {
    BufferedImage img = new BufferedImage(900, 200, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, 900, 200);
    g.setColor(Color.BLACK);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 48));
    g.drawString(text, 60, 120);
    g.dispose();
    return img;
  }

  @Test
  void ingestSendsAScanWithItsOcrFile() {
    java.util.List<Path> files = java.util.List.of(Path.of("a/p017.jpg"), Path.of("a/p017.xml"), Path.of("a/p018.png"),
        Path.of("b/p017.png"), Path.of("a/q.page.xml"), Path.of("a/q.tif"), Path.of("a/r.hocr"));
    assertEquals(java.util.Map.of(Path.of("a/p017.xml"), Path.of("a/p017.jpg"), Path.of("a/q.page.xml"), Path.of("a/q.tif")),
        OcrFiles.scansOfOcrFiles(files));
  }
}
