package org.groundedocr.cli;

import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code grounded-ocr demo}: the whole pipeline on the project's example scans — a Solr node
 * ({@code serve}), OCR and indexing ({@code ingest}), three searches with their page boxes
 * ({@code search}) — then the viewer, running until stopped.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Start Solr with the grounded-ocr plugin, ingest the example scans (a scanned report, a",
      "scanned invoice, a born-digital notice), run three example searches and print their hits",
      "with page boxes, then keep the viewer running (Ctrl-C stops)."
    })
public final class DemoCommand implements Callable<Integer> {

  /** The example searches: a phrase, words in a table, words across documents. */
  static List<SearchClient.Query> queries(String pre, String post) {
    return List.of(
        new SearchClient.Query("\"grain exports to Lisbon\"", null, null, null, 5, "absolute", pre, post),
        new SearchClient.Query("anchor shackle", "table", null, null, 5, "absolute", pre, post),
        new SearchClient.Query("eastern channel dredging", null, null, null, 5, "absolute", pre, post));
  }

  @Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--port", defaultValue = "8983", description = "Solr port; default ${DEFAULT-VALUE}")
  int port;

  @Option(names = "--data", defaultValue = "grounded-ocr-demo", description = "folder for the index; default ${DEFAULT-VALUE}")
  Path data;

  @Option(names = "--collection", defaultValue = "scans", description = "collection; default ${DEFAULT-VALUE}")
  String collection;

  @Option(names = "--no-wait", description = "stop after the searches instead of keeping the viewer running")
  boolean noWait;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    err.println("starting Solr on port " + port + " (data in " + data.toAbsolutePath() + ") ...");
    err.flush();
    SolrNode node;
    try {
      node = SolrNode.start(new SolrNode.Options(data, port, collection, 2, 1, null));
    } catch (Exception e) {
      err.println("could not start Solr on port " + port + ": " + e.getMessage());
      err.println("(is another Solr or demo running? try --port 8990)");
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      try {
        node.close();
      } catch (Exception e) {
        System.err.println("error while stopping Solr: " + e);
      } finally {
        stopped.countDown();
      }
    }, "grounded-ocr-demo-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    String solr = node.baseUrl();
    out.println("Solr is running: " + solr + " (collection " + collection + ")");

    List<Path> files = ExampleScans.extract(data.resolve("example-scans"));
    out.println();
    out.println("Ingesting the example scans (OCR runs in Solr):");
    out.flush();
    ScanUploader uploader = new ScanUploader(solr, collection);
    int failed = 0;
    for (Path f : files) {
      ScanUploader.Result r = uploader.upload(f, Map.of());
      if (r.ok()) {
        out.printf("  %-26s %d page(s), %d chunk(s), %.1f s%n", f.getFileName(), r.pages(), r.chunks(), r.millis() / 1000.0);
      } else {
        failed++;
        out.printf("  %-26s FAILED: %s%n", f.getFileName(), r.error());
      }
      out.flush();
    }
    uploader.commit();

    SearchClient search = new SearchClient(solr, collection);
    boolean ansi = System.console() != null && System.getenv("NO_COLOR") == null;
    for (SearchClient.Query q : queries(ansi ? "\u001b[1;43m" : "**", ansi ? "\u001b[0m" : "**")) {
      out.println();
      out.println("=== search " + describe(q));
      SearchCommand.print(out, search.search(q), solr);
      out.flush();
    }

    String viewer = solr + "/viewer/#q=" + URLEncoder.encode("\"grain exports to Lisbon\"", StandardCharsets.UTF_8).replace("+", "%20");
    out.println();
    out.println("Viewer: " + viewer);
    out.println("  search: java -jar examples/target/grounded-ocr.jar search --solr " + solr + " \"copper shipments\"");
    out.println("  ingest more: java -jar examples/target/grounded-ocr.jar ingest --solr " + solr + " FILE_OR_FOLDER...");
    out.flush();
    if (noWait) {
      Runtime.getRuntime().removeShutdownHook(hook);
      node.close();
      return failed == files.size() ? 1 : 0;
    }
    out.println("Stop with Ctrl-C.");
    out.flush();
    stopped.await();
    return 0;
  }

  private static String describe(SearchClient.Query q) {
    StringBuilder sb = new StringBuilder(q.text());
    if (q.label() != null) {
      sb.append("   (--label ").append(q.label()).append(")");
    }
    return sb.toString();
  }
}
