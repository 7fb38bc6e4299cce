package org.groundedocr.ppocr;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.OperatingSystemMXBean;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.groundedocr.engine.EngineConfig;
import org.groundedocr.engine.OcrEngine;
import org.groundedocr.engine.OcrEngines;
import org.groundedocr.image.ImageLimits;
import org.groundedocr.image.PageImageReader;
import org.groundedocr.model.GroundedPage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The embedded engine against Tesseract 5 (its command line), side by side on the same pages:
 * {@code ../shared/testdata/tesseract/phototest.tif}, the invoice PDFs rasterised at 200 dpi with
 * {@code pdftoppm} (truth: their text layer through {@code pdftotext}), and Tika's OCR smoke images
 * (truth: the strings Tika's own tests expect). Not a unit test; run it with
 *
 * <pre>
 * ./mvnw -q -o -pl model test -Dtest=PpOcrVsTesseractBenchmark -Dbenchmark=true \
 *     -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 *
 * It writes its table to {@code model/target/benchmark/ppocr-vs-tesseract.md} (copied into {@code
 * docs/BENCHMARKS.md}). {@code -Dppocr.options=recModel=int8,detModel=original} runs the engine
 * with those options instead of the defaults (the table then goes to {@code
 * ppocr-vs-tesseract-recModel-int8-detModel-original.md}). Needs {@code tesseract}, {@code pdftoppm} and {@code pdftotext}
 * (Debian: tesseract-ocr tesseract-ocr-eng poppler-utils) and the shared test data
 * ({@code -Dtestdata=DIR}, default {@code ../shared/testdata} beside the project).
 *
 * <p>Text normalisation, the same for both engines and the truth: every run of whitespace becomes
 * one space, leading and trailing whitespace is dropped; case, punctuation and order are kept.
 * CER = Levenshtein distance / max(length of truth, length of output). Our text is the page's line
 * texts in the engine's reading order; Tesseract's is its plain-text output. Word F1 compares the
 * two as bags of whitespace-separated words, so it does not depend on reading order.
 */
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
class PpOcrVsTesseractBenchmark {

  record Sample(String group, String name, Path image, String truth, List<String> expected) {}

  record Run(String text, double seconds, double cpuSeconds, long memoryBytes) {}

  @Test
  void ppocrVersusTesseract() throws Exception {
    Path root = Path.of(System.getProperty("groundedocr.root", "."));
    Path data = Path.of(System.getProperty("testdata",
        // ../shared beside a checkout, ../../shared beside a worktree in /work/wt/NAME
        Files.isDirectory(root.resolve("../shared/testdata"))
            ? root.resolve("../shared/testdata").toString()
            : root.resolve("../../shared/testdata").toString()))
        .toAbsolutePath().normalize();
    assertTrue(Files.isDirectory(data), "no test data at " + data + " (-Dtestdata=DIR)");
    Path work = Path.of("target", "benchmark").toAbsolutePath();
    Files.createDirectories(work);
    List<Sample> samples = samples(data, work);

    OperatingSystemMXBean os =
        (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long startupCpu = os.getProcessCpuTime();
    long startupBegin = System.nanoTime();
    Map<String, String> options = new java.util.LinkedHashMap<>();
    for (String kv : System.getProperty("ppocr.options", "").split(",")) {
      if (!kv.isBlank()) {
        String[] p = kv.split("=", 2);
        options.put(p[0].trim(), p.length > 1 ? p[1].trim() : "");
      }
    }
    OcrEngine engine = OcrEngines.create(
        new EngineConfig("ppocr", org.groundedocr.engine.Device.CPU, null, options));
    double startup = (System.nanoTime() - startupBegin) / 1e9;
    double startupCpuSeconds = (os.getProcessCpuTime() - startupCpu) / 1e9;
    // one warm-up page so that neither engine pays one-time costs inside the table
    recognise(engine, samples.get(0).image(), os);
    tesseract(samples.get(0).image());

    StringBuilder table = new StringBuilder();
    table.append("| group | page | truth chars | CER ppocr | CER tesseract | word F1 ppocr"
        + " | word F1 tesseract | s ppocr | s tesseract | CPU s ppocr | CPU s tesseract"
        + " | heap peak ppocr MB | RSS peak tesseract MB |\n");
    table.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    StringBuilder smoke = new StringBuilder();
    smoke.append("| image | expected | ppocr | tesseract | s ppocr | s tesseract |\n");
    smoke.append("|---|---|---|---|---:|---:|\n");
    Map<String, double[]> totals = new HashMap<>(); // group -> ed/len sums, times, pages
    double[] all = new double[10];
    long heapMax = 0;
    long tessRssMax = 0;
    for (Sample s : samples) {
      Run ours = recognise(engine, s.image(), os);
      Run tess = tesseract(s.image());
      heapMax = Math.max(heapMax, ours.memoryBytes());
      tessRssMax = Math.max(tessRssMax, tess.memoryBytes());
      double[] t = totals.computeIfAbsent(s.group(), g -> new double[10]);
      for (double[] acc : List.of(t, all)) {
        acc[4] += ours.seconds();
        acc[5] += tess.seconds();
        acc[6] += ours.cpuSeconds();
        acc[7] += tess.cpuSeconds();
        acc[8]++;
      }
      if (s.truth() != null) {
        String truth = normalise(s.truth());
        int[] a = distance(truth, normalise(ours.text()));
        int[] b = distance(truth, normalise(tess.text()));
        for (double[] acc : List.of(t, all)) {
          acc[0] += a[0];
          acc[1] += a[1];
          acc[2] += b[0];
          acc[3] += b[1];
        }
        table.append(String.format(Locale.ROOT,
            "| %s | %s | %d | %.4f | %.4f | %.3f | %.3f | %.2f | %.2f | %.2f | %.2f | %d | %d |%n",
            s.group(), s.name(), truth.length(), (double) a[0] / a[1], (double) b[0] / b[1],
            wordF1(truth, ours.text()), wordF1(truth, tess.text()), ours.seconds(),
            tess.seconds(), ours.cpuSeconds(), tess.cpuSeconds(), ours.memoryBytes() >> 20,
            tess.memoryBytes() >> 20));
      } else {
        String flatOurs = ours.text().replaceAll("[^A-Za-z0-9]+", " ");
        String flatTess = tess.text().replaceAll("[^A-Za-z0-9]+", " ");
        for (String e : s.expected()) {
          String flatE = e.replaceAll("[^A-Za-z0-9]+", " ");
          smoke.append(String.format(Locale.ROOT, "| %s | \"%s\" | %s | %s | %.2f | %.2f |%n",
              s.name(), e, flatOurs.contains(flatE) ? "found" : "**missing**",
              flatTess.contains(flatE) ? "found" : "**missing**", ours.seconds(), tess.seconds()));
        }
      }
    }
    engine.close();

    StringBuilder summary = new StringBuilder();
    summary.append("| group | pages | CER ppocr | CER tesseract | pages/s ppocr | pages/s tesseract"
        + " | CPU s/page ppocr | CPU s/page tesseract |\n");
    summary.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
    List<String> groups = new ArrayList<>(totals.keySet());
    groups.sort(null);
    for (String g : groups) {
      summary.append(summaryRow(g, totals.get(g)));
    }
    summary.append(summaryRow("**all**", all));

    String report = "Engine options: " + (options.isEmpty() ? "defaults" : options) + ".\n\n"
        + "Engine start-up (ppocr, two sessions): " + String.format(Locale.ROOT,
        "%.2f s wall, %.2f s CPU", startup, startupCpuSeconds) + "; machine load average at the"
        + " end: " + String.format(Locale.ROOT, "%.1f", os.getSystemLoadAverage()) + "; JVM heap peak over all pages: " + (heapMax >> 20)
        + " MB; Tesseract peak RSS: " + (tessRssMax >> 20) + " MB; process peak RSS of this"
        + " JVM (heap + ONNX Runtime): " + (peakRss() >> 20) + " MB.\n\n"
        + summary + "\n" + table + "\n" + smoke;
    StringBuilder file = new StringBuilder("ppocr-vs-tesseract");
    options.forEach((k, v) -> file.append('-').append(k).append('-').append(v));
    Files.writeString(work.resolve(file.append(".md").toString()), report, StandardCharsets.UTF_8);
    System.out.println(report);
  }

  private static String summaryRow(String group, double[] t) {
    int pages = (int) t[8];
    String cerOurs = t[1] == 0 ? "–" : String.format(Locale.ROOT, "%.4f", t[0] / t[1]);
    String cerTess = t[3] == 0 ? "–" : String.format(Locale.ROOT, "%.4f", t[2] / t[3]);
    return String.format(Locale.ROOT, "| %s | %d | %s | %s | %.2f | %.2f | %.2f | %.2f |%n",
        group, pages, cerOurs, cerTess, pages / t[4], pages / t[5], t[6] / pages, t[7] / pages);
  }

  // ---- the pages ------------------------------------------------------------------------------

  private static List<Sample> samples(Path data, Path work) throws Exception {
    List<Sample> samples = new ArrayList<>();
    Path tess = data.resolve("tesseract");
    samples.add(new Sample("english print", "phototest.tif", tess.resolve("phototest.tif"),
        Files.readString(tess.resolve("phototest.gold.txt")), List.of()));
    Path invoices = data.resolve("invoices");
    List<Path> pdfs;
    try (Stream<Path> s = Files.list(invoices)) {
      pdfs = s.filter(p -> p.toString().endsWith(".pdf")).sorted().toList();
    }
    Path raster = work.resolve("invoices-200dpi");
    Files.createDirectories(raster);
    for (Path pdf : pdfs) {
      String stem = pdf.getFileName().toString().replaceFirst("\\.pdf$", "");
      exec(raster, "pdftoppm", "-r", "200", "-png", pdf.toString(), stem);
      List<Path> pages;
      try (Stream<Path> s = Files.list(raster)) {
        pages = s.filter(p -> p.getFileName().toString().startsWith(stem + "-")).sorted().toList();
      }
      for (int i = 0; i < pages.size(); i++) {
        String truth = exec(raster, "pdftotext", "-f", String.valueOf(i + 1), "-l",
            String.valueOf(i + 1), pdf.toString(), "-");
        samples.add(new Sample("invoices 200 dpi", stem + " p" + (i + 1), pages.get(i), truth,
            List.of()));
      }
    }
    Path tika = data.resolve("tika");
    samples.add(new Sample("tika smoke", "testOCR.jpg", tika.resolve("testOCR.jpg"), null,
        List.of("Apache Tika", "OCR Testing")));
    samples.add(new Sample("tika smoke", "testOCR_spacing.png",
        tika.resolve("testOCR_spacing.png"), null, List.of("The quick")));
    samples.add(new Sample("tika smoke", "testRotated+10.png", tika.resolve("testRotated+10.png"),
        null, List.of("Its had resolving otherwise she contented therefore")));
    samples.add(new Sample("tika smoke", "testRotated-10.png", tika.resolve("testRotated-10.png"),
        null, List.of("Its had resolving otherwise she contented therefore")));
    samples.add(new Sample("tika smoke", "testTIFF_multipage.tif",
        tika.resolve("testTIFF_multipage.tif"), null, List.of("Page 2")));
    return samples;
  }

  // ---- the engines ----------------------------------------------------------------------------

  /** Decodes every page of {@code image} and reads it; time and CPU include the decoding. */
  private static Run recognise(OcrEngine engine, Path image, OperatingSystemMXBean os)
      throws Exception {
    List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(p -> p.getType() == MemoryType.HEAP).toList();
    System.gc();
    heap.forEach(MemoryPoolMXBean::resetPeakUsage);
    long cpu = os.getProcessCpuTime();
    long start = System.nanoTime();
    StringBuilder text = new StringBuilder();
    try (PageImageReader pages = PageImageReader.open(image, ImageLimits.DEFAULT)) {
      for (int i = 0; i < pages.pageCount(); i++) {
        BufferedImage page = pages.read(i);
        GroundedPage p = engine.recognize(page, i + 1);
        text.append(PpOcrEngineTest.pageText(p)).append('\n');
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    double cpuSeconds = (os.getProcessCpuTime() - cpu) / 1e9;
    long peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    return new Run(text.toString(), seconds, cpuSeconds, peak);
  }

  /** Tesseract's command line, timed by GNU time for wall, CPU and peak memory. */
  private static Run tesseract(Path image) throws Exception {
    Path times = Files.createTempFile("tesseract-time", ".txt");
    try {
      String text = exec(image.getParent(), "/usr/bin/time", "-f", "%e %U %S %M", "-o",
          times.toString(), "tesseract", image.toString(), "stdout");
      String[] t = Files.readString(times).trim().split("\\s+");
      return new Run(text, Double.parseDouble(t[0]),
          Double.parseDouble(t[1]) + Double.parseDouble(t[2]), Long.parseLong(t[3]) * 1024);
    } finally {
      Files.deleteIfExists(times);
    }
  }

  private static String exec(Path dir, String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).directory(dir.toFile())
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
      throw new IOException(String.join(" ", command) + " failed");
    }
    return new String(out, StandardCharsets.UTF_8);
  }

  // ---- the measures ---------------------------------------------------------------------------

  static String normalise(String s) {
    return s.replaceAll("\\s+", " ").strip();
  }

  /** {edit distance, max length}. */
  static int[] distance(String truth, String read) {
    return new int[] {SyntheticPage.levenshtein(truth, read),
        Math.max(1, Math.max(truth.length(), read.length()))};
  }

  static double wordF1(String truth, String read) {
    Map<String, Integer> t = bag(truth);
    Map<String, Integer> r = bag(read);
    int common = 0;
    int nt = 0;
    int nr = 0;
    for (int c : t.values()) {
      nt += c;
    }
    for (Map.Entry<String, Integer> e : r.entrySet()) {
      nr += e.getValue();
      common += Math.min(e.getValue(), t.getOrDefault(e.getKey(), 0));
    }
    return nt + nr == 0 ? 1 : 2.0 * common / (nt + nr);
  }

  private static Map<String, Integer> bag(String s) {
    Map<String, Integer> m = new HashMap<>();
    for (String w : normalise(s).split(" ")) {
      if (!w.isEmpty()) {
        m.merge(w, 1, Integer::sum);
      }
    }
    return m;
  }

  private static long peakRss() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException e) {
      return -1;
    }
    return -1;
  }
}
