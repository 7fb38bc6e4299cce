package org.groundedocr.cli;

import static org.groundedocr.cli.CliRunner.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bad-input suite of issue 16 through {@code grounded-ocr ocr} (the Tika parser underneath,
 * as for every file the CLI reads): every input is generated here and all go in one call with two
 * good files. Each bad file gets its own error line naming it (and the remedy where there is one),
 * the good files are printed, and the exit code is 1.
 */
class OcrCommandBadInputTest {

  @TempDir Path dir;

  @Test
  void eachBadFileGetsItsOwnErrorAndTheGoodOnesAreRead() throws Exception {
    Path good = dir.resolve("good.png");
    ImageIO.write(OcrCommandTest.page("Harbour ledger 1871"), "png", good.toFile());
    Path unicode = dir.resolve("l'état \"final\" é.png");
    ImageIO.write(OcrCommandTest.page("Copper cargo landed"), "png", unicode.toFile());
    byte[] png = Files.readAllBytes(good);

    List<Path> bad = new ArrayList<>();
    bad.add(Files.write(dir.resolve("empty.png"), new byte[0]));
    bad.add(Files.write(dir.resolve("truncated.png"), Arrays.copyOf(png, png.length / 3)));
    bad.add(Files.write(dir.resolve("bomb.png"), pngBomb()));
    byte[] random = new byte[4096];
    new Random(16).nextBytes(random);
    bad.add(Files.write(dir.resolve("random.pdf"), random));
    bad.add(Files.write(dir.resolve("drawing.png"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\"><text>hi</text></svg>".getBytes(StandardCharsets.UTF_8)));
    bad.add(Files.write(dir.resolve("page.jpg"),
        "<html><body><script>alert(1)</script></body></html>".getBytes(StandardCharsets.UTF_8)));
    bad.add(Files.write(dir.resolve("locked.pdf"), textPdf(true)));
    Path loopA = dir.resolve("loop-a.png");
    Path loopB = dir.resolve("loop-b.png");
    Files.createSymbolicLink(loopA, loopB.getFileName());
    Files.createSymbolicLink(loopB, loopA.getFileName());
    bad.add(loopA);
    bad.add(dir.resolve("missing.png"));

    List<String> args = new ArrayList<>(List.of("ocr", "--format", "json"));
    args.add(good.toString());
    bad.forEach(p -> args.add(p.toString()));
    args.add(unicode.toString());
    String[] r = run(args.toArray(String[]::new));

    assertEquals("1", r[0], r[2]);
    String err = r[2];
    List<String> lines = err.lines().filter(l -> l.startsWith("grounded-ocr ocr:")).toList();
    for (Path p : bad) {
      String name = p.getFileName().toString();
      assertTrue(lines.stream().anyMatch(l -> l.contains(name)), name + " has an error line of its own:\n" + err);
    }
    assertFalse(err.contains("Exception\n\tat ") || err.contains("\tat org."), "no stack traces:\n" + err);
    assertTrue(line(lines, "locked.pdf").contains("password"), "the remedy for an encrypted PDF:\n" + err);
    assertTrue(line(lines, "bomb.png").contains("--max-pixels"), "a decompression bomb is refused by size:\n" + err);
    assertTrue(line(lines, "random.pdf").contains("named .pdf but not a PDF"), err);
    assertTrue(line(lines, "loop-a.png").contains("symbolic link"), err);
    for (Path p : bad) {
      String name = p.getFileName().toString();
      assertEquals(1, lines.stream().filter(l -> l.contains("/" + name + ":")).count(), "one line for " + name + ":\n" + err);
    }

    List<String> sources = new ArrayList<>();
    ObjectMapper json = new ObjectMapper();
    for (String l : r[1].lines().filter(l -> l.startsWith("{")).toList()) {
      JsonNode doc = json.readTree(l);
      sources.add(Path.of(doc.path("source").asText()).getFileName().toString());
      assertFalse(doc.path("pages").isEmpty());
    }
    assertEquals(List.of("good.png", unicode.getFileName().toString()), sources, r[1]);
    System.out.println("ocr bad-input suite, standard error:\n" + err);
  }

  private static String line(List<String> lines, String name) {
    return lines.stream().filter(l -> l.contains(name)).findFirst().orElse("");
  }

  private static byte[] textPdf(boolean encrypted) throws Exception {
    try (PDDocument doc = new PDDocument(); ByteArrayOutputStream b = new ByteArrayOutputStream()) {
      PDPage page = new PDPage(PDRectangle.A4);
      doc.addPage(page);
      try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
        cs.beginText();
        cs.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
        cs.newLineAtOffset(72, 700);
        cs.showText("Harbour ledger lists the copper cargo.");
        cs.endText();
      }
      if (encrypted) {
        StandardProtectionPolicy policy = new StandardProtectionPolicy("owner", "secret", new AccessPermission());
        policy.setEncryptionKeyLength(128);
        doc.protect(policy);
      }
      doc.save(b);
      return b.toByteArray();
    }
  }

  /** A PNG whose header claims 100000 x 100000 pixels over a few bytes of data. */
  private static byte[] pngBomb() {
    ByteBuffer b = ByteBuffer.allocate(8 + 25 + 12);
    b.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
    b.putInt(13);
    int crcStart = b.position();
    b.put("IHDR".getBytes(StandardCharsets.US_ASCII));
    b.putInt(100_000).putInt(100_000).put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
    CRC32 crc = new CRC32();
    crc.update(b.array(), crcStart, 17);
    b.putInt((int) crc.getValue());
    b.putInt(0);
    b.put("IEND".getBytes(StandardCharsets.US_ASCII));
    CRC32 end = new CRC32();
    end.update("IEND".getBytes(StandardCharsets.US_ASCII));
    b.putInt((int) end.getValue());
    return b.array();
  }
}
