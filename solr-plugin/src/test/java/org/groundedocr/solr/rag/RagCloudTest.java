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
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.TermQuery;
import org.apache.solr.SolrTestCaseJ4;
import org.apache.solr.client.solrj.SolrQuery;
import org.apache.solr.embedded.JettySolrRunner;
import org.apache.solr.client.solrj.impl.CloudSolrClient;
import org.apache.solr.client.solrj.request.CollectionAdminRequest;
import org.apache.solr.client.solrj.request.UpdateRequest;
import org.apache.solr.common.SolrDocument;
import org.apache.solr.common.SolrInputDocument;
import org.apache.solr.common.cloud.Replica;
import org.apache.solr.core.SolrCore;
import org.apache.solr.cloud.SolrCloudTestCase;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The embedding processor and {@code /rag} in SolrCloud: 2 shards x 2 replicas on 2 nodes, tiny
 * documents sent the way the chunking processor makes them (document with its chunk count, then
 * its chunks, each with regions and page sizes).
 */
@SolrTestCaseJ4.SuppressSSL(bugUrl = "plain HTTP: the test talks JSON to /rag with java.net.http, as a client would")
public class RagCloudTest extends SolrCloudTestCase {

  private static final String COLLECTION = "scans";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  /** One chunk of a test document: its page, label, box and text. */
  private record Part(int page, String label, int[] box, String breadcrumbs, String text) {}

  private static final Map<String, List<Part>> DOCS = new HashMap<>();
  private static final Map<String, String> TITLES = new HashMap<>();
  private static int chunkCount;

  @BeforeClass
  public static void setupCluster() throws Exception {
    // the test cluster's solr.xml turns metrics off unless asked; the once-per-chunk check reads them
    System.setProperty("metricsEnabled", "true");
    configureCluster(2)
        .addConfig("rag", getFile("rag").toPath().resolve("collection1").resolve("conf"))
        .configure();
    CollectionAdminRequest.createCollection(COLLECTION, "rag", 2, 2).process(cluster.getSolrClient());
    cluster.waitForActiveCollection(COLLECTION, 2, 4);

    add("handbook", "Laboratory safety handbook",
        new Part(1, "text", new int[] {100, 200, 1500, 420}, "# Laboratory safety > ## Gloves",
            "Operators must wear nitrile gloves when handling reagent X-14."),
        new Part(1, "text", new int[] {100, 500, 1500, 700}, "# Laboratory safety > ## Fire",
            "In case of fire, use the carbon dioxide extinguisher next to the east exit and leave the building."),
        new Part(2, "table", new int[] {120, 300, 1480, 900}, "# Laboratory safety > ## Storage",
            "| Chemical | Temperature |\n| --- | --- |\n| Ethanol | below 25 C |\n| Reagent X-14 | 2 to 8 C |"));
    add("report", "Annual report 2023",
        new Part(1, "text", new int[] {90, 250, 1550, 600}, "# Annual report > ## Revenue",
            "Revenue grew by twelve percent compared with the previous year, driven by exports."),
        new Part(2, "text", new int[] {90, 150, 1550, 400}, "# Annual report > ## Staff",
            "At the end of the year the company employed 1,240 people in four countries."),
        new Part(3, "text", new int[] {90, 150, 1550, 450}, "# Annual report > ## Outlook",
            "The board expects moderate growth next year and plans a new plant in Lyon."));
    add("invoice", "Invoice INV-2024-0042",
        new Part(1, "text", new int[] {80, 800, 1200, 900}, "# Invoice INV-2024-0042",
            "Total amount: 1,250.00 EUR. Payment is due on 15 March 2024 by bank transfer."));
    add("minutes", "Board meeting minutes",
        new Part(1, "text", new int[] {100, 200, 1400, 500}, "# Minutes",
            "The board approved the budget for the new Lyon plant and elected a new treasurer."),
        new Part(1, "list", new int[] {100, 520, 1400, 800}, "# Minutes > ## Actions",
            "- Finance to prepare the loan application\n- HR to recruit forty technicians"));
    new UpdateRequest().commit(cluster.getSolrClient(), COLLECTION);
  }

