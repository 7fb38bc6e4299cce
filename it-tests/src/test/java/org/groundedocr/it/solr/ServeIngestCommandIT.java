package org.groundedocr.it.solr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.groundedocr.cli.GroundedOcrCli;
import org.groundedocr.cli.SolrNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The CLI's Solr node (what {@code serve} starts: embedded ZooKeeper, JettySolrRunner, the bundled
 * configset, a 2-shard collection) and {@code ingest} against it: a folder with a born-digital PDF
 * (text layer: no OCR, so this stays fast), a corrupt PDF and a text file.
 */
class ServeIngestCommandIT {

  @Test
  void ingestIntoTheNodeServeStarts(@TempDir Path tmp) throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    if (port + 1000 > 65535) {
      port = port - 2000;
    }
    String logDir = System.getProperty("solr.log.dir");
    String installDir = System.getProperty("solr.install.dir");
    try (SolrNode node = SolrNode.start(new SolrNode.Options(tmp.resolve("data"), port, "scans", 2, 1, null))) {
      Path docs = Files.createDirectories(tmp.resolve("docs/sub"));
      Files.write(docs.resolve("customs.pdf"), ScanFixtures.textPdf("customs.pdf", 12).bytes());
      Files.write(docs.resolve("broken.pdf"), ScanFixtures.corrupt().bytes());
      Files.writeString(tmp.resolve("docs/readme.txt"), "not a scan");

      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      CommandLine cli = GroundedOcrCli.newCommandLine();
      cli.setOut(new PrintWriter(out, true));
      cli.setErr(new PrintWriter(err, true));
      int status = cli.execute("ingest", "--solr", node.baseUrl(), "--collection", "scans",
          "--literal", "batch_s=cli", tmp.resolve("docs").toString());

      assertEquals(1, status, "a failed file makes the exit status 1\n" + out + err);
      assertTrue(out.toString().contains("indexed 1 of 2 file(s)"), out.toString());
      assertTrue(out.toString().contains("skipped 1 file(s) of other types"), out.toString());
      assertTrue(out.toString().contains("broken.pdf: cannot read it"), out.toString());
      assertTrue(err.toString().contains("2/2 files"), "progress on stderr: " + err);

      // committed: searchable without another commit
      JsonNode r = get(node.baseUrl() + "/scans/select?q=batch_s:cli&fq=doc_type:chunk&rows=0&wt=json");
      long chunks = r.path("response").path("numFound").asLong();
      assertTrue(chunks >= 2, r.toString());
      JsonNode doc = get(node.baseUrl() + "/scans/select?q=doc_type:document&fl=id,source,path_s,chunk_count&wt=json")
          .path("response").path("docs").path(0);
      assertEquals("customs.pdf", doc.path("source").asText());
      assertEquals(chunks, doc.path("chunk_count").asLong());
      assertTrue(doc.path("path_s").asText().endsWith("customs.pdf"));
    } finally {
      restore("solr.log.dir", logDir);
      restore("solr.install.dir", installDir);
    }
  }

  private static void restore(String key, String value) {
    if (value == null) {
      System.clearProperty(key);
    } else {
      System.setProperty(key, value);
    }
  }

  private static JsonNode get(String url) throws Exception {
    HttpResponse<String> rsp = HttpClient.newHttpClient()
        .send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    return new ObjectMapper().readTree(rsp.body());
  }
}
