package org.groundedocr.format;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.groundedocr.model.GroundedDocument;
import org.groundedocr.model.GroundedPage;
import org.junit.jupiter.api.Test;

/**
 * Import and export speed on the shared real files (eScriptorium ALTO 4, OCR-D ALTO 2 and PAGE):
 * each file is read, then written back as ALTO, hOCR and PAGE-XML, repeated to steady state.
 * Not part of CI: run with
 * {@code ./mvnw -pl model/formats test -Dtest=FormatsBenchmark -Dgroundedocr.benchmark=true}.
 */
class FormatsBenchmark {

  @Test
  void importAndExportSpeed() throws Exception {
    assumeTrue(Boolean.getBoolean("groundedocr.benchmark"), "benchmark: set -Dgroundedocr.benchmark=true");
    Path data = SharedTestdataImportTest.testdata();
    assumeTrue(data != null, "shared test data not found; skipping");
    List<Path> alto = new ArrayList<>();
    try (Stream<Path> s = Files.walk(data.resolve("layout"), 2)) {
      s.filter(p -> p.toString().endsWith(".xml")).sorted().forEach(alto::add);
    }
    try (Stream<Path> s = Files.list(data.resolve("kant_1784/OCR-D-GT-ALTO"))) {
      s.sorted().forEach(alto::add);
    }
    List<Path> page = new ArrayList<>();
    try (Stream<Path> s = Files.list(data.resolve("kant_1784/OCR-D-GT-PAGE"))) {
      s.sorted().forEach(page::add);
    }
    run("ALTO", OcrFormat.ALTO, alto);
    run("PAGE", OcrFormat.PAGE, page);
  }

  private static void run(String what, OcrFormat in, List<Path> files) throws Exception {
    List<byte[]> bytes = new ArrayList<>();
    for (Path f : files) {
      bytes.add(Files.readAllBytes(f));
    }
    long totalBytes = bytes.stream().mapToLong(b -> b.length).sum();
    int rounds = 20;
    long words = 0;
    long readNs = 0;
    long[] writeNs = new long[3];
    for (int round = -5; round < rounds; round++) {
      for (int i = 0; i < bytes.size(); i++) {
        long t0 = System.nanoTime();
        GroundedDocument d = in.read(new ByteArrayInputStream(bytes.get(i)), ImportOptions.named(files.get(i).toString()));
        long t1 = System.nanoTime();
        long[] w = new long[3];
        int k = 0;
        for (OcrFormat out : OcrFormat.values()) {
          long s = System.nanoTime();
          for (GroundedPage p : d.pages()) {
            out.write(d, p.page(), new ByteArrayOutputStream());
          }
          w[k++] = System.nanoTime() - s;
        }
        if (round >= 0) {
          readNs += t1 - t0;
          for (int j = 0; j < 3; j++) {
            writeNs[j] += w[j];
          }
          words += count(d);
        }
      }
    }
    double perFile = 1e6 * rounds;
    System.out.printf(Locale.ROOT,
        "%s: %d files, %.1f MB, %d words per pass; import %.2f ms/file (%.0f k words/s); export ALTO %.2f, hOCR %.2f, PAGE %.2f ms/file%n",
        what, files.size(), totalBytes / 1e6, words / rounds, readNs / perFile / files.size(),
        words / (readNs / 1e9) / 1000, writeNs[0] / perFile / files.size(), writeNs[1] / perFile / files.size(),
        writeNs[2] / perFile / files.size());
  }

  private static long count(GroundedDocument d) {
    return d.pages().stream().flatMap(p -> p.regions().stream()).flatMap(r -> r.lines().stream())
        .mapToLong(l -> Math.max(l.words().size(), 1)).sum();
  }
}
