package org.groundedocr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import org.apache.solr.client.solrj.SolrClient;
import org.apache.solr.client.solrj.impl.Http2SolrClient;
import org.apache.solr.common.SolrInputDocument;
import org.groundedocr.grounding.GroundedJson;
import org.groundedocr.model.Box;
import org.groundedocr.model.GroundedDocument;
import org.groundedocr.model.GroundedPage;
import org.groundedocr.model.PageStats;
import org.groundedocr.model.Region;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code ask} against a real Solr node started as {@code serve} starts it, with the project's configset. */
class AskCommandTest {

  @TempDir static Path dir;
  private static SolrNode node;

  @BeforeAll
  static void start() throws Exception {
    int port = freePortPair();
    node = SolrNode.start(new SolrNode.Options(dir, port, "scans", 1, 1, null));
    List<Region> page1 = List.of(
        new Region("title", List.of(new Box(80, 60, 900, 140)), "# Invoice INV-2024-0042"),
        new Region("text", List.of(new Box(80, 800, 1200, 900)),
            "Total amount: 1,250.00 EUR. Payment is due on 15 March 2024 by bank transfer."));
    List<Region> report = List.of(
        new Region("title", List.of(new Box(90, 60, 1550, 140)), "# Annual report 2023"),
        new Region("text", List.of(new Box(90, 250, 1550, 600)),
            "Revenue grew by twelve percent compared with the previous year, driven by exports."));
    try (SolrClient client = new Http2SolrClient.Builder(node.baseUrl()).build()) {
      client.add("scans", document("invoice", new GroundedPage(1, 1654, 2339, page1, PageStats.of("test", "", 1))));
      client.add("scans", document("report", new GroundedPage(1, 1654, 2339, report, PageStats.of("test", "", 1))));
      client.commit("scans");
    }
  }

  @AfterAll
  static void stop() throws Exception {
    if (node != null) {
      node.close();
    }
  }

  private static SolrInputDocument document(String id, GroundedPage page) {
    SolrInputDocument doc = new SolrInputDocument();
    doc.setField("id", id);
    doc.setField("source", id + ".pdf");
    doc.setField("grounded_json", GroundedJson.write(new GroundedDocument(id + ".pdf", "test", List.of(page)), false));
    return doc;
  }

  /** A free port whose +1000 neighbour (the embedded ZooKeeper's) is free too. */
  private static int freePortPair() throws IOException {
    for (int i = 0; i < 50; i++) {
      int port;
      try (ServerSocket s = new ServerSocket(0)) {
        port = s.getLocalPort();
      }
      if (port + 1000 < 65536) {
        try (ServerSocket zk = new ServerSocket(port + 1000)) {
          return port;
        } catch (IOException taken) {
          // try another
        }
      }
    }
    throw new IOException("no free port pair");
  }

  private record Run(int exit, String out, String err) {}

  private static Run ask(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = GroundedOcrCli.newCommandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    String[] all = new String[args.length + 1];
    all[0] = "ask";
    System.arraycopy(args, 0, all, 1, args.length);
    int exit = cli.execute(all);
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void citesTheDocumentPageAndRegionBoxOfTheAnswer() {
    Run r = ask("--solr", node.baseUrl(), "--collection", "scans", "--k", "2", "When", "is", "payment", "due?");
    assertEquals(0, r.exit(), r.err());
    String first = r.out().split("\n2\\. ")[0];
    assertTrue(first.startsWith("1. Invoice INV-2024-0042  [invoice]  page 1"), r.out());
    assertTrue(first.contains("cite: page 1, text, box [80,800,1200,900]"), r.out());
    assertTrue(first.contains(node.baseUrl().replace("/solr", "") + "/solr/scans/page?doc=invoice&page=1&bbox=80,800,1200,900"), r.out());
    assertTrue(first.contains("15 March 2024"), r.out());
    assertTrue(first.contains("lexical #") && first.contains("vector #"), r.out());
  }

  @Test
  void printsTheJsonOfRagWhenAsked() throws Exception {
    Run r = ask("--solr", node.baseUrl(), "--json", "--mode", "vector", "--k", "1", "How much did sales increase?");
    assertEquals(0, r.exit(), r.err());
    JsonNode rsp = new ObjectMapper().readTree(r.out());
    assertEquals("report", rsp.path("passages").get(0).path("document").path("id").asText());
    assertEquals("vector", rsp.path("mode").asText());
  }

  @Test
  void saysSoWhenNothingMatchesOrSolrIsAway() {
    Run none = ask("--solr", node.baseUrl(), "--document", "no-such-document", "anything");
    assertEquals(1, none.exit(), none.err());
    assertTrue(none.out().contains("No passage found"), none.out());

    Run bad = ask("--solr", node.baseUrl(), "--page", "two", "anything");
    assertEquals(2, bad.exit());
    assertTrue(bad.err().contains("page must be"), bad.err());

    Run away = ask("--solr", "http://127.0.0.1:1/solr", "anything");
    assertEquals(2, away.exit());
    assertTrue(away.err().contains("cannot reach Solr"), away.err());
  }
}
