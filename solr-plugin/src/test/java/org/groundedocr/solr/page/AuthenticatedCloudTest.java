package org.groundedocr.solr.page;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.solr.SolrTestCaseJ4;
import org.apache.solr.client.solrj.request.CollectionAdminRequest;
import org.apache.solr.cloud.SolrCloudTestCase;
import org.apache.solr.security.Sha256AuthenticationProvider;
import org.groundedocr.solr.GroundedOcrCore;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Every grounded-ocr handler behind Solr's BasicAuth and rule-based authorization, in SolrCloud (2
 * nodes, 2 shards, so every search, {@code /rag} sub-query and page lookup crosses nodes through
 * Solr's inter-node PKI authentication): anonymous clients get 401 everywhere, a read-only user
 * can search (with region highlighting), fetch pages and IIIF images and ask {@code /rag} but not
 * ingest, an admin can ingest. The security.json is the one the README's "Security" section shows.
 */
@SolrTestCaseJ4.SuppressSSL(bugUrl = "plain HTTP: the test sends its own Authorization headers with java.net.http")
public class AuthenticatedCloudTest extends SolrCloudTestCase {

  private static final String COLLECTION = "scans";
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ADMIN = "admin:" + "admin-Secret-1";
  private static final String READER = "reader:" + "reader-Secret-2";

  static String securityJson() {
    return """
        {
          "authentication": {
            "class": "solr.BasicAuthPlugin",
            "blockUnknown": true,
            "forwardCredentials": false,
            "credentials": {"admin": "%s", "reader": "%s"}
          },
          "authorization": {
            "class": "solr.RuleBasedAuthorizationPlugin",
            "user-role": {"admin": ["admin"], "reader": ["reader"]},
            "permissions": [
              {"name": "read", "role": ["reader", "admin"]},
              {"name": "update", "role": ["admin"]},
              {"name": "all", "role": ["admin"]}
            ]
          }
        }
        """.formatted(
            Sha256AuthenticationProvider.getSaltedHashedValue(ADMIN.substring(ADMIN.indexOf(':') + 1)),
            Sha256AuthenticationProvider.getSaltedHashedValue(READER.substring(READER.indexOf(':') + 1)));
  }

  @BeforeClass
  public static void setupCluster() throws Exception {
    configureCluster(2)
        .addConfig("grounded-ocr", GroundedOcrCore.configsetConf())
        .withSecurityJson(securityJson())
        .configure();
    CollectionAdminRequest.Create create = CollectionAdminRequest.createCollection(COLLECTION, "grounded-ocr", 2, 1);
    create.setBasicAuthCredentials("admin", password(ADMIN));
    create.process(cluster.getSolrClient());
    cluster.waitForActiveCollection(COLLECTION, 2, 2);
    HttpResponse<String> rsp = ingest(ADMIN, "report");
    assertEquals(rsp.body(), 200, rsp.statusCode());
  }

  private static String password(String user) {
    return user.substring(user.indexOf(':') + 1);
  }

