package org.groundedocr.it.solr;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.solr.SolrTestCaseJ4;
import org.apache.solr.client.solrj.request.CollectionAdminRequest;
import org.apache.solr.client.solrj.request.UpdateRequest;
import org.apache.solr.cloud.SolrCloudTestCase;
import org.apache.solr.common.SolrInputDocument;
import org.groundedocr.chunking.Chunk;
import org.groundedocr.chunking.ChunkingConfig;
import org.groundedocr.chunking.GroundedChunker;
import org.groundedocr.chunking.HuggingFaceTokenCounter;
import org.groundedocr.chunking.WhitespaceTokenCounter;
import org.groundedocr.cli.ScanUploader;
import org.groundedocr.grounding.GroundedJson;
import org.groundedocr.model.Box;
import org.groundedocr.model.GroundedDocument;
import org.groundedocr.model.GroundedPage;
import org.groundedocr.model.PageStats;
import org.groundedocr.model.Region;
import org.junit.AfterClass;
import org.junit.Assume;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Benchmark, not a test: skipped unless {@code -Dgroundedocr.benchmark=true}. Measures chunking of
 * already-OCRed documents (the chunker alone, and re-chunking through a SolrCloud collection) and
 * end-to-end ingestion with the default OCR engine. Writes its tables to
 * {@code it-tests/target/benchmarks/chunking-ingestion.md}; docs/BENCHMARKS.md, "Chunking and
 * ingestion", has the numbers of a run and the command.
 */
@SolrTestCaseJ4.SuppressSSL(bugUrl = "plain HTTP, as the CLI")
public class ChunkingIngestBenchmarkIT extends SolrCloudTestCase {

  private static final String COLLECTION = "bench";
  private static final StringBuilder HEADER = new StringBuilder();
  /** Sections by test, written in this order whatever order the tests run in. */
  private static final java.util.Map<String, StringBuilder> SECTIONS = new java.util.TreeMap<>();

  private static StringBuilder section(String key) {
    return SECTIONS.computeIfAbsent(key, k -> new StringBuilder());
  }

  @BeforeClass
  public static void setup() throws Exception {
    Assume.assumeTrue("benchmark: run with -Dgroundedocr.benchmark=true", Boolean.getBoolean("groundedocr.benchmark"));
    System.setProperty("solr.directoryFactory", "org.apache.solr.core.MockFSDirectoryFactory");
    Path conf = Path.of(System.getProperty("groundedocr.root", "..")).resolve("configsets/grounded-ocr/conf");
    configureCluster(2).addConfig("grounded-ocr", conf).configure();
    CollectionAdminRequest.createCollection(COLLECTION, "grounded-ocr", 2, 1).process(cluster.getSolrClient());
    cluster.waitForActiveCollection(COLLECTION, 2, 2);
    HEADER.append("machine: ").append(Runtime.getRuntime().availableProcessors()).append(" cores, Java ")
        .append(System.getProperty("java.version")).append(", load average at start ")
        .append(String.format(Locale.ROOT, "%.2f", java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()))
        .append("\n\n");
  }

  @AfterClass
  public static void write() throws IOException {
    if (HEADER.length() == 0) {
      return;
    }
    StringBuilder all = new StringBuilder(HEADER);
    SECTIONS.values().forEach(all::append);
    all.append("load average at the end: ")
        .append(String.format(Locale.ROOT, "%.2f", java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()))
        .append('\n');
    Path out = Path.of("target/benchmarks/chunking-ingestion.md");
    Files.createDirectories(out.getParent());
    Files.writeString(out, all.toString());
    System.out.println("\n" + all);
  }

