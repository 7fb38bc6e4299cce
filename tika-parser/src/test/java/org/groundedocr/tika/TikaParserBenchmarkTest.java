package org.groundedocr.tika;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Benchmark, skipped by default: a 200-page scanned PDF parses with {@code -Xmx1g}. Run with
 * <pre>{@code ./mvnw -pl tika-parser -am test -Dbenchmark=true -Dtest=TikaParserBenchmarkTest -Dsurefire.failIfNoSpecifiedTests=false}</pre>
 * ({@code -Dbenchmark.pages=N} for another page count). The parse runs in a child JVM with
 * {@code -Xmx1g}; its result line goes to {@code tika-parser/target/benchmark-tika.txt} and into
 * {@code docs/BENCHMARKS.md}, section "Tika parser", by hand.
 */
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
class TikaParserBenchmarkTest {

  @TempDir Path dir;

  @Test
  void twoHundredScannedPagesIn1GiBOfHeap() throws Exception {
    int pages = Integer.getInteger("benchmark.pages", 200);
    Path pdf = dir.resolve("scan-" + pages + ".pdf");
    run(List.of("build", pdf.toString(), Integer.toString(pages)), "-Xmx1g");
    String rendered = run(List.of("parse", pdf.toString(), "render-only"), "-Xmx1g");
    String renderLine = rendered.lines().filter(l -> l.startsWith("RESULT ")).findFirst().orElse("");
    System.out.println("render only: " + renderLine);
    String result = run(List.of("parse", pdf.toString()), "-Xmx1g");
    String line = result.lines().filter(l -> l.startsWith("RESULT ")).findFirst().orElse(null);
    assertNotNull(line, result);
    System.out.println(line + " (pdf " + (Files.size(pdf) >> 20) + " MiB)");
    Files.writeString(Path.of("target", "benchmark-tika.txt"),
        "render-only " + renderLine + System.lineSeparator()
            + "ocr " + line + " pdfMiB=" + (Files.size(pdf) >> 20) + System.lineSeparator());
    assertEquals("pages=" + pages, line.split(" ")[1]);
    assertEquals("failed=0", line.split(" ")[2]);
  }

  private String run(List<String> args, String xmx) throws Exception {
    // the class path goes in an @argfile: ONNX Runtime 1.29.0 crashes (SIGSEGV) creating its
    // environment when the process's command line is 4 KB or longer
    Path argFile = dir.resolve("classpath.args");
    Files.writeString(argFile, "-cp \"" + System.getProperty("java.class.path").replace("\\", "\\\\") + "\"");
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), xmx, "-Djava.awt.headless=true",
        "@" + argFile, TikaParserBenchmark.class.getName()));
    cmd.addAll(args);
    Path out = dir.resolve("out-" + String.join("-", args).replaceAll("[^A-Za-z0-9-]", "_") + ".txt");
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    if (!p.waitFor(2, TimeUnit.HOURS)) {
      p.destroyForcibly();
      throw new AssertionError("benchmark did not finish in 2 hours");
    }
    String output = Files.readString(out);
    assertEquals(0, p.exitValue(), output);
    return output;
  }
}
