package org.groundedocr.tika;

import java.awt.image.BufferedImage;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.graphics.image.JPEGFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.parser.AutoDetectParser;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.sax.BodyContentHandler;

/**
 * The memory benchmark's worker, run in its own JVM by {@link TikaParserBenchmarkTest} so that its
 * heap limit ({@code -Xmx1g}) and peak figures are its own:
 * {@code TikaParserBenchmark build FILE PAGES} writes a scanned PDF (A4 pages, 144 dpi JPEG scans
 * of text, a different page image object per page); {@code TikaParserBenchmark parse FILE} parses
 * it with {@code AutoDetectParser} and the test {@code tika-config.xml} ({@code parse FILE
 * render-only}: {@code no_ocr}, every page still rendered for the page image sink) and prints one line:
 * {@code RESULT pages=… failed=… seconds=… pagesPerSecond=… cpuSecondsPerPage=… cores=… peakHeapMiB=…
 * peakSampledHeapMiB=… peakRssMiB=…}. CPU seconds per page do not depend on what else the machine
 * is running; pages per second do.
 */
public final class TikaParserBenchmark {

  private TikaParserBenchmark() {}

  public static void main(String[] args) throws Exception {
    if ("build".equals(args[0])) {
      build(Path.of(args[1]), Integer.parseInt(args[2]));
    } else {
      parse(Path.of(args[1]), args.length > 2 && "render-only".equals(args[2]));
    }
  }

  static void build(Path file, int pages) throws Exception {
    int w = 1190; // A4 at 144 dpi
    int h = 1684;
    try (PDDocument doc = new PDDocument()) {
      for (int p = 1; p <= pages; p++) {
        List<String> lines = new ArrayList<>();
        lines.add("Annual report, page " + p);
        for (int i = 0; i < 22; i++) {
          lines.add(String.format(Locale.ROOT, "Line %d of page %d: revenue grew by %d percent in region %c.",
              i + 1, p, (p * 7 + i * 3) % 40, (char) ('A' + (i % 26))));
        }
        BufferedImage img = TestDocuments.textImage(w, h, lines, 24, null);
        PDPage page = new PDPage(PDRectangle.A4);
        doc.addPage(page);
        PDImageXObject x = JPEGFactory.createFromImage(doc, img, 0.85f);
        try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
          cs.drawImage(x, 0, 0, PDRectangle.A4.getWidth(), PDRectangle.A4.getHeight());
        }
      }
      doc.save(file.toFile());
    }
  }

  /** @param renderOnly render every page (no_ocr with a page image sink): the parser's own cost */
  static void parse(Path file, boolean renderOnly) throws Exception {
    AutoDetectParser parser = Parsing.autoDetect("tika-config.xml");
    // warm the engine up on one small page so start-up is not counted as throughput
    Parsing.parse(parser, TestDocuments.scannedPdf(List.of(List.of("warm up")), 300, 100, 24, 144).bytes(),
        "warmup.pdf", null);
    System.gc();
    List<MemoryPoolMXBean> heap = new ArrayList<>();
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        pool.resetPeakUsage();
        heap.add(pool);
      }
    }
    AtomicLong sampled = new AtomicLong();
    Runtime rt = Runtime.getRuntime();
    ParseContext context = new ParseContext();
    if (renderOnly) {
      GroundedOcrConfig noOcr = new GroundedOcrConfig();
      noOcr.setOcrStrategy("no_ocr");
      context.set(GroundedOcrConfig.class, noOcr);
    }
    // sample heap use once per page, while that page's image is alive
    context.set(PageImageSink.class, (n, img) -> sampled.accumulateAndGet(rt.totalMemory() - rt.freeMemory(), Math::max));
    Metadata metadata = new Metadata();
    metadata.set(TikaCoreProperties.RESOURCE_NAME_KEY, file.getFileName().toString());
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long cpu0 = os.getProcessCpuTime();
    long t0 = System.nanoTime();
    try (InputStream in = TikaInputStream.get(file)) {
      parser.parse(in, new BodyContentHandler(-1), metadata, context);
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    double cpuSeconds = (os.getProcessCpuTime() - cpu0) / 1e9;
    long peakHeap = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    int pages = Integer.parseInt(metadata.get(GroundedOcrMetadata.PAGE_COUNT));
    String[] failed = metadata.getValues(GroundedOcrMetadata.FAILED_PAGES);
    System.out.printf(Locale.ROOT,
        "RESULT pages=%d failed=%d seconds=%.1f pagesPerSecond=%.3f cpuSecondsPerPage=%.2f cores=%d"
            + " peakHeapMiB=%d peakSampledHeapMiB=%d peakRssMiB=%d%n",
        pages, failed.length, seconds, pages / seconds, cpuSeconds / Math.max(1, pages),
        Runtime.getRuntime().availableProcessors(), peakHeap >> 20, sampled.get() >> 20, peakRssMiB());
  }

  /** The process's peak resident set (VmHWM), heap and native (ONNX Runtime) together; -1 off Linux. */
  static long peakRssMiB() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) >> 10;
        }
      }
    } catch (Exception e) {
      // not Linux
    }
    return -1;
  }
}