  private static HttpResponse<String> ingest(String user, String id) throws Exception {
    TextPdf pdf = TextPdf.of(List.of(
        List.of("Harbour Authority Annual Report", "The copper shipments rose sharply in the third quarter",
            "while grain exports to Lisbon stayed level with last year."),
        List.of("Appendix", "Tonnage handled at the northern quay is listed by month.")), 100);
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(node(0) + "/" + COLLECTION
            + "/update/scan?commit=true&id=" + id + "&resource.name=" + id + ".pdf"))
        .header("Content-Type", "application/pdf")
        .POST(HttpRequest.BodyPublishers.ofByteArray(pdf.bytes));
    return send(b, user);
  }

  private static String node(int i) {
    return cluster.getJettySolrRunner(i).getBaseUrl().toString();
  }

  private static HttpResponse<String> send(HttpRequest.Builder b, String user) throws Exception {
    if (user != null) {
      b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(user.getBytes(StandardCharsets.UTF_8)));
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.ISO_8859_1));
  }

  private static HttpResponse<String> get(int node, String pathAndQuery, String user) throws Exception {
    return send(HttpRequest.newBuilder(URI.create(node(node) + "/" + COLLECTION + pathAndQuery)), user);
  }

  private static HttpResponse<String> rag(int node, String user) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(node(node) + "/" + COLLECTION + "/rag"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(
            JSON.writeValueAsString(Map.of("question", "Which shipments rose in the third quarter?"))));
    return send(b, user);
  }

  private static final String SELECT = "/select?q=" + URLEncoder.encode("copper shipments", StandardCharsets.UTF_8)
      + "&defType=edismax&qf=_text_&fq=doc_type:chunk&hl.regions=true&wt=json";
  private static final String PAGE = "/page?doc=report&page=1&width=300";
  private static final String IIIF_INFO = "/page/iiif/report!page-1/info.json";
  private static final String IIIF_IMAGE = "/page/iiif/report!page-1/full/200,/0/default.jpg";

  /** The IIIF Presentation and Content Search endpoints and the OCR exports (read permission). */
  private static final List<String> IIIF = List.of("/iiif/report/manifest", "/iiif/report/search?q=copper",
      "/iiif/report/search1?q=copper", "/iiif/search?q=copper", "/iiif/report/autocomplete?q=copp",
      "/ocr/alto?doc=report");

  @Test
  public void anonymousGets401Everywhere() throws Exception {
    List<String> paths = new java.util.ArrayList<>(List.of(SELECT, PAGE, IIIF_INFO, IIIF_IMAGE, "/get?id=report"));
    paths.addAll(IIIF);
    for (String path : paths) {
      assertEquals(path, 401, get(1, path, null).statusCode());
    }
    assertEquals("/rag", 401, rag(1, null).statusCode());
    assertEquals("/update/scan", 401, ingest(null, "anon").statusCode());
    assertEquals("wrong password", 401, get(1, SELECT, "reader:wrong").statusCode());
  }

  @Test
  public void readerSearchesWithHighlightsFetchesPagesAndAsksOnEveryNode() throws Exception {
    for (int node = 0; node < 2; node++) {
      HttpResponse<String> select = get(node, SELECT, READER);
      assertEquals(select.body(), 200, select.statusCode());
      JsonNode body = JSON.readTree(select.body());
      assertTrue(select.body(), body.path("response").path("numFound").asLong() >= 1);
      assertTrue("region highlights from the shards: " + select.body(),
          body.path("ocrHighlighting").toString().contains("<em>copper</em>"));

      HttpResponse<String> page = get(node, PAGE, READER);
      assertEquals(page.body(), 200, page.statusCode());
      assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("image/"));
      HttpResponse<String> info = get(node, IIIF_INFO, READER);
      assertEquals(info.body(), 200, info.statusCode());
      assertTrue(info.body(), JSON.readTree(info.body()).path("maxArea").asLong() > 0);
      assertEquals(200, get(node, IIIF_IMAGE, READER).statusCode());

      // /rag's lexical and vector sub-queries go to both shards as the reader (PKI-signed)
      HttpResponse<String> rag = rag(node, READER);
      assertEquals(rag.body(), 200, rag.statusCode());
      JsonNode passages = JSON.readTree(rag.body()).path("passages");
      assertTrue(rag.body(), passages.size() >= 1);
      assertTrue(rag.body(), passages.toString().contains("copper shipments"));
    }
  }

  @Test
  public void readerGetsIiifManifestsSearchAndExportsOnEveryNode() throws Exception {
    for (int node = 0; node < 2; node++) {
      for (String path : IIIF) {
        HttpResponse<String> rsp = get(node, path, READER);
        assertEquals(path + ": " + rsp.body(), 200, rsp.statusCode());
      }
      // the handlers' own sub-requests (/get, /select over both shards) ran under the reader too
      JsonNode m = JSON.readTree(get(node, "/iiif/report/manifest", READER).body());
      assertEquals(2, m.path("items").size());
      assertTrue(m.toString(), m.path("items").path(0).path("items").path(0).path("items").path(0)
          .path("body").path("service").path(0).path("id").asText().endsWith("/page/iiif/report!page-1"));
      JsonNode hits = JSON.readTree(get(node, "/iiif/report/search?q=copper", READER).body());
      assertEquals(hits.toString(), "copper", hits.path("items").path(0).path("body").path("value").asText());
      assertTrue(hits.toString(), hits.path("items").path(0).path("target").asText().contains("/iiif/report/canvas/p1#xywh="));
      JsonNode terms = JSON.readTree(get(node, "/iiif/report/autocomplete?q=copp", READER).body());
      assertEquals(terms.toString(), "copper", terms.path("items").path(0).path("value").asText());
    }
  }

  @Test
  public void readerCannotIngestAdminCan() throws Exception {
    HttpResponse<String> denied = ingest(READER, "by-reader");
    assertEquals(denied.body(), 403, denied.statusCode());
    assertEquals(0, JSON.readTree(get(0, "/select?q=id:by-reader&wt=json", ADMIN).body())
        .path("response").path("numFound").asLong());
    HttpResponse<String> ok = ingest(ADMIN, "by-admin");
    assertEquals(ok.body(), 200, ok.statusCode());
    JsonNode found = JSON.readTree(get(1, "/select?q=id:by-admin&wt=json", READER).body());
    assertEquals(found.toString(), 1, found.path("response").path("numFound").asLong());
  }

  /** The shard leader's node index for {@code id}: the job's inter-node update goes there. */
  private static int nodeHolding(String id) {
    var c = cluster.getSolrClient().getClusterState().getCollection(COLLECTION);
    String node = c.getRouter().getTargetSlice(id, null, null, null, c).getLeader().getNodeName();
    return cluster.getJettySolrRunner(0).getNodeName().equals(node) ? 0 : 1;
  }

  @Test
  public void anAsyncJobRunsAsItsSubmitterAndItsStatusNeedsRead() throws Exception {
    // a document whose shard lives on the other node: the job's update crosses nodes as the admin
    String id = "async-0";
    for (int i = 1; nodeHolding(id) == 0; i++) {
      id = "async-" + i;
    }
    TextPdf pdf = TextPdf.of(List.of(List.of("Pilotage dues", "The pilots charged by draught in the winter.")), 72);
    URI uri = URI.create(node(0) + "/" + COLLECTION
        + "/update/scan?async=true&commit=true&wt=json&id=" + id + "&resource.name=" + id + ".pdf");
    java.util.function.Supplier<HttpRequest.Builder> submit = () -> HttpRequest.newBuilder(uri)
        .header("Content-Type", "application/pdf")
        .POST(HttpRequest.BodyPublishers.ofByteArray(pdf.bytes));
    assertEquals(403, send(submit.get(), READER).statusCode());
    HttpResponse<String> queued = send(submit.get(), ADMIN);
    assertEquals(queued.body(), 200, queued.statusCode());
    String jobId = JSON.readTree(queued.body()).path("jobId").asText();

    String status = "/update/scan/jobs?wt=json&id=" + jobId;
    assertEquals(401, get(1, status, null).statusCode());
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(120);
    JsonNode s = JSON.readTree(get(1, status, READER).body());
    while (!s.path("state").asText().equals("done") && !s.path("state").asText().equals("failed")) {
      assertTrue("deadline passed; last status " + s, System.nanoTime() < deadline);
      Thread.sleep(50); // a poll interval
      s = JSON.readTree(get(1, status, READER).body());
    }
    assertEquals(s.toString(), "done", s.path("state").asText());
    assertEquals(s.toString(), id, s.path("documents").path(0).path("id").asText());
    JsonNode found = JSON.readTree(get(1, "/select?q=id:" + id + "&wt=json", READER).body());
    assertEquals(found.toString(), 1, found.path("response").path("numFound").asLong());
  }
}
