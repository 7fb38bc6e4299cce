package org.groundedocr.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.groundedocr.model.GroundedDocument;
import org.groundedocr.model.GroundedPage;
import org.groundedocr.model.Region;
import org.groundedocr.model.TextLine;
import org.groundedocr.model.Word;
import org.junit.jupiter.api.Test;

/**
 * Real OCR files from the shared test data (eScriptorium ALTO 4, OCR-D ground truth in ALTO 2 and
 * PAGE 2019), which are not committed: the test skips with a message when they are absent. Set
 * {@code groundedocr.testdata} (or {@code GROUNDEDOCR_TESTDATA}) to point elsewhere.
 */
class SharedTestdataImportTest {

  static Path testdata() {
    String configured = System.getProperty("groundedocr.testdata", System.getenv("GROUNDEDOCR_TESTDATA"));
    for (String candidate : new String[] {configured, "/work/shared/testdata", "../shared/testdata", "../../../shared/testdata"}) {
      if (candidate != null && Files.isDirectory(Path.of(candidate))) {
        return Path.of(candidate);
      }
    }
    return null;
  }

  @Test
  void escriptoriumAltoFilesImportWithWordsInsideTheirPages() throws IOException {
    Path data = testdata();
    assumeTrue(data != null && Files.isDirectory(data.resolve("layout")),
        "shared test data not found (set -Dgroundedocr.testdata=...); skipping");
    List<Path> files;
    try (Stream<Path> s = Files.list(data.resolve("layout"))) {
      files = s.filter(Files::isDirectory)
          .flatMap(d -> { try { return Files.list(d); } catch (IOException e) { throw new java.io.UncheckedIOException(e); } })
          .filter(p -> p.toString().endsWith(".xml"))
          .sorted()
          .toList();
    }
    assumeTrue(!files.isEmpty(), "no ALTO files under " + data.resolve("layout"));
    for (Path f : files) {
      GroundedDocument d = read(OcrFormat.ALTO, f);
      GroundedPage p = d.pages().get(0);
      assertTrue(p.width() > 0 && p.height() > 0, f + " size");
      assertTrue(p.regions().stream().mapToInt(r -> r.lines().size()).sum() > 0, f + " has lines");
      for (Region r : p.regions()) {
        for (TextLine l : r.lines()) {
          for (Word w : l.words()) {
            assertTrue(w.bbox().x2() <= p.width() + 2 && w.bbox().y2() <= p.height() + 2,
                f + ": word " + w + " outside the " + p.width() + "x" + p.height() + " page");
          }
        }
      }
    }
  }

  @Test
  void kantAltoAndPageGroundTruthAgree() throws IOException {
    Path data = testdata();
    Path alto = data == null ? null : data.resolve("kant_1784/OCR-D-GT-ALTO/PAGE_0017_ALTO.xml");
    Path page = data == null ? null : data.resolve("kant_1784/OCR-D-GT-PAGE/PAGE_0017_PAGE.xml");
    assumeTrue(alto != null && Files.exists(alto) && Files.exists(page),
        "OCR-D kant_1784 ground truth not found; skipping");
    GroundedPage a = read(OcrFormat.ALTO, alto).pages().get(0);
    GroundedPage p = read(OcrFormat.PAGE, page).pages().get(0);
    assertEquals(p.width(), a.width());
    assertEquals(p.height(), a.height());
    String altoText = words(a);
    String pageText = words(p);
    assertTrue(altoText.startsWith("Berliniſche Monatsſchrift"), altoText);
    assertEquals(pageText.split(" ").length, altoText.split(" ").length, "same number of words");
    assertEquals(pageText, altoText);
  }

  private static String words(GroundedPage p) {
    StringBuilder sb = new StringBuilder();
    for (Region r : p.regions()) {
      for (TextLine l : r.lines()) {
        for (Word w : l.words()) {
          sb.append(sb.length() == 0 ? "" : " ").append(w.text());
        }
      }
    }
    return sb.toString();
  }

  private static GroundedDocument read(OcrFormat f, Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return f.read(in, ImportOptions.named(file.getFileName().toString()));
    }
  }
}
