package org.groundedocr.solr.rag;

import com.codahale.metrics.Counter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.TermQuery;
import org.apache.solr.SolrTestCaseJ4;
import org.apache.solr.client.solrj.SolrQuery;
import org.apache.solr.client.solrj.impl.CloudSolrClient;
import org.apache.solr.client.solrj.request.CollectionAdminRequest;
import org.apache.solr.client.solrj.request.UpdateRequest;
import org.apache.solr.cloud.SolrCloudTestCase;
import org.apache.solr.common.SolrDocument;
import org.apache.solr.common.SolrInputDocument;
import org.apache.solr.core.SolrCore;
import org.apache.solr.embedded.JettySolrRunner;
import org.groundedocr.grounding.GroundedJson;
import org.groundedocr.model.Box;
import org.groundedocr.model.GroundedDocument;
import org.groundedocr.model.GroundedPage;
import org.groundedocr.model.PageStats;
import org.groundedocr.model.Region;
import org.groundedocr.solr.GroundedOcrCore;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Embedding and {@code /rag} in SolrCloud with the project's configset: 2 shards x 2 replicas on
 * 2 nodes; small grounded documents go through the real chunking and embedding processors; the
 * questions go to {@code /rag} over HTTP as JSON, the way a RAG application sends them.
 */
@SolrTestCaseJ4.SuppressSSL(bugUrl = "plain HTTP: the test talks JSON to /rag with java.net.http, as a client would")
public class RagCloudTest extends SolrCloudTestCase {

  private static final String COLLECTION = "scans";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final int W = 1654;
  private static final int H = 2339;

  private static final Box INVOICE_DUE = new Box(80, 800, 1200, 900);
  private static final Box OUTLOOK = new Box(90, 150, 1550, 450);

  @BeforeClass
  public static void setupCluster() throws Exception {
    // the test cluster's solr.xml turns metrics off unless asked; the once-per-chunk check reads them
    System.setProperty("metricsEnabled", "true");
    // small chunks: about one paragraph each, so that the documents make several chunks
    System.setProperty("groundedocr.chunking.targetTokens", "16");
    System.setProperty("groundedocr.chunking.maxTokens", "120");
    configureCluster(2).addConfig("grounded-ocr", GroundedOcrCore.configsetConf()).configure();
    CollectionAdminRequest.createCollection(COLLECTION, "grounded-ocr", 2, 2).process(cluster.getSolrClient());
    cluster.waitForActiveCollection(COLLECTION, 2, 4);

    UpdateRequest update = new UpdateRequest();
    update.add(document("handbook",
        page(1,
            region("title", 100, 60, 1500, 140, "# Laboratory safety handbook"),
            region("sub_title", 100, 160, 1500, 190, "## Gloves"),
            region("text", 100, 200, 1500, 420, "Operators must wear nitrile gloves when handling reagent X-14."),
            region("sub_title", 100, 460, 1500, 490, "## Fire"),
            region("text", 100, 500, 1500, 700,
                "In case of fire, use the carbon dioxide extinguisher next to the east exit and leave the building.")),
        page(2,
            region("sub_title", 120, 200, 1480, 240, "## Storage"),
            region("table", 120, 300, 1480, 900,
                "<table><tr><td>Chemical</td><td>Temperature</td></tr><tr><td>Ethanol</td><td>below 25 C</td></tr>"
                    + "<tr><td>Reagent X-14</td><td>2 to 8 C</td></tr></table>"))));
    update.add(document("report",
        page(1,
            region("title", 90, 60, 1550, 140, "# Annual report 2023"),
            region("sub_title", 90, 200, 1550, 240, "## Revenue"),
            region("text", 90, 250, 1550, 600, "Revenue grew by twelve percent compared with the previous year, driven by exports.")),
        page(2,
            region("sub_title", 90, 100, 1550, 140, "## Staff"),
            region("text", 90, 150, 1550, 400, "At the end of the year the company employed 1,240 people in four countries.")),
        page(3,
            region("sub_title", 90, 100, 1550, 140, "## Outlook"),
            region("text", OUTLOOK, "The board expects moderate growth next year and plans a new plant in Lyon."))));
    update.add(document("invoice",
        page(1,
            region("title", 80, 60, 900, 140, "# Invoice INV-2024-0042"),
            region("text", INVOICE_DUE, "Total amount: 1,250.00 EUR. Payment is due on 15 March 2024 by bank transfer."))));
    update.add(document("minutes",
        page(1,
            region("title", 100, 60, 1400, 140, "# Board meeting minutes"),
            region("text", 100, 200, 1400, 500,
                "The board approved the budget for the new Lyon plant and elected a new treasurer."),
            region("sub_title", 100, 505, 1400, 515, "## Actions"),
            region("list", 100, 520, 1400, 800, "- Finance to prepare the loan application\n- HR to recruit forty technicians"))));
    update.process(cluster.getSolrClient(), COLLECTION);
    new UpdateRequest().commit(cluster.getSolrClient(), COLLECTION);
  }

