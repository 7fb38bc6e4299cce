package org.groundedocr.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code grounded-ocr serve}: a Solr node with the scans collection, until stopped. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Start a Solr 9.10 node in SolrCloud mode (embedded ZooKeeper) with the grounded-ocr plugin,",
      "upload the grounded-ocr configset, create the collection and run until stopped (Ctrl-C)."
    })
public final class ServeCommand implements Callable<Integer> {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--port", defaultValue = "8983", description = "Solr port (ZooKeeper: port + 1000); default ${DEFAULT-VALUE}")
  int port;

  @Option(names = "--data", defaultValue = "grounded-ocr-data", description = "folder for the index and ZooKeeper state; default ${DEFAULT-VALUE}")
  Path data;

  @Option(names = "--collection", defaultValue = "scans", description = "collection name; default ${DEFAULT-VALUE}")
  String collection;

  @Option(names = "--shards", defaultValue = "2", description = "shards of a new collection; default ${DEFAULT-VALUE}")
  int shards;

  @Option(names = "--replicas", defaultValue = "1", description = "replicas per shard of a new collection; default ${DEFAULT-VALUE}")
  int replicas;

  @Option(names = "--configset", description = "use this configset conf/ folder instead of the bundled one")
  Path configset;

  @Option(names = {"-u", "--user"}, paramLabel = "NAME:PASSWORD",
      description = "turn Solr BasicAuth on with this admin user (security.json in ZooKeeper; anonymous requests"
          + " get 401); default: the environment variable " + SolrCredentials.ENV + ". Never printed.")
  String user;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (shards < 1 || replicas < 1) {
      err.println("--shards and --replicas must be at least 1");
      return 2;
    }
    SolrCredentials admin;
    try {
      admin = user != null && !user.isEmpty() ? SolrCredentials.parse(user, "--user")
          : System.getenv(SolrCredentials.ENV) != null && !System.getenv(SolrCredentials.ENV).isEmpty()
              ? SolrCredentials.parse(System.getenv(SolrCredentials.ENV), SolrCredentials.ENV) : null;
    } catch (IllegalArgumentException e) {
      err.println(e.getMessage());
      return 2;
    }
    err.println("starting Solr on port " + port + " (data in " + data.toAbsolutePath() + ") ...");
    err.flush();
    SolrNode node;
    try {
      node = SolrNode.start(new SolrNode.Options(data, port, collection, shards, replicas, configset, admin));
    } catch (IllegalStateException e) { // a taken port, or BasicAuth on without --user
      err.println("cannot start: " + e.getMessage());
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
    }, "grounded-ocr-serve-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);

    String url = node.baseUrl();
    out.println("Solr is running: " + url + "  (collection " + collection + ", " + shards + " shard(s) x " + replicas + " replica(s))");
    String auth = node.secured() ? " --user " + admin.user() + ":…" : "";
    if (node.secured()) {
      out.println("  BasicAuth is on: admin " + admin.user() + "; anonymous requests get 401 (README, \"Security\": adding a read-only user)");
    }
    out.println("  ingest: java -jar grounded-ocr.jar ingest --solr " + url + " --collection " + collection + auth + " FILE_OR_FOLDER...");
    out.println("  chunks: curl" + (node.secured() ? " -u " + admin.user() : "") + " '" + url + "/" + collection
        + "/select?q=*:*&fq=doc_type:chunk&fl=id,pages,labels,regions:[json],chunk_text'");
    for (SolrNodeExtension e : node.extensions()) {
      String line = e.describe(url);
      if (line != null) {
        out.println("  " + line);
      }
    }
    out.println("Stop with Ctrl-C.");
    out.flush();
    stopped.await();
    return 0;
  }
}
