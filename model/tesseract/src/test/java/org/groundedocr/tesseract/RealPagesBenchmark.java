package org.groundedocr.tesseract;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.management.OperatingSystemMXBean;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.groundedocr.engine.Device;
import org.groundedocr.engine.EngineConfig;
import org.groundedocr.engine.OcrEngine;
import org.groundedocr.engine.OcrEngines;
import org.groundedocr.image.ImageLimits;
import org.groundedocr.image.PageImageReader;
import org.groundedocr.model.Box;
import org.groundedocr.model.GroundedPage;
import org.groundedocr.model.Region;
import org.groundedocr.model.TextLine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Real pages, three readers in the same run: {@code ppocr} (the default engine) and {@code
 * tesseract} through the product path ({@link OcrEngines}, images decoded by {@link
 * PageImageReader}, as {@code grounded-ocr ocr} does), and the Tesseract 5 command line as the
 * peer ({@code tesseract IMG OUT -l LANG txt tsv}). Not a unit test; run it with
 *
 * <pre>
 * ./mvnw -B -ntp -o -pl model/tesseract test -Dtest=RealPagesBenchmark -Dbenchmark=true \
 *     -Dsurefire.failIfNoSpecifiedTests=false [-Dtestdata=DIR]
 * </pre>
 *
 * <p>Pages: the 20 French pages of {@code testdata/layout/} (manifest.tsv; truth: the {@code
 * .gt.txt} in reading order that {@code extract_text.py} derives from the ALTO, furniture
 * included) with {@code lang=fra}, and the two Fraktur pages of {@code testdata/kant_1784/}
 * (truth: the ALTO) with {@code lang=frk}. The data folder is {@code -Dtestdata}, else {@code
 * $GROUNDEDOCR_TESTDATA}, else {@code /work/shared/testdata}, else {@code ../shared/testdata}
 * beside the project; without it the benchmark is skipped with a message.
 *
 * <p>Measures. Order-sensitive CER = Levenshtein distance / max(truth length, output length) over
 * the page's whole text, after the normalisation of {@code PpOcrVsTesseractBenchmark} (whitespace
 * runs to one space, trimmed; case, punctuation, accents and order kept) plus the truth's
 * hyphenation sign {@code ¬} written as the printed {@code -}. Accent-folded CER also decomposes
 * (NFD), drops combining marks and writes the long s {@code ſ} as {@code s}, on both sides.
 * Category and overall CERs sum distances and lengths over the pages. Our text is the page's lines
 * in the engine's reading order (a region's text where it has no lines); the CLI's is its {@code
 * txt} output. Seconds are wall time per page including image decoding (the CLI: the whole process,
 * model loading included, as a user pays it); CPU seconds are the process's user+system time. The
 * column check is {@link ColumnOrder} on the line boxes (the CLI's from its {@code tsv}).
 *
 * <p>Writes {@code model/tesseract/target/benchmark/real-pages.md}.
 */
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
class RealPagesBenchmark {

  record Page(String category, String name, Path image, String truth, AltoTruth alto, String lang) {}

  record Read(String text, List<Box> lines, double seconds, double cpuSeconds) {}

  /** The readers, in the tables' column order ("tess own": layout=tesseract; "tess grounded":
   * layout=grounded, Tesseract's lines in the project's layout). */
  private static final String[] READERS = {"ppocr", "tess own", "tess grounded", "CLI"};

  @Test
  void realPages() throws Exception {
    Path data = testdata();
    assumeTrue(data != null, "no test data: set -Dtestdata=DIR or GROUNDEDOCR_TESTDATA"
        + " (looked in /work/shared/testdata and ../shared/testdata)");
    assumeTrue(TesseractLibrary.isAvailable(), "libtesseract5 missing: "
        + TesseractLibrary.INSTALL_HINT);
    List<Page> pages = layoutPages(data.resolve("layout"));
    List<Page> kant = kantPages(data.resolve("kant_1784"));
    Path work = Path.of("target", "benchmark").toAbsolutePath();
    Files.createDirectories(work);
    OperatingSystemMXBean os =
        (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    long t0 = System.nanoTime();
    OcrEngine ppocr = OcrEngines.create(EngineConfig.of("ppocr"));
    double ppocrStart = (System.nanoTime() - t0) / 1e9;
    t0 = System.nanoTime();
    OcrEngine fra = tesseract("fra", "tesseract");
    double tessStart = (System.nanoTime() - t0) / 1e9;
    OcrEngine fraGrounded = tesseract("fra", "grounded");
    OcrEngine frk = tesseract("frk", "tesseract");
    OcrEngine frkGrounded = tesseract("frk", "grounded");
    // one warm-up page each, so that one-time costs stay out of the table
    read(ppocr, pages.get(0).image(), os);
    read(fra, pages.get(0).image(), os);
    read(fraGrounded, pages.get(0).image(), os);

    StringBuilder report = new StringBuilder();
    report.append(String.format(Locale.ROOT, "Machine: %d cores (shared with other jobs), load"
        + " average %.1f at the start; %s; Tesseract %s. Engine start-up: ppocr %.2f s,"
        + " tesseract (fra) %.2f s.%n%n", Runtime.getRuntime().availableProcessors(),
        os.getSystemLoadAverage(), System.getProperty("java.vm.name") + " "
        + System.getProperty("java.version"), ((TesseractEngine) fra).version(), ppocrStart,
        tessStart));
    report.append(evaluate("French pages (`layout/`, lang=fra)", pages,
        List.of(ppocr, fra, fraGrounded), os, work));
    report.append(evaluate("Fraktur (`kant_1784/`, lang=frk)", kant,
        List.of(ppocr, frk, frkGrounded), os, work));
    report.append(String.format(Locale.ROOT, "Load average at the end: %.1f.%n",
        os.getSystemLoadAverage()));
    ppocr.close();
    fra.close();
    fraGrounded.close();
    frk.close();
    frkGrounded.close();
    Files.writeString(work.resolve("real-pages.md"), report, StandardCharsets.UTF_8);
    System.out.println(report);
  }

  /** {@code engines}: the readers of {@link #READERS} but the CLI, in that order. */
  private static String evaluate(String title, List<Page> pages, List<OcrEngine> engines,
      OperatingSystemMXBean os, Path work) throws Exception {
    StringBuilder perPage = new StringBuilder();
    perPage.append("| category | page | truth chars").append(columns("CER"))
        .append(columns("folded")).append(columns("s")).append(columns("columns")).append(" |\n");
    perPage.append("|---|---|---:").append("|---:".repeat(3 * READERS.length))
        .append("|---".repeat(READERS.length)).append("|\n");
    // per category and overall: [reader][distance, length, folded distance, folded length,
    // seconds, cpu, pages, column pages ok, column pages checked]
    Map<String, double[][]> sums = new LinkedHashMap<>();
    for (Page p : pages) {
      Read[] reads = new Read[READERS.length];
      for (int r = 0; r < engines.size(); r++) {
        reads[r] = read(engines.get(r), p.image(), os);
      }
      reads[READERS.length - 1] = cli(p.image(), p.lang(), work);
      String truth = normalise(p.truth());
      String folded = fold(truth);
      StringBuilder cer = new StringBuilder();
      StringBuilder cerFolded = new StringBuilder();
      StringBuilder secs = new StringBuilder();
      StringBuilder cols = new StringBuilder();
      for (int r = 0; r < reads.length; r++) {
        String text = normalise(reads[r].text());
        int d = levenshtein(truth, text);
        int n = Math.max(1, Math.max(truth.length(), text.length()));
        String f = fold(text);
        int df = levenshtein(folded, f);
        int nf = Math.max(1, Math.max(folded.length(), f.length()));
        ColumnOrder.Result c = ColumnOrder.check(p.alto(), reads[r].lines());
        for (String key : List.of(p.category(), "**all**")) {
          double[] s = sums.computeIfAbsent(key, k -> new double[READERS.length][9])[r];
          s[0] += d;
          s[1] += n;
          s[2] += df;
          s[3] += nf;
          s[4] += reads[r].seconds();
          s[5] += reads[r].cpuSeconds();
          s[6]++;
          if (c.pairs() > 0) {
            s[7] += c.ok() ? 1 : 0;
            s[8]++;
          }
        }
        cer.append(String.format(Locale.ROOT, " %.4f |", (double) d / n));
        cerFolded.append(String.format(Locale.ROOT, " %.4f |", (double) df / nf));
        secs.append(String.format(Locale.ROOT, " %.2f |", reads[r].seconds()));
        cols.append(' ').append(c).append(" |");
      }
      perPage.append("| ").append(p.category()).append(" | ").append(p.name()).append(" | ")
          .append(truth.length()).append(" |").append(cer).append(cerFolded).append(secs)
          .append(cols).append('\n');
      System.out.println(p.name() + ":" + cer + cerFolded + secs + cols);
    }
    StringBuilder summary = new StringBuilder();
    summary.append("| category | pages").append(columns("CER")).append(columns("folded"))
        .append(columns("s/page")).append(columns("CPU s/page"))
        .append(columns("2-col pages in order")).append(" |\n");
    summary.append("|---|---:").append("|---:".repeat(5 * READERS.length)).append("|\n");
    for (Map.Entry<String, double[][]> e : sums.entrySet()) {
      double[][] s = e.getValue();
      StringBuilder row = new StringBuilder("| " + e.getKey() + " | " + (int) s[0][6] + " |");
      for (int col : new int[] {0, 2}) {
        for (double[] r : s) {
          row.append(String.format(Locale.ROOT, " %.4f |", r[col] / r[col + 1]));
        }
      }
      for (int col : new int[] {4, 5}) {
        for (double[] r : s) {
          row.append(String.format(Locale.ROOT, " %.2f |", r[col] / r[6]));
        }
      }
      for (double[] r : s) {
        row.append(r[8] == 0 ? " – |" : String.format(Locale.ROOT, " %d/%d |", (int) r[7],
            (int) r[8]));
      }
      summary.append(row).append('\n');
    }
    return "### " + title + "\n\n" + summary + "\n" + perPage + "\n";
  }

  /** One table column per reader: " | CER ppocr | CER tess own | ...". */
  private static String columns(String measure) {
    StringBuilder sb = new StringBuilder();
    for (String r : READERS) {
      sb.append(" | ").append(measure).append(' ').append(r);
    }
    return sb.toString();
  }

  // ---- the pages ------------------------------------------------------------------------------

  private static Path testdata() {
    List<String> candidates = new ArrayList<>();
    if (System.getProperty("testdata") != null) {
      candidates.add(System.getProperty("testdata"));
    }
    if (System.getenv("GROUNDEDOCR_TESTDATA") != null) {
      candidates.add(System.getenv("GROUNDEDOCR_TESTDATA"));
    }
    candidates.add("/work/shared/testdata");
    String root = System.getProperty("groundedocr.root", ".");
    candidates.add(root + "/../shared/testdata");
    for (String c : candidates) {
      Path p = Path.of(c).toAbsolutePath().normalize();
      if (Files.isDirectory(p.resolve("layout"))) {
        return p;
      }
    }
    return null;
  }

  private static List<Page> layoutPages(Path layout) throws Exception {
    List<Page> pages = new ArrayList<>();
    List<String> rows = Files.readAllLines(layout.resolve("manifest.tsv"));
    for (String row : rows.subList(1, rows.size())) {
      String[] f = row.split("\t");
      Path dir = layout.resolve(f[0]);
      pages.add(new Page(category(f[5]), f[1], dir.resolve(f[2]),
          Files.readString(dir.resolve(f[4])), AltoTruth.read(dir.resolve(f[3])), "fra"));
    }
    return pages;
  }

  private static String category(String manifest) {
    String m = manifest.toLowerCase(Locale.ROOT);
    if (m.startsWith("multi-column")) {
      return "multi-column";
    } else if (m.startsWith("table")) {
      return "table";
    } else if (m.startsWith("typewritten")) {
      return "typewritten";
    }
    return "book";
  }

  private static List<Page> kantPages(Path kant) throws Exception {
    List<Page> pages = new ArrayList<>();
    for (String n : List.of("0017", "0020")) {
      AltoTruth alto = AltoTruth.read(kant.resolve("OCR-D-GT-ALTO/PAGE_" + n + "_ALTO.xml"));
      pages.add(new Page("Fraktur", "kant_1784 " + n,
          kant.resolve("OCR-D-IMG/INPUT_" + n + ".tif"), alto.text(), alto, "frk"));
    }
    return pages;
  }

  // ---- the readers ----------------------------------------------------------------------------

  private static OcrEngine tesseract(String lang, String layout) throws Exception {
    return OcrEngines.create(new EngineConfig("tesseract", Device.CPU, null,
        Map.of("lang", lang, "threads", "1", "layout", layout)));
  }

  private static Read read(OcrEngine engine, Path image, OperatingSystemMXBean os)
      throws Exception {
    long cpu = os.getProcessCpuTime();
    long start = System.nanoTime();
    StringBuilder text = new StringBuilder();
    List<Box> lines = new ArrayList<>();
    try (PageImageReader reader = PageImageReader.open(image, ImageLimits.DEFAULT)) {
      BufferedImage img = reader.read(0);
      GroundedPage page = engine.recognize(img, 1);
      for (Region r : page.regions()) {
        if (r.lines().isEmpty()) {
          text.append(r.text().replaceAll("<[^>]+>", " ")).append('\n');
          if (r.hasBox() && !r.text().isBlank()) {
            lines.add(r.bbox());
          }
        }
        for (TextLine l : r.lines()) {
          text.append(l.text()).append('\n');
          lines.add(l.bbox());
        }
      }
    }
    return new Read(text.toString(), lines, (System.nanoTime() - start) / 1e9,
        (os.getProcessCpuTime() - cpu) / 1e9);
  }

  /** The Tesseract command line, text and TSV in one run, timed by GNU time. */
  private static Read cli(Path image, String lang, Path work) throws Exception {
    Path base = work.resolve("cli-out");
    Path times = work.resolve("cli-time.txt");
    exec("/usr/bin/time", "-f", "%e %U %S", "-o", times.toString(), "tesseract",
        image.toString(), base.toString(), "-l", lang, "txt", "tsv");
    String[] t = Files.readString(times).trim().split("\\s+");
    List<Box> lines = new ArrayList<>();
    for (String row : Files.readAllLines(work.resolve("cli-out.tsv"))) {
      String[] c = row.split("\t");
      if (c.length >= 10 && c[0].equals("4")) { // level 4: a text line
        int x = Integer.parseInt(c[6]);
        int y = Integer.parseInt(c[7]);
        lines.add(new Box(x, y, x + Integer.parseInt(c[8]), y + Integer.parseInt(c[9])));
      }
    }
    return new Read(Files.readString(work.resolve("cli-out.txt")), lines,
        Double.parseDouble(t[0]), Double.parseDouble(t[1]) + Double.parseDouble(t[2]));
  }

  private static void exec(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
      throw new IOException(String.join(" ", command) + " failed");
    }
  }

  // ---- the measures ---------------------------------------------------------------------------

  static String normalise(String s) {
    return s.replace('¬', '-').replaceAll("\\s+", " ").strip();
  }

  static String fold(String s) {
    return Normalizer.normalize(s, Normalizer.Form.NFD).replaceAll("\\p{M}+", "")
        .replace('ſ', 's');
  }

  static int levenshtein(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      char ca = a.charAt(i - 1);
      for (int j = 1; j <= b.length(); j++) {
        int sub = prev[j - 1] + (ca == b.charAt(j - 1) ? 0 : 1);
        cur[j] = Math.min(sub, Math.min(prev[j], cur[j - 1]) + 1);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