  @AfterClass
  public static void clearProperties() {
    System.clearProperty("metricsEnabled");
    System.clearProperty("groundedocr.chunking.targetTokens");
    System.clearProperty("groundedocr.chunking.maxTokens");
  }

  private static Region region(String label, int x1, int y1, int x2, int y2, String text) {
    return region(label, new Box(x1, y1, x2, y2), text);
  }

  private static Region region(String label, Box box, String text) {
    return new Region(label, List.of(box), text);
  }

  private static GroundedPage page(int n, Region... regions) {
    return new GroundedPage(n, W, H, List.of(regions), PageStats.of("test", "", 10));
  }

  private static SolrInputDocument document(String id, GroundedPage... pages) {
    SolrInputDocument doc = new SolrInputDocument();
    doc.setField("id", id);
    doc.setField("source", id + ".pdf");
    doc.setField("grounded_json", GroundedJson.write(new GroundedDocument(id + ".pdf", "test", List.of(pages)), false));
    return doc;
  }

  private static JsonNode rag(Map<String, Object> body) throws Exception {
    return rag(body, 200);
  }

  private static JsonNode rag(Map<String, Object> body, int status) throws Exception {
    // either node: the handler's sub-queries are distributed searches over both shards
    JettySolrRunner node = cluster.getJettySolrRunner(random().nextInt(2));
    HttpRequest request = HttpRequest.newBuilder(URI.create(node.getBaseUrl() + "/" + COLLECTION + "/rag"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
        .build();
    HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    assertEquals(response.body(), status, response.statusCode());
    return JSON.readTree(response.body());
  }

  private static List<JsonNode> passages(JsonNode rsp) {
    List<JsonNode> out = new ArrayList<>();
    rsp.path("passages").forEach(out::add);
    return out;
  }

  private static Predicate<JsonNode> says(String phrase) {
    return p -> p.path("text").asText().contains(phrase);
  }

  private static List<SolrDocument> allChunks() throws Exception {
    SolrQuery q = new SolrQuery("doc_type:chunk");
    q.setFields("id", "parent_id", "chunk_text", "chunk_vector");
    q.setRows(100);
    return cluster.getSolrClient().query(COLLECTION, q).getResults();
  }

  @Test
  public void everyChunkHasItsVectorAndWasEmbeddedOnceAcrossLeadersAndReplicas() throws Exception {
    List<SolrDocument> chunks = allChunks();
    assertTrue("several chunks per document: " + chunks.size(), chunks.size() >= 9);
    for (SolrDocument c : chunks) {
      assertEquals(c.get("id").toString(), 384, c.getFieldValues("chunk_vector").size());
    }
    // each chunk embedded exactly once in the whole cluster: on the shard leader that received
    // it, never again on a replica
    long embedded = 0;
    Set<String> shardsWithChunks = new HashSet<>();
    for (JettySolrRunner jetty : cluster.getJettySolrRunners()) {
      for (SolrCore core : jetty.getCoreContainer().getCores()) {
        Counter counter = core.getSolrMetricsContext().getMetricRegistry().counter("UPDATE.groundedocr.embedding.chunks");
        embedded += counter.getCount();
        int local = core.withSearcher(s -> s.count(new TermQuery(new Term("doc_type", "chunk"))));
        if (local > 0) {
          shardsWithChunks.add(core.getCoreDescriptor().getCloudDescriptor().getShardId());
        }
      }
    }
    assertEquals(chunks.size(), embedded);
    assertEquals("the documents are spread over both shards", 2, shardsWithChunks.size());
  }

  @Test
  public void ragCitesTheChunkWithTheAnswerAndItsRegionBox() throws Exception {
    JsonNode rsp = rag(Map.of("question", "When is payment due for invoice INV-2024-0042?"));
    JsonNode top = passages(rsp).get(0);
    assertTrue(rsp.toString(), says("15 March 2024").test(top));
    assertEquals("invoice", top.path("document").path("id").asText());
    assertEquals("Invoice INV-2024-0042", top.path("document").path("title").asText());
    assertEquals("invoice.pdf", top.path("document").path("source").asText());
    assertEquals(1, top.path("rank").asInt());
    assertEquals(List.of(1), ints(top.path("pages")));
    // the region to show: the one holding the answer, not the heading above it
    JsonNode region = top.path("regions").get(top.path("cite").asInt(-1));
    assertNotNull(top.toString(), region);
    assertTrue(top.toString(), region.path("text").asText().contains("15 March 2024"));
    assertEquals("text", region.path("label").asText());
    assertEquals(boxList(INVOICE_DUE), ints(region.path("bbox")));
    assertEquals("/solr/scans/page?doc=invoice&page=1", region.path("image").asText());
    assertEquals("/solr/scans/page?doc=invoice&page=1&bbox=80,800,1200,900", region.path("crop").asText());
    assertEquals(W, top.path("pageImages").get(0).path("width").asInt());
    // both retrievers found it; the fused score is the sum of their reciprocal ranks
    JsonNode score = top.path("score");
    double expected = 1.0 / (60 + score.path("lexical").path("rank").asInt())
        + 1.0 / (60 + score.path("vector").path("rank").asInt());
    assertEquals(expected, score.path("fused").asDouble(), 1e-9);
    double cosine = score.path("vector").path("cosine").asDouble();
    assertTrue("cosine " + cosine, cosine > 0.5 && cosine <= 1.0);
  }

  @Test
  public void vectorRetrievalFindsAParaphraseThatSharesNoWordWithTheText() throws Exception {
    JsonNode rsp = rag(Map.of("question", "How much did sales increase?", "mode", "vector", "k", 1));
    JsonNode top = passages(rsp).get(0);
    assertTrue(rsp.toString(), says("Revenue grew by twelve percent").test(top));
    assertTrue(top.path("score").path("lexical").isMissingNode());
    assertEquals(0, rsp.path("retrieval").path("lexicalHits").asInt());
  }

  @Test
  public void lexicalRetrievalFindsAnExactIdentifier() throws Exception {
    JsonNode rsp = rag(Map.of("question", "X-14", "mode", "lexical", "k", 5));
    List<JsonNode> hits = passages(rsp);
    assertEquals(rsp.toString(), 2, hits.size());
    assertTrue(hits.stream().allMatch(says("X-14")));
    assertTrue(hits.stream().anyMatch(p -> p.path("labels").toString().contains("table")));
    assertEquals(0, rsp.path("retrieval").path("vectorHits").asInt());
  }

  @Test
  public void passagesComeFromAllDocumentsOnBothShards() throws Exception {
    int chunks = allChunks().size();
    JsonNode rsp = rag(Map.of("question", "Which budget did the board approve?", "k", 50));
    assertEquals(chunks, passages(rsp).size());
    Set<String> docs = new HashSet<>();
    passages(rsp).forEach(p -> docs.add(p.path("document").path("id").asText()));
    assertEquals(Set.of("minutes", "report", "handbook", "invoice"), docs);
    assertTrue(says("approved the budget").test(passages(rsp).get(0)));
  }

  @Test
  public void filtersByDocumentLabelPageAreaAndAnyFilterQuery() throws Exception {
    List<JsonNode> byDoc = passages(rag(Map.of("question", "growth", "k", 20, "filters", Map.of("document", List.of("report")))));
    assertFalse(byDoc.isEmpty());
    assertTrue(byDoc.stream().allMatch(p -> p.path("document").path("id").asText().equals("report")));

    List<JsonNode> byLabel = passages(rag(Map.of("question", "storage temperature of chemicals", "k", 20,
        "filters", Map.of("label", "table"))));
    assertEquals(1, byLabel.size());
    assertTrue(says("Reagent X-14").test(byLabel.get(0)));

    List<JsonNode> byPage = passages(rag(Map.of("question", "anything", "k", 20, "filters", Map.of("page", List.of("2-3")))));
    Set<String> texts = new HashSet<>();
    for (JsonNode p : byPage) {
      assertTrue(p.toString(), ints(p.path("pages")).stream().anyMatch(n -> n == 2 || n == 3));
      texts.add(p.path("text").asText());
    }
    assertTrue(texts.toString(), texts.stream().anyMatch(t -> t.contains("1,240 people")));
    assertTrue(texts.toString(), texts.stream().anyMatch(t -> t.contains("plant in Lyon")));
    assertTrue(texts.toString(), texts.stream().anyMatch(t -> t.contains("Reagent X-14")));

    // a band of page 1 (relative coordinates, top-left origin) that only the invoice's total
    // (y 0.342..0.385) crosses; the area field's approximation (edges within 2.5 % of a region's
    // size) keeps the minutes' list (ending at y 0.342) out of it
    List<JsonNode> byArea = passages(rag(Map.of("question", "anything", "k", 20,
        "filters", Map.of("area", Map.of("page", 1, "box", List.of(0, 0.37, 1, 0.39))))));
    assertEquals(byArea.toString(), 1, byArea.size());
    assertTrue(says("15 March 2024").test(byArea.get(0)));

    List<JsonNode> byFq = passages(rag(Map.of("question", "gloves", "k", 20, "filters", Map.of("fq", List.of("-parent_id:handbook")))));
    assertFalse(byFq.isEmpty());
    assertTrue(byFq.stream().noneMatch(p -> p.path("document").path("id").asText().equals("handbook")));

    // plain request parameters work as well as a JSON body
    JettySolrRunner node = cluster.getJettySolrRunner(0);
    String url = node.getBaseUrl() + "/" + COLLECTION + "/rag?question="
        + URLEncoder.encode("reagent storage", StandardCharsets.UTF_8) + "&label=table&k=3";
    HttpResponse<String> get = HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(get.body(), 200, get.statusCode());
    List<JsonNode> viaGet = passages(JSON.readTree(get.body()));
    assertEquals(1, viaGet.size());
    assertTrue(says("Reagent X-14").test(viaGet.get(0)));
  }

  @Test
  public void expansionAddsTheNeighbouringChunksInOrder() throws Exception {
    JsonNode rsp = rag(Map.of("question", "How many people did the company employ?", "k", 1, "expand", 1));
    JsonNode top = passages(rsp).get(0);
    assertTrue(rsp.toString(), says("1,240 people").test(top));
    JsonNode ctx = top.path("context");
    assertTrue(ctx.toString(), ctx.path("before").get(0).path("text").asText().contains("Revenue grew"));
    JsonNode after = ctx.path("after").get(0);
    assertTrue(ctx.toString(), after.path("text").asText().contains("plant in Lyon"));
    boolean outlookBox = false;
    for (JsonNode r : after.path("regions")) {
      outlookBox |= ints(r.path("bbox")).equals(boxList(OUTLOOK));
    }
    assertTrue(after.toString(), outlookBox);
    String text = ctx.path("text").asText();
    assertTrue(text, text.indexOf("Revenue grew") < text.indexOf("1,240 people"));
    assertTrue(text, text.indexOf("1,240 people") < text.indexOf("plant in Lyon"));
  }

  @Test
  public void badRequestsAreRejectedNamingTheParameter() throws Exception {
    assertTrue(rag(Map.of("k", 3), 400).toString().contains("question"));
    assertTrue(rag(Map.of("question", "x", "k", 0), 400).toString().contains("k must be between"));
    assertTrue(rag(Map.of("question", "x", "mode", "magic"), 400).toString().contains("mode"));
    assertTrue(rag(Map.of("question", "x", "filters", Map.of("page", "two")), 400).toString().contains("page"));
    assertTrue(rag(Map.of("question", "x", "filters", Map.of("area", Map.of("page", 1))), 400).toString().contains("box"));
    assertTrue(rag(Map.of("question", "x", "filters", Map.of("area", "page=1 box=0,0,1,1 v=evil")), 400)
        .toString().contains("unknown key 'v'"));
  }

  @Test
  public void questionTextIsNeverQuerySyntax() throws Exception {
    // Lucene syntax characters must not fail the request or turn into wildcards, fields or operators
    JsonNode rsp = rag(Map.of("question", "title:(invoice) AND \"total* [amount]?\" OR -due: 1,250.00/EUR", "mode", "lexical"));
    assertTrue(rsp.toString(), says("15 March 2024").test(passages(rsp).get(0)));
  }

  @Test
  public void plainSelectClientsSearchByTextWithKnnTextAndHybridBool() throws Exception {
    CloudSolrClient client = cluster.getSolrClient();
    SolrQuery knn = new SolrQuery("{!knn_text topK=3}How much did sales increase?");
    knn.addFilterQuery("doc_type:chunk");
    knn.setFields("id", "chunk_text", "score");
    knn.setRows(3);
    var results = client.query(COLLECTION, knn).getResults();
    // as with knn, topK is per shard: 2 shards give up to 6 candidates; rows cuts the merged list
    assertEquals(6, results.getNumFound());
    List<SolrDocument> hits = results;
    assertEquals(3, hits.size());
    assertTrue(hits.get(0).toString(), hits.get(0).get("chunk_text").toString().contains("Revenue grew"));

    // the README's hybrid form: BM25 + vector similarity summed in one distributed query
    SolrQuery hybrid = new SolrQuery("{!bool should=$lexical should=$vector}");
    hybrid.set("lexical", "{!edismax qf=retrieval_text v=$question}");
    hybrid.set("vector", "{!knn_text topK=20 v=$question}");
    hybrid.set("question", "When is the invoice payment due");
    hybrid.addFilterQuery("doc_type:chunk");
    hybrid.setFields("id", "chunk_text");
    List<SolrDocument> fused = client.query(COLLECTION, hybrid).getResults();
    assertTrue(fused.get(0).get("chunk_text").toString(), fused.get(0).get("chunk_text").toString().contains("15 March 2024"));
  }

  private static List<Integer> boxList(Box b) {
    return List.of(b.x1(), b.y1(), b.x2(), b.y2());
  }

  private static List<Integer> ints(JsonNode array) {
    List<Integer> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asInt()));
    return out;
  }
}