  private static void add(String id, String title, Part... parts) throws Exception {
    DOCS.put(id, List.of(parts));
    TITLES.put(id, title);
    UpdateRequest update = new UpdateRequest();
    SolrInputDocument parent = new SolrInputDocument();
    parent.setField("id", id);
    parent.setField("doc_type", "document");
    parent.setField("title", title);
    parent.setField("chunk_count", parts.length);
    update.add(parent);
    for (int i = 0; i < parts.length; i++) {
      Part p = parts[i];
      SolrInputDocument c = new SolrInputDocument();
      c.setField("id", id + "!" + i);
      c.setField("doc_type", "chunk");
      c.setField("parent_id", id);
      c.setField("chunk_ordinal", i);
      c.setField("chunk_text", p.text());
      c.setField("retrieval_text", p.breadcrumbs().isEmpty() ? p.text() : p.breadcrumbs() + "\n\n" + p.text());
      if (!p.breadcrumbs().isEmpty()) {
        c.setField("breadcrumbs", p.breadcrumbs());
      }
      c.setField("overlap_chars", 0);
      c.addField("pages", p.page());
      c.addField("labels", p.label());
      c.setField("regions", JSON.writeValueAsString(List.of(Map.of(
          "page", p.page(), "region", i, "label", p.label(),
          "bbox", p.box(), "boxes", List.of(p.box()),
          "start", 0, "end", p.text().length(), "partial", false))));
      c.setField("page_sizes", "[{\"page\":" + p.page() + ",\"width\":1654,\"height\":2339}]");
      update.add(c);
      chunkCount++;
    }
    update.process(cluster.getSolrClient(), COLLECTION);
  }

  @org.junit.AfterClass
  public static void clearMetricsProperty() {
    System.clearProperty("metricsEnabled");
  }

  private static JsonNode rag(Map<String, Object> body) throws Exception {
    return rag(body, 200);
  }