  /** Documents as an OCR engine with a layout model gives them: headings, text, tables, figures. */
  static List<GroundedDocument> corpus(int docs, int pages, long seed) {
    Random r = new Random(seed);
    String[] words = ("shipment carrier invoice quarter revenue warehouse delivery customs supplier parcel "
        + "order payment region returns cost contract inspection freight report northern southern total "
        + "average increase decrease month value tariff signed weight crate volume client account").split(" ");
    List<GroundedDocument> out = new ArrayList<>();
    for (int d = 0; d < docs; d++) {
      List<GroundedPage> ps = new ArrayList<>();
      for (int p = 1; p <= pages; p++) {
        List<Region> regions = new ArrayList<>();
        int y = 40;
        regions.add(new Region("header", List.of(new Box(100, 20, 1500, 50)), "Logistics review " + d));
        if (p == 1) {
          regions.add(new Region("title", List.of(new Box(100, 80, 1500, 140)), "# Annual logistics review " + d));
          y = 160;
        }
        if (p % 2 == 1) {
          regions.add(new Region("sub_title", List.of(new Box(100, y, 1200, y + 40)), "## Section " + p));
          y += 60;
        }
        int paragraphs = 4 + r.nextInt(3);
        for (int k = 0; k < paragraphs; k++) {
          StringBuilder sb = new StringBuilder();
          int n = 50 + r.nextInt(80);
          for (int w = 0; w < n; w++) {
            sb.append(w == 0 ? "" : " ").append(words[r.nextInt(words.length)]);
            if (w % 14 == 13) {
              sb.append('.');
            }
          }
          sb.append('.');
          regions.add(new Region("text", List.of(new Box(100, y, 1500, y + 200)), sb.toString()));
          y += 220;
        }
        if (p % 3 == 0) {
          StringBuilder t = new StringBuilder("<table><tr><td>Carrier</td><td>Parcels</td><td>Cost</td></tr>");
          for (int row = 0; row < 8; row++) {
            t.append("<tr><td>").append(words[r.nextInt(words.length)]).append("</td><td>").append(r.nextInt(5000))
                .append("</td><td>").append(r.nextInt(90000)).append("</td></tr>");
          }
          regions.add(new Region("table_caption", List.of(new Box(100, 1600, 900, 1640)), "Table " + p + ": parcels by carrier"));
          regions.add(new Region("table", List.of(new Box(100, 1650, 1500, 2000)), t.append("</table>").toString()));
        }
        if (p % 4 == 0) {
          regions.add(new Region("image", List.of(new Box(300, 1650, 1300, 2100)), ""));
          regions.add(new Region("image_caption", List.of(new Box(300, 2110, 1300, 2150)), "Figure " + p + ": volume per month"));
        }
        regions.add(new Region("page_number", List.of(new Box(800, 2250, 850, 2290)), Integer.toString(p)));
        ps.add(new GroundedPage(p, 1654, 2339, regions, PageStats.of("ppocr", "det960", 900)));
      }
      out.add(new GroundedDocument("doc" + d + ".pdf", "ppocr", ps));
    }
    return out;
  }

  @Test
  public void chunkerAlone() throws Exception {
    List<GroundedDocument> docs = corpus(40, 10, 42);
    List<String> json = docs.stream().map(d -> GroundedJson.write(d, false)).toList();
    StringBuilder report = section("1");
    report.append("### Chunker alone (model: GroundedChunker, no Solr, one thread)\n\n")
        .append("Corpus: 40 synthetic grounded documents x 10 pages (headings, 4-6 paragraphs of 50-130 words, "
            + "a captioned 9-row table every 3rd page, a captioned figure every 4th, headers and page numbers), "
            + "read from grounded JSON as the processor does.\n\n")
        .append("| tokenizer | target/max/overlap | chunks | pages/s | chunks/s | mean tokens/chunk |\n")
        .append("| --- | --- | ---: | ---: | ---: | ---: |\n");
    try (HuggingFaceTokenCounter bge = HuggingFaceTokenCounter.bgeSmallEnV15()) {
      for (var setup : List.of(
          Map.entry(new GroundedChunker(ChunkingConfig.defaults(), bge), "256/500/0"),
          Map.entry(new GroundedChunker(new ChunkingConfig(256, 500, 48), bge), "256/500/48"),
          Map.entry(new GroundedChunker(new ChunkingConfig(128, 256, 0), bge), "128/256/0"),
          Map.entry(new GroundedChunker(ChunkingConfig.defaults(), new WhitespaceTokenCounter()), "256/500/0"))) {
        GroundedChunker c = setup.getKey();
        for (int w = 0; w < 3; w++) {
          for (String j : json) {
            c.chunk(GroundedJson.readDocument(j)); // warm-up (JIT, native tokenizer)
          }
        }
        long chunks = 0;
        long tokens = 0;
        long start = System.nanoTime();
        int rounds = 3;
        for (int round = 0; round < rounds; round++) {
          for (String j : json) {
            List<Chunk> cs = c.chunk(GroundedJson.readDocument(j));
            chunks += cs.size();
            for (Chunk ch : cs) {
              tokens += ch.tokenCount();
            }
          }
        }
        double s = (System.nanoTime() - start) / 1e9;
        report.append(String.format(Locale.ROOT, "| %s | %s | %d | %.0f | %.0f | %.0f |%n",
            c.tokenCounter().name(), setup.getValue(), chunks / rounds, rounds * 400 / s, chunks / s, (double) tokens / chunks));
      }
    }
    report.append('\n');
  }

