package org.groundedocr.solr.page;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.solr.SolrTestCaseJ4;
import org.apache.solr.client.solrj.SolrQuery;
import org.apache.solr.client.solrj.request.CollectionAdminRequest;
import org.apache.solr.client.solrj.request.UpdateRequest;
import org.apache.solr.cloud.SolrCloudTestCase;
import org.apache.solr.common.SolrInputDocument;
import org.apache.solr.common.cloud.DocCollection;
import org.apache.solr.common.cloud.Slice;
import org.apache.solr.embedded.JettySolrRunner;
import org.groundedocr.solr.GroundedOcrCore;
import org.groundedocr.solr.chunking.DocumentGeneration;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * All-or-nothing documents (issue 16) in SolrCloud: a node is killed in the middle of an ingest
 * (after the document's first chunk went to the node that holds its shard), the node comes back
 * (replaying its transaction log), and no part of the document is visible through what users see:
 * chunk searches as the viewer and {@code search} send them, {@code /rag}, {@code /page}. A second
 * ingest of the same file makes the whole document visible.
 */
@SolrTestCaseJ4.SuppressSSL(bugUrl = "plain HTTP: /page and /rag are read with java.net.http")
public class PartialDocumentCloudTest extends SolrCloudTestCase {

  private static final String COLLECTION = "scans";
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static TextPdf pdf;

  @BeforeClass
  public static void setupCluster() throws Exception {
    System.setProperty("groundedocr.chunking.targetTokens", "16");
    System.setProperty("groundedocr.chunking.maxTokens", "60");
    configureCluster(2).addConfig("grounded-ocr", withKillSwitch(GroundedOcrCore.configsetConf())).configure();
    CollectionAdminRequest.createCollection(COLLECTION, "grounded-ocr", 2, 1).process(cluster.getSolrClient());
    cluster.waitForActiveCollection(COLLECTION, 2, 2);
    List<List<String>> pages = new ArrayList<>();
    for (int p = 1; p <= 4; p++) {
      pages.add(List.of("Survey of the eastern quay, part " + p,
          "The dredging contractor measured the depth of the channel every morning.",
          "Silt had settled along the northern wall since the spring floods of that year.",
          "The pilots asked for new buoys at the entrance before the winter storms began."));
    }
    pdf = TextPdf.of(pages, 72);
  }

  /** The project's configset with the kill switch before the distributed update processor. */
  private static Path withKillSwitch(Path conf) throws Exception {
    Path copy = createTempDir("configset-kill");
    try (Stream<Path> files = Files.list(conf)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Files.copy(f, copy.resolve(f.getFileName().toString()));
      }
    }
    Path solrconfig = copy.resolve("solrconfig.xml");
    String xml = Files.readString(solrconfig);
    String distrib = "<processor class=\"solr.DistributedUpdateProcessorFactory\"/>";
    assertTrue(xml.contains(distrib));
    Files.writeString(solrconfig, xml.replace(distrib,
        "<processor class=\"" + KillSwitchUpdateProcessorFactory.class.getName() + "\"/>\n    " + distrib));
    return copy;
  }

  private static JettySolrRunner nodeHolding(String id) {
    DocCollection c = cluster.getSolrClient().getClusterState().getCollection(COLLECTION);
    Slice slice = c.getRouter().getTargetSlice(id, null, null, null, c);
    String node = slice.getLeader().getNodeName();
    return cluster.getJettySolrRunners().stream().filter(j -> j.getNodeName().equals(node)).findFirst().orElseThrow();
  }

  private static HttpResponse<String> scan(JettySolrRunner via, String id) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(via.getBaseUrl() + "/" + COLLECTION
            + "/update/scan?id=" + id + "&resource.name=" + id + ".pdf&wt=json"))
        .header("Content-Type", "application/pdf")
        .POST(HttpRequest.BodyPublishers.ofByteArray(pdf.bytes)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static long count(String q, String... fq) throws Exception {
    SolrQuery query = new SolrQuery(q).setRows(0);
    query.addFilterQuery(fq);
    return cluster.getSolrClient().query(COLLECTION, query).getResults().getNumFound();
  }

  private static long visibleChunks(String id) throws Exception {
    // as the viewer and `search` ask
    return count("parent_id:" + id, "doc_type:chunk", DocumentGeneration.COMPLETE_FILTER);
  }

  private static int page(String id, int page) throws Exception {
    JettySolrRunner any = cluster.getJettySolrRunner(0);
    return HTTP.send(HttpRequest.newBuilder(URI.create(any.getBaseUrl() + "/" + COLLECTION + "/page?doc=" + id
        + "&page=" + page)).build(), HttpResponse.BodyHandlers.ofByteArray()).statusCode();
  }

  private static JsonNode rag(String question) throws Exception {
    JettySolrRunner any = cluster.getJettySolrRunner(0);
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(any.getBaseUrl() + "/" + COLLECTION + "/rag"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("question", question, "mode", "lexical", "k", 20))))
        .build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    assertEquals(r.body(), 200, r.statusCode());
    return JSON.readTree(r.body());
  }

  @Test
  public void aNodeKilledMidIngestLeavesNothingVisibleAndTheNextIngestMakesItWhole() throws Exception {
    String id = "victim";
    JettySolrRunner holder = nodeHolding(id);
    JettySolrRunner coordinator = cluster.getJettySolrRunners().stream().filter(j -> j != holder).findFirst().orElseThrow();
    KillSwitchUpdateProcessorFactory.SEEN.set(0);
    KillSwitchUpdateProcessorFactory.ARMED.set(new KillSwitchUpdateProcessorFactory.Armed(id, 3, () -> {
      try {
        cluster.stopJettySolrRunner(holder);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }));
    HttpResponse<String> cut = scan(coordinator, id);
    assertNull("the kill switch fired", KillSwitchUpdateProcessorFactory.ARMED.get());
    assertNotEquals("the ingest cannot have succeeded: " + cut.body(), 200, cut.statusCode());
    assertFalse("no stack trace to the client: " + cut.body(), cut.body().contains("\tat ") || cut.body().contains("\"trace\""));

    cluster.startJettySolrRunner(holder);
    cluster.waitForActiveCollection(COLLECTION, 2, 2);
    new UpdateRequest().commit(cluster.getSolrClient(), COLLECTION);

    long leftovers = count("parent_id:" + id + " OR page_of:" + id);
    System.out.println("NODE-KILL | response " + cut.statusCode() + " | leftovers after restart (chunks+pages, unfiltered): "
        + leftovers + " | record: " + count("id:" + id + " AND doc_type:document"));
    assertEquals("the record is written last: it never arrived", 0, count("id:" + id, "doc_type:document"));
    assertEquals("no chunk visible", 0, visibleChunks(id));
    assertEquals("no page image served", 404, page(id, 1));
    for (JsonNode p : rag("dredging contractor depth of the channel").path("passages")) {
      assertNotEquals("no passage from the partial document", id, p.path("document").path("id").asText());
    }

    // the next ingest of the same id replaces the leftovers; the whole document appears
    HttpResponse<String> again = scan(coordinator, id);
    assertEquals(again.body(), 200, again.statusCode());
    new UpdateRequest().commit(cluster.getSolrClient(), COLLECTION);
    long chunks = count("parent_id:" + id, "doc_type:chunk");
    assertTrue("several chunks: " + chunks, chunks >= 2);
    assertEquals(chunks, visibleChunks(id));
    assertEquals(4, count("page_of:" + id, "doc_type:page", DocumentGeneration.COMPLETE_FILTER));
    assertEquals(200, page(id, 4));
    assertTrue(rag("dredging contractor depth of the channel").toString().contains("\"" + id + "\""));
  }

  @Test
  public void chunksAndPagesWithoutTheirRecordOrOfAnotherIngestStayHidden() throws Exception {
    // the states a cut-short ingest can leave, written directly (no timing involved)
    UpdateRequest u = new UpdateRequest();
    SolrInputDocument orphan = new SolrInputDocument();
    orphan.setField("id", "orphan!0");
    orphan.setField("doc_type", "chunk");
    orphan.setField("parent_id", "orphan");
    orphan.setField("chunk_text", "zeppelin hangar inventory");
    orphan.setField(DocumentGeneration.PARENT_KEY_FIELD, "orphan@1");
    u.add(orphan);
    SolrInputDocument stale = new SolrInputDocument();
    stale.setField("id", "stale!0");
    stale.setField("doc_type", "chunk");
    stale.setField("parent_id", "stale");
    stale.setField("chunk_text", "zeppelin mooring mast");
    stale.setField(DocumentGeneration.PARENT_KEY_FIELD, "stale@2");
    u.add(stale);
    SolrInputDocument record = new SolrInputDocument();
    record.setField("id", "stale");
    record.setField("doc_type", "document");
    record.setField(DocumentGeneration.KEY_FIELD, "stale@1");
    u.add(record);
    u.process(cluster.getSolrClient(), COLLECTION);
    new UpdateRequest().commit(cluster.getSolrClient(), COLLECTION);
    assertEquals(2, count("chunk_text:zeppelin", "doc_type:chunk"));
    assertEquals(0, count("chunk_text:zeppelin", "doc_type:chunk", DocumentGeneration.COMPLETE_FILTER));
  }
}
