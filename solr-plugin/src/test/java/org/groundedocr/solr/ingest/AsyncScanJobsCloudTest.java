package org.groundedocr.solr.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.solr.SolrTestCaseJ4;
import org.apache.solr.client.solrj.SolrQuery;
import org.apache.solr.client.solrj.request.CollectionAdminRequest;
import org.apache.solr.cloud.SolrCloudTestCase;
import org.apache.solr.core.SolrCore;
import org.apache.solr.embedded.JettySolrRunner;
import org.groundedocr.solr.GroundedOcrCore;
import org.groundedocr.tika.GroundedOcrParser;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * {@code /update/scan?async=true} on a 2-node cluster (2 shards x 2 replicas, so each node holds
 * two cores): a job's status from the node that did not run it, its page and document counts with
 * a failed page and a failed file, 503 + {@code Retry-After} from a full queue (one job per node
 * here), a job cut short by stopping its node, and one parser (so one OCR engine) per node for all
 * its cores. Born-digital PDFs keep OCR out of the way; each page is still rendered (page images
 * are kept), so a long document takes seconds. Status is polled with a deadline, never slept on.
 */
@SolrTestCaseJ4.SuppressSSL(bugUrl = "plain HTTP: the test reads job status with java.net.http")
public class AsyncScanJobsCloudTest extends SolrCloudTestCase {

  private static final String COLLECTION = "scans";
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long DEADLINE_SECONDS = 120;
  /** Pages of the long document: rendered and stored, several seconds of work. */
  private static final int LONG_PAGES = 60;

  @BeforeClass
  public static void setupCluster() throws Exception {
    System.setProperty("groundedocr.scan.asyncQueueSize", "1");
    configureCluster(2).addConfig("grounded-ocr", GroundedOcrCore.configsetConf()).configure();
    CollectionAdminRequest.createCollection(COLLECTION, "grounded-ocr", 2, 2).process(cluster.getSolrClient());
    cluster.waitForActiveCollection(COLLECTION, 2, 4);
  }

  /** Two text pages, a blank 200 x 200 inch page (over the pixel limit: it fails), a text page. */
  private static byte[] pdfWithAFailedPage() throws Exception {
    try (PDDocument d = Loader.loadPDF(BadInputScanTest.textPdf(PDRectangle.A5, 3, null));
        ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      d.getPages().insertAfter(new PDPage(new PDRectangle(14400, 14400)), d.getPage(1));
      d.save(out);
      return out.toByteArray();
    }
  }

  private static String base(JettySolrRunner node) {
    return node.getBaseUrl() + "/" + COLLECTION;
  }