  @Test
  public void rechunkingThroughSolrCloud() throws Exception {
    List<GroundedDocument> docs = corpus(100, 10, 7);
    List<SolrInputDocument> batch = new ArrayList<>();
    for (int i = 0; i < docs.size(); i++) {
      SolrInputDocument d = new SolrInputDocument();
      d.setField("id", "bench-" + i);
      d.setField("source", docs.get(i).source());
      d.setField("grounded_json", GroundedJson.write(docs.get(i), false));
      batch.add(d);
    }
    // warm-up round, then the measured re-chunk of the same documents (stale chunks deleted)
    for (int round = 0; round < 2; round++) {
      long start = System.nanoTime();
      for (int i = 0; i < batch.size(); i += 10) {
        UpdateRequest u = new UpdateRequest();
        u.add(batch.subList(i, Math.min(batch.size(), i + 10)));
        u.process(cluster.getSolrClient(), COLLECTION);
      }
      cluster.getSolrClient().commit(COLLECTION);
      double s = (System.nanoTime() - start) / 1e9;
      long chunks = cluster.getSolrClient()
          .query(COLLECTION, new org.apache.solr.client.solrj.SolrQuery("doc_type:chunk").setRows(0))
          .getResults().getNumFound();
      if (round == 1) {
        section("2").append("### Re-chunking already-OCRed documents through SolrCloud\n\n")
            .append("100 documents x 10 pages with their grounded JSON, sent to `/update` (10 per request, one client thread) "
                + "of a 2-node MiniSolrCloudCluster, collection 2 shards x 1 replica, default chain "
                + "(bge-small-en-v15, 256/500/0): delete-old-chunks, chunk, index, then one commit.\n\n")
            .append("| documents | pages | chunks | seconds | documents/s | pages/s | chunks/s |\n")
            .append("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n")
            .append(String.format(Locale.ROOT, "| %d | %d | %d | %.1f | %.1f | %.0f | %.0f |%n%n",
                batch.size(), batch.size() * 10, chunks, s, batch.size() / s, batch.size() * 10 / s, chunks / s));
      }
    }
  }

  @Test
  public void endToEndWithTheDefaultEngine() throws Exception {
    Path dir = createTempDir();
    List<Path> files = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      Path f = dir.resolve("report-" + i + ".pdf");
      Files.write(f, ScanFixtures.report("Quarterly Shipping Report " + i).bytes());
      files.add(f);
    }
    ingest("rendered image-only PDFs (ScanFixtures.report: 2 pages of 1000x1400 pt, rendered at 144 DPI, so 2000x2800 px)", files, 2);
    // ../shared/testdata from the project root (or -Dgroundedocr.testdata=DIR)
    Path root = Path.of(System.getProperty("groundedocr.root", "..")).toAbsolutePath();
    Path invoices = Path.of(System.getProperty("groundedocr.testdata", root.resolve("../shared/testdata").toString())).resolve("invoices");
    if (Files.isDirectory(invoices)) {
      List<Path> inv = new ArrayList<>();
      try (Stream<Path> s = Files.list(invoices)) {
        s.filter(ScanUploader::supported).sorted().forEach(inv::add);
      }
      ingest("`../shared/testdata/invoices`: 11 born-digital PDFs (text layer, no OCR) and 4 PNG scans (OCR)", inv, 2);
      List<Path> png = inv.stream().filter(p -> p.toString().endsWith(".png")).toList();
      ingest("the 4 PNG invoice scans only (789x557 to 2975x3850 px, all OCR)", png, 2);
    } else {
      section("3").append("(no ../shared/testdata/invoices here: the invoice rows were not measured)\n\n");
    }
  }

  private void ingest(String what, List<Path> files, int concurrency) throws Exception {
    ScanUploader up = new ScanUploader(cluster.getJettySolrRunner(0).getBaseUrl().toString(), COLLECTION);
    long start = System.nanoTime();
    List<ScanUploader.Result> results = new ArrayList<>();
    var pool = java.util.concurrent.Executors.newFixedThreadPool(concurrency);
    try {
      List<java.util.concurrent.Future<ScanUploader.Result>> fs = new ArrayList<>();
      for (Path f : files) {
        fs.add(pool.submit(() -> up.upload(f, Map.of())));
      }
      for (var f : fs) {
        results.add(f.get());
      }
    } finally {
      pool.shutdownNow();
    }
    up.commit();
    double s = (System.nanoTime() - start) / 1e9;
    long ok = results.stream().filter(ScanUploader.Result::ok).count();
    int pages = results.stream().mapToInt(ScanUploader.Result::pages).sum();
    int chunks = results.stream().mapToInt(ScanUploader.Result::chunks).sum();
    StringBuilder report = section("3");
    if (!report.toString().contains("### End to end")) {
      report.append("### End to end: `/update/scan` with the default engine (ppocr, CPU)\n\n")
          .append("Files posted over HTTP by `ScanUploader` (the `ingest` command's client), ")
          .append(concurrency).append(" in flight, to the same cluster; OCR, chunking and indexing, one commit at the end. "
              + "The engine is created by the first request (its start-up is inside the first row).\n\n")
          .append("| files | ok | pages | chunks | seconds | documents/s | pages/s |\n")
          .append("| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    }
    report.append(String.format(Locale.ROOT, "| %s | %d/%d | %d | %d | %.1f | %.2f | %.2f |%n",
        what, ok, files.size(), pages, chunks, s, ok / s, pages / s));
    assertEquals(files.size(), ok);
  }
}