  private static JsonNode rag(Map<String, Object> body, int status) throws Exception {
    // any node: the handler's sub-queries are distributed searches over both shards
    JettySolrRunner node = cluster.getJettySolrRunner(random().nextInt(2));
    HttpRequest request = HttpRequest.newBuilder(URI.create(node.getBaseUrl() + "/" + COLLECTION + "/rag"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
        .build();
    HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    assertEquals(response.body(), status, response.statusCode());
    return JSON.readTree(response.body());
  }

  private static List<String> passageIds(JsonNode rsp) {
    List<String> ids = new ArrayList<>();
    rsp.path("passages").forEach(p -> ids.add(p.path("id").asText()));
    return ids;
  }

  @Test
  public void everyChunkHasItsVectorAndWasEmbeddedOnceAcrossLeadersAndReplicas() throws Exception {
    CloudSolrClient client = cluster.getSolrClient();
    SolrQuery q = new SolrQuery("doc_type:chunk");
    q.setFields("id", "chunk_vector");
    q.setRows(100);
    List<SolrDocument> chunks = client.query(COLLECTION, q).getResults();
    assertEquals(chunkCount, chunks.size());
    for (SolrDocument c : chunks) {
      assertEquals(c.get("id").toString(), 384, c.getFieldValues("chunk_vector").size());
    }
    // each chunk embedded exactly once in the whole cluster: on the shard leader that received
    // it, never again on a replica
    long embedded = 0;
    Set<String> shardsWithChunks = new HashSet<>();
    for (JettySolrRunner jetty : cluster.getJettySolrRunners()) {
      for (SolrCore core : jetty.getCoreContainer().getCores()) {
        Counter counter = core.getSolrMetricsContext().getMetricRegistry().counter(
            "UPDATE.groundedocr.embedding.chunks");
        embedded += counter.getCount();
        int local = core.withSearcher(s -> s.count(new TermQuery(new Term("doc_type", "chunk"))));
        if (local > 0) {
          shardsWithChunks.add(core.getCoreDescriptor().getCloudDescriptor().getShardId());
        }
      }
    }
    StringBuilder seen = new StringBuilder();
    for (JettySolrRunner jetty : cluster.getJettySolrRunners()) {
      var mm = jetty.getCoreContainer().getMetricManager();
      for (String reg : mm.registryNames()) {
        mm.registry(reg).getCounters().forEach((k, v) -> {
          if (k.contains("groundedocr")) {
            seen.append(reg).append(' ').append(k).append('=').append(v.getCount()).append('\n');
          }
        });
      }
    }
    assertEquals(seen.toString(), chunkCount, embedded);
    assertEquals("the documents are spread over both shards", 2, shardsWithChunks.size());
    for (Replica r : getCollectionState(COLLECTION).getReplicas()) {
      assertEquals(Replica.State.ACTIVE, r.getState());
    }
  }

  @Test
  public void ragCitesTheChunkWithTheAnswerAndItsRegionBox() throws Exception {
    JsonNode rsp = rag(Map.of("question", "When is payment due for invoice INV-2024-0042?"));
    JsonNode top = rsp.path("passages").get(0);
    assertEquals(rsp.toString(), "invoice!0", top.path("id").asText());
    assertEquals("invoice", top.path("document").path("id").asText());
    assertEquals("Invoice INV-2024-0042", top.path("document").path("title").asText());
    assertEquals(1, top.path("rank").asInt());
    assertEquals(1, top.path("pages").get(0).asInt());
    JsonNode region = top.path("regions").get(0);
    assertEquals("text", region.path("label").asText());
    assertEquals(List.of(80, 800, 1200, 900), ints(region.path("bbox")));
    assertEquals("/solr/scans/page?doc=invoice&page=1", region.path("image").asText());
    assertEquals("/solr/scans/page?doc=invoice&page=1&bbox=80,800,1200,900", region.path("crop").asText());
    assertTrue(region.path("text").asText().contains("15 March 2024"));
    assertEquals(1654, top.path("pageImages").get(0).path("width").asInt());
    // both retrievers found it; the fused score is the sum of their reciprocal ranks
    JsonNode score = top.path("score");
    double expected = 1.0 / (60 + score.path("lexical").path("rank").asInt())
        + 1.0 / (60 + score.path("vector").path("rank").asInt());
    assertEquals(expected, score.path("fused").asDouble(), 1e-9);
    double cosine = score.path("vector").path("cosine").asDouble();
    assertTrue("cosine " + cosine, cosine > 0.5 && cosine <= 1.0);
    assertEquals(chunkCount, rsp.path("retrieval").path("vectorHits").asInt());
  }

  @Test
  public void vectorRetrievalFindsAParaphraseThatSharesNoWordWithTheText() throws Exception {
    JsonNode rsp = rag(Map.of("question", "How much did sales increase?", "mode", "vector", "k", 1));
    assertEquals(List.of("report!0"), passageIds(rsp));
    assertTrue(rsp.path("passages").get(0).path("score").path("lexical").isMissingNode());
  }

  @Test
  public void lexicalRetrievalFindsAnExactIdentifier() throws Exception {
    JsonNode rsp = rag(Map.of("question", "X-14", "mode", "lexical", "k", 5));
    List<String> ids = passageIds(rsp);
    assertEquals(Set.of("handbook!0", "handbook!2"), new HashSet<>(ids));
    assertEquals(0, rsp.path("retrieval").path("vectorHits").asInt());
  }

  @Test
  public void passagesComeFromBothShards() throws Exception {
    JsonNode rsp = rag(Map.of("question", "Which budget did the board approve?", "k", 10));
    Set<String> docs = new HashSet<>();
    rsp.path("passages").forEach(p -> docs.add(p.path("document").path("id").asText()));
    assertTrue(docs.toString(), docs.containsAll(Set.of("minutes", "report", "handbook", "invoice")));
    assertEquals(chunkCount, rsp.path("passages").size());
    assertEquals("minutes!0", passageIds(rsp).get(0));
  }

  @Test
  public void filtersByDocumentLabelPageAndAnyFilterQuery() throws Exception {
    JsonNode byDoc = rag(Map.of("question", "growth", "filters", Map.of("document", List.of("report"))));
    assertTrue(passageIds(byDoc).stream().allMatch(id -> id.startsWith("report!")));
    assertEquals(3, byDoc.path("passages").size());

    JsonNode byLabel = rag(Map.of("question", "storage temperature of chemicals", "filters", Map.of("label", "table")));
    assertEquals(List.of("handbook!2"), passageIds(byLabel));

    JsonNode byPage = rag(Map.of("question", "anything", "k", 20, "filters", Map.of("page", List.of("2-3"))));
    assertEquals(Set.of("handbook!2", "report!1", "report!2"), new HashSet<>(passageIds(byPage)));

    JsonNode byFq = rag(Map.of("question", "gloves", "filters", Map.of("fq", List.of("-parent_id:handbook"))));
    assertFalse(passageIds(byFq).stream().anyMatch(id -> id.startsWith("handbook!")));

    // plain request parameters work as well as a JSON body
    JettySolrRunner node = cluster.getJettySolrRunner(0);
    String url = node.getBaseUrl() + "/" + COLLECTION + "/rag?question="
        + URLEncoder.encode("reagent storage", StandardCharsets.UTF_8) + "&label=table&k=3";
    HttpResponse<String> get = HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(get.body(), 200, get.statusCode());
    assertEquals(List.of("handbook!2"), passageIds(JSON.readTree(get.body())));
  }

  @Test
  public void expansionAddsTheNeighbouringChunksInOrder() throws Exception {
    JsonNode rsp = rag(Map.of("question", "How many people did the company employ?", "k", 1, "expand", 1));
    JsonNode top = rsp.path("passages").get(0);
    assertEquals("report!1", top.path("id").asText());
    JsonNode ctx = top.path("context");
    assertEquals("report!0", ctx.path("before").get(0).path("id").asText());
    assertEquals("report!2", ctx.path("after").get(0).path("id").asText());
    assertEquals(List.of(90, 150, 1550, 450), ints(ctx.path("after").get(0).path("regions").get(0).path("bbox")));
    String text = ctx.path("text").asText();
    assertTrue(text.indexOf("Revenue grew") < text.indexOf("1,240 people"));
    assertTrue(text.indexOf("1,240 people") < text.indexOf("Lyon"));
  }

  @Test
  public void badRequestsAreRejectedNamingTheParameter() throws Exception {
    assertTrue(rag(Map.of("k", 3), 400).toString().contains("question"));
    assertTrue(rag(Map.of("question", "x", "k", 0), 400).toString().contains("k must be between"));
    assertTrue(rag(Map.of("question", "x", "mode", "magic"), 400).toString().contains("mode"));
    assertTrue(rag(Map.of("question", "x", "filters", Map.of("page", "two")), 400).toString().contains("page"));
  }

  @Test
  public void queryTextIsNeverQuerySyntax() throws Exception {
    // a question full of Lucene syntax characters must not fail or turn into wildcards/fields
    JsonNode rsp = rag(Map.of("question", "title:(invoice) AND \"total* [amount]?\" OR -due: 1,250.00/EUR", "mode", "lexical"));
    assertEquals("invoice!0", passageIds(rsp).get(0));
  }

  private static List<Integer> ints(JsonNode array) {
    List<Integer> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asInt()));
    return out;
  }
}