  /** Posts {@code files} (name → bytes) as one multipart request. */
  private static HttpResponse<String> post(JettySolrRunner node, String query, Map<String, byte[]> files) throws Exception {
    String boundary = "b" + System.nanoTime();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (Map.Entry<String, byte[]> f : files.entrySet()) {
      body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + f.getKey()
          + "\"\r\nContent-Type: application/pdf\r\n\r\n").getBytes(StandardCharsets.UTF_8));
      body.write(f.getValue());
      body.write("\r\n".getBytes(StandardCharsets.UTF_8));
    }
    body.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return HTTP.send(HttpRequest.newBuilder(URI.create(base(node) + "/update/scan?wt=json&" + query))
        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(), HttpResponse.BodyHandlers.ofString());
  }

  /**
   * Submits a job as a client does: a 503 (the node's one place is still held by another test's
   * job, which frees it only once its state is written) is sent again until the deadline.
   */
  private static String submit(JettySolrRunner node, String query, Map<String, byte[]> files) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_SECONDS);
    HttpResponse<String> rsp = post(node, "async=true&" + query, files);
    while (rsp.statusCode() == 503 && System.nanoTime() < deadline) {
      Thread.sleep(50); // a poll interval, not a wait for an event
      rsp = post(node, "async=true&" + query, files);
    }
    assertEquals(rsp.body(), 200, rsp.statusCode());
    JsonNode body = JSON.readTree(rsp.body());
    assertEquals(rsp.body(), "queued", body.path("status").asText());
    String jobId = body.path("jobId").asText();
    assertTrue(rsp.body(), jobId.matches("[0-9a-f]{32}"));
    assertEquals("/update/scan/jobs?id=" + jobId, rsp.headers().firstValue("Location").orElse(""));
    return jobId;
  }

  private static JsonNode status(JettySolrRunner node, String jobId) throws Exception {
    HttpResponse<String> rsp = HTTP.send(HttpRequest.newBuilder(
        URI.create(base(node) + "/update/scan/jobs?wt=json&id=" + jobId)).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(rsp.body(), 200, rsp.statusCode());
    return JSON.readTree(rsp.body());
  }

  /** Polls the job's status on {@code node} until {@code until} holds, or fails at the deadline. */
  private static JsonNode await(JettySolrRunner node, String jobId, Predicate<JsonNode> until) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_SECONDS);
    JsonNode s = status(node, jobId);
    while (!until.test(s)) {
      assertTrue("deadline passed; last status " + s, System.nanoTime() < deadline);
      Thread.sleep(50); // a poll interval, not a wait for an event
      s = status(node, jobId);
    }
    return s;
  }

  private static boolean finished(JsonNode s) {
    return Set.of("done", "failed").contains(s.path("state").asText());
  }

  private static Map<String, JsonNode> documents(JsonNode s) {
    Map<String, JsonNode> byName = new LinkedHashMap<>();
    s.path("documents").forEach(d -> byName.put(d.path("name").asText(), d));
    return byName;
  }

  @Test
  public void aJobIsAnsweredFromTheOtherNodeWithItsPagesAndDocuments() throws Exception {
    JettySolrRunner runner = cluster.getJettySolrRunner(0);
    JettySolrRunner other = cluster.getJettySolrRunner(1);
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("ledger.pdf", BadInputScanTest.textPdf(PDRectangle.A5, 2, null));
    files.put("partial.pdf", pdfWithAFailedPage());
    files.put("broken.pdf", "%PDF-1.7 not really".getBytes(StandardCharsets.US_ASCII));
    String jobId = submit(runner, "commit=true&literal.batch_s=async", files);

    JsonNode s = await(other, jobId, AsyncScanJobsCloudTest::finished);
    assertEquals(s.toString(), "done", s.path("state").asText());
    assertEquals(s.toString(), runner.getNodeName(), s.path("node").asText());
    assertEquals(s.toString(), 5, s.path("pagesDone").asInt()); // 2 + 3
    assertEquals(s.toString(), 1, s.path("pagesFailed").asInt());
    Map<String, JsonNode> docs = documents(s);
    assertEquals(s.toString(), "done", docs.get("ledger.pdf").path("state").asText());
    assertEquals(s.toString(), "done", docs.get("partial.pdf").path("state").asText());
    assertEquals(s.toString(), 1, docs.get("partial.pdf").path("pagesFailed").asInt());
    assertEquals(s.toString(), 3, docs.get("partial.pdf").path("failedPages").path(0).asInt());
    assertEquals(s.toString(), "failed", docs.get("broken.pdf").path("state").asText());
    assertTrue(s.toString(), docs.get("broken.pdf").path("error").asText().contains("cannot read it"));

    // the documents were indexed (and committed) by the job, with the request's literals
    String ledger = docs.get("ledger.pdf").path("id").asText();
    assertEquals(1, cluster.getSolrClient().query(COLLECTION,
        new SolrQuery("id:" + ledger + " AND batch_s:async AND doc_type:document")).getResults().getNumFound());
    assertEquals(2, cluster.getSolrClient().query(COLLECTION,
        new SolrQuery("doc_type:document AND batch_s:async")).getResults().getNumFound());

    HttpResponse<String> unknown = HTTP.send(HttpRequest.newBuilder(URI.create(base(other)
        + "/update/scan/jobs?wt=json&id=0123456789abcdef0123456789abcdef")).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(unknown.body(), 404, unknown.statusCode());
    HttpResponse<String> bad = HTTP.send(HttpRequest.newBuilder(URI.create(base(other)
        + "/update/scan/jobs?wt=json&id=..%2F..%2Fx")).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(bad.body(), 400, bad.statusCode());
  }

  @Test
  public void aFullQueueAnswers503WithRetryAfter() throws Exception {
    JettySolrRunner runner = cluster.getJettySolrRunner(0);
    String jobId = submit(runner, "", Map.of("long.pdf", BadInputScanTest.textPdf(PDRectangle.A4, LONG_PAGES, null)));
    // one job per node (asyncQueueSize=1): the long one holds the place until it ends
    HttpResponse<String> busy = post(runner, "async=true", Map.of("small.pdf", BadInputScanTest.textPdf(PDRectangle.A5, 1, null)));
    JsonNode first = status(runner, jobId);
    assertFalse("the first job must still hold the queue for this test to mean anything: " + first, finished(first));
    assertEquals(busy.body(), 503, busy.statusCode());
    assertEquals(String.valueOf(ScanJobs.RETRY_AFTER_SECONDS), busy.headers().firstValue("Retry-After").orElse(null));
    assertTrue(busy.body(), busy.body().contains("asyncQueueSize"));
    // a synchronous request is not queued
    HttpResponse<String> sync = post(runner, "", Map.of("small.pdf", BadInputScanTest.textPdf(PDRectangle.A5, 1, null)));
    assertEquals(sync.body(), 200, sync.statusCode());

    assertEquals("done", await(runner, jobId, AsyncScanJobsCloudTest::finished).path("state").asText());
    submit(runner, "", Map.of("small.pdf", BadInputScanTest.textPdf(PDRectangle.A5, 1, null)));
  }

  @Test
  public void aJobCutShortByStoppingItsNodeReportsItsUnfinishedDocumentsFailed() throws Exception {
    JettySolrRunner runner = cluster.getJettySolrRunner(1);
    JettySolrRunner other = cluster.getJettySolrRunner(0);
    await(runner, submit(runner, "", Map.of("warmup.pdf", BadInputScanTest.textPdf(PDRectangle.A5, 1, null))),
        AsyncScanJobsCloudTest::finished); // the queue holds one job: wait for any earlier one to end
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("first.pdf", BadInputScanTest.textPdf(PDRectangle.A5, 1, null));
    files.put("long.pdf", BadInputScanTest.textPdf(PDRectangle.A4, LONG_PAGES, null));
    files.put("never.pdf", BadInputScanTest.textPdf(PDRectangle.A5, 2, null));
    String jobId = submit(runner, "", files);
    JsonNode running = await(other, jobId, s -> "running".equals(documents(s).get("long.pdf").path("state").asText())
        || finished(s));
    assertEquals("the long document was running when the node stopped: " + running, "running",
        documents(running).get("long.pdf").path("state").asText());

    cluster.stopJettySolrRunner(runner);
    try {
      cutShort(other, jobId);
    } finally {
      // back again (a new incarnation): the job stays cut short, on the node itself too
      cluster.startJettySolrRunner(runner);
      cluster.waitForActiveCollection(COLLECTION, 2, 4);
    }
    JsonNode after = status(runner, jobId);
    assertEquals(after.toString(), "failed", after.path("state").asText());
    assertEquals(after.toString(), "failed", documents(after).get("never.pdf").path("state").asText());
    assertTrue(after.toString(), documents(after).get("never.pdf").path("error").asText().contains("cut short"));
  }

  private static void cutShort(JettySolrRunner other, String jobId) throws Exception {
    JsonNode cut = await(other, jobId, AsyncScanJobsCloudTest::finished);
    assertEquals(cut.toString(), "failed", cut.path("state").asText());
    Map<String, JsonNode> docs = documents(cut);
    assertEquals(cut.toString(), "done", docs.get("first.pdf").path("state").asText());
    assertEquals(cut.toString(), "failed", docs.get("long.pdf").path("state").asText());
    assertEquals(cut.toString(), "failed", docs.get("never.pdf").path("state").asText());
    assertTrue(cut.toString(), docs.get("never.pdf").path("error").asText().contains("cut short"));
  }

  @Test
  public void everyCoreOfANodeFeedsTheNodesOneParser() {
    for (JettySolrRunner node : cluster.getJettySolrRunners()) {
      Map<GroundedOcrParser, Boolean> parsers = new IdentityHashMap<>();
      int cores = 0;
      for (SolrCore core : node.getCoreContainer().getCores()) {
        ScanUpdateRequestHandler h = (ScanUpdateRequestHandler) core.getRequestHandler("/update/scan");
        parsers.put(h.parser(), Boolean.TRUE);
        cores++;
      }
      assertEquals("two replicas per node", 2, cores);
      assertEquals("one parser (one OCR engine per configuration) for all cores of " + node.getNodeName(), 1, parsers.size());
    }
  }
}
