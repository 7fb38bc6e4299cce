package org.groundedocr.it.solr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.solr.SolrTestCaseJ4;
import org.apache.solr.client.solrj.request.CollectionAdminRequest;
import org.apache.solr.client.solrj.response.QueryResponse;
import org.apache.solr.cloud.SolrCloudTestCase;
import org.apache.solr.common.SolrDocument;
import org.apache.solr.common.SolrDocumentList;
import org.apache.solr.common.params.ModifiableSolrParams;
import org.apache.solr.embedded.JettySolrRunner;
import org.groundedocr.model.Box;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Ingestion into a real SolrCloud cluster (2 nodes, collection with 2 shards x 2 replicas, the
 * project's configset): scans rendered by the test go through {@code /update/scan} over HTTP, the
 * default OCR engine reads them, the chunking processor indexes the chunks; asserts on what a
 * client then finds.
 */
@SolrTestCaseJ4.SuppressSSL(bugUrl = "plain HTTP: the test talks to the nodes with the JDK client, as the CLI does")
public class ScanIngestCloudIT extends SolrCloudTestCase {

  private static final String COLLECTION = "scans";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  /** Files sent to /update/scan by this class (each must be parsed exactly once). */
  private static final AtomicInteger FILES_SENT = new AtomicInteger();
  /** Files indexed (each must be chunked exactly once). */
  private static final AtomicInteger FILES_INDEXED = new AtomicInteger();

  private static ScanFixtures.Fixture report;
  private static ScanFixtures.Fixture note;
  private static JsonNode batch;

  @BeforeClass
  public static void setupCluster() throws Exception {
    // on disk: the test framework's RAM directory cannot hold the configset's update log
    System.setProperty("solr.directoryFactory", "org.apache.solr.core.MockFSDirectoryFactory");
    // the test cluster's solr.xml switches metrics off unless asked: the OCR counters are the point
    System.setProperty("metricsEnabled", "true");
    Path conf = Path.of(System.getProperty("groundedocr.root", "..")).resolve("configsets/grounded-ocr/conf");
    configureCluster(2).addConfig("grounded-ocr", conf).configure();
    CollectionAdminRequest.createCollection(COLLECTION, "grounded-ocr", 2, 2).process(cluster.getSolrClient());
    cluster.waitForActiveCollection(COLLECTION, 2, 4);

    report = ScanFixtures.report("Quarterly Shipping Report");
    note = ScanFixtures.deliveryNote();
    // one multipart request with good and bad files: the bad ones must not fail the others
    batch = uploadMultipart(
        List.of(report, note, ScanFixtures.textPdf(), ScanFixtures.corrupt(), ScanFixtures.encrypted()),
        "literal.batch_s=it&commit=true");
  }

  @AfterClass
  public static void release() {
    report = null;
    note = null;
    batch = null;
  }

  @Test
  public void perFileResultsAndCounts() throws Exception {
    assertEquals(batch.toString(), 3, batch.path("ok").asInt());
    System.out.println("multipart batch response: " + batch);
    assertEquals(2, batch.path("failed").asInt());
    Map<String, JsonNode> byName = new HashMap<>();
    batch.path("files").forEach(f -> byName.put(f.path("name").asText(), f));
    assertEquals("ok", byName.get("report.pdf").path("status").asText());
    assertEquals(2, byName.get("report.pdf").path("pages").asInt());
    assertEquals("failed", byName.get("broken.pdf").path("status").asText());
    assertTrue(byName.get("broken.pdf").path("error").asText(), byName.get("broken.pdf").path("error").asText().contains("cannot read"));
    assertEquals("failed", byName.get("payroll.pdf").path("status").asText());
    assertTrue(byName.get("payroll.pdf").path("error").asText().toLowerCase(Locale.ROOT).contains("encrypted"));

    SolrDocumentList parents = query("doc_type:document AND batch_s:it", "fl", "*");
    assertEquals(3, parents.getNumFound());
    int chunkTotal = 0;
    for (SolrDocument p : parents) {
      String id = (String) p.getFieldValue("id");
      assertEquals("content hash ids are 32 hex digits", 32, id.length());
      assertNotNull(p.getFieldValue("grounded_json"));
      assertNotNull(p.getFieldValue("ocr_engine"));
      assertNotNull(p.getFieldValue("content_hash"));
      int chunks = (Integer) p.getFieldValue("chunk_count");
      assertTrue(chunks > 0);
      assertEquals(chunks, query("parent_id:\"" + id + "\"").getNumFound());
      chunkTotal += chunks;
    }
    assertEquals(chunkTotal, query("doc_type:chunk AND batch_s:it").getNumFound());
    SolrDocument r = query("doc_type:document AND source:\"report.pdf\"", "fl", "*").get(0);
    assertEquals(2, r.getFieldValue("page_count"));
    assertEquals("application/pdf", r.getFieldValue("content_type"));
  }

  @Test
  public void chunksCarryPagesLabelsAndRegionsCoveringTheRenderedText() throws Exception {
    String parent = idOf("report.pdf");
    SolrDocumentList chunks = query("parent_id:\"" + parent + "\"", "fl", "*", "sort", "chunk_ordinal asc");
    assertTrue(chunks.getNumFound() >= 1);
    int matched = 0;
    List<ScanFixtures.Line> lines = report.lines();
    boolean[] found = new boolean[lines.size()];
    for (SolrDocument c : chunks) {
      String text = (String) c.getFieldValue("chunk_text");
      assertFalse("page numbers stay out of chunk text", text.strip().endsWith("\n1") || text.contains("\n\n1\n\n"));
      assertNotNull(c.getFieldValues("pages"));
      assertNotNull(c.getFieldValues("labels"));
      JsonNode regions = JSON.readTree((String) c.getFieldValue("regions"));
      Map<Integer, Double> scale = new HashMap<>();
      for (JsonNode size : JSON.readTree((String) c.getFieldValue("page_sizes"))) {
        // the PDF's pages were rendered at the parser's DPI: the drawn pixels scale with the width
        scale.put(size.path("page").asInt(), size.path("width").asDouble() / ScanFixtures.WIDTH);
      }
      for (JsonNode region : regions) {
        int page = region.path("page").asInt();
        assertTrue(c.getFieldValues("pages").contains(page));
        Box rbox = box(region.path("bbox"));
        for (JsonNode line : region.path("lines")) {
          String s = text.substring(line.path("start").asInt(), line.path("end").asInt());
          Box lbox = box(line.path("bbox"));
          if (!s.strip().contains(" ")) {
            // a word of a line whose words the engine knows (highlights are cut from word boxes):
            // it lies inside a drawn line that holds the word
            int holder = lineHolding(lines, page, s, lbox, scale.get(page));
            assertTrue("word box of '" + s + "' " + lbox + " lies in no drawn line holding it", holder >= 0);
            assertTrue("region box " + rbox + " covers the drawn line of '" + s + "'",
                coverage(rbox, scaled(lines.get(holder).box(), scale.get(page))) >= 0.85);
            found[holder] = true;
            continue;
          }
          int best = bestMatch(lines, page, s);
          if (best < 0) {
            continue;
          }
          Box knownBox = scaled(lines.get(best).box(), scale.get(page));
          // the engine's line box holds the drawn ink and is not much larger (detectors pad
          // boxes by a margin, which weighs more on a short word like "1200")
          assertTrue("line box of '" + s + "' " + lbox + " holds the drawn ink " + knownBox, coverage(lbox, knownBox) >= 0.9);
          assertTrue("line box of '" + s + "' " + lbox + " vs drawn " + knownBox + ": IoU " + lbox.iou(knownBox),
              lbox.iou(knownBox) >= 0.4);
          assertTrue("region box " + rbox + " covers the drawn line " + knownBox, coverage(rbox, knownBox) >= 0.85);
          found[best] = true;
        }
      }
    }
    for (boolean f : found) {
      matched += f ? 1 : 0;
    }
    assertTrue("OCR found " + matched + " of " + lines.size() + " drawn lines", matched >= lines.size() * 0.8);
    // the page number is kept, as metadata
    assertTrue(query("parent_id:\"" + parent + "\" AND printed_pages:2").getNumFound() >= 1);
  }

  @Test
  public void documentAndChunksLiveOnOneShard() throws Exception {
    for (String name : List.of("report.pdf", "delivery-note.png")) {
      String parent = idOf(name);
      SolrDocumentList all = query("id:\"" + parent + "\" OR parent_id:\"" + parent + "\"", "fl", "id,[shard]");
      assertTrue(all.getNumFound() >= 2);
      String shard = null;
      for (SolrDocument d : all) {
        String s = shardName((String) d.getFieldValue("[shard]"));
        shard = shard == null ? s : shard;
        assertEquals("chunk " + d.getFieldValue("id") + " is on the parent's shard", shard, s);
      }
    }
  }

  @Test
  public void filtersByPageLabelAndArea() throws Exception {
    String parent = idOf("report.pdf");
    String fqParent = "parent_id:\"" + parent + "\"";
    long page2 = query(fqParent + " AND pages:2").getNumFound();
    assertTrue(page2 >= 1);
    // the page-2 heading and table sit in the top half of page 2; nothing of page 1 is on page 2
    SolrDocumentList top2 = query(fqParent, "fq", "{!pagearea page=2 box=0,0,1,0.5}", "fl", "id,pages");
    assertTrue(top2.getNumFound() >= 1);
    for (SolrDocument d : top2) {
      assertTrue(d.getFieldValues("pages").contains(2));
    }
    assertEquals(0, query(fqParent, "fq", "{!pagearea page=3 box=0,0,1,1}").getNumFound());
    SolrDocumentList withTitle = query(fqParent, "fq", "labels:(title OR sub_title)", "fl", "id,labels");
    assertTrue("a heading label: " + query(fqParent, "fl", "id,labels"), withTitle.getNumFound() >= 1);
  }

  @Test
  public void reingestReplacesChunksAndDeleteRemovesThem() throws Exception {
    Path dir = createTempDir();
    Path v1 = dir.resolve("minutes-v1.pdf");
    Files.write(v1, ScanFixtures.textPdf("minutes-v1.pdf", 24).bytes());
    Path v2 = dir.resolve("minutes-v2.pdf");
    Files.write(v2, ScanFixtures.textPdf("minutes-v2.pdf", 2).bytes());
    String id = "minutes";
    JsonNode r1 = upload(v1, "id=" + id + "&commit=true");
    assertEquals(r1.toString(), 1, r1.path("ok").asInt());
    long before = query("parent_id:" + id).getNumFound();
    assertEquals(r1.path("files").path(0).path("chunks").asLong(), before);
    JsonNode r2 = upload(v2, "id=" + id + "&commit=true");
    assertEquals(r2.toString(), 1, r2.path("ok").asInt());
    long after = query("parent_id:" + id).getNumFound();
    assertEquals(r2.path("files").path(0).path("chunks").asLong(), after);
    assertTrue("fewer chunks after re-ingest (" + before + " -> " + after + ")", after < before);
    for (long i = after; i < before; i++) {
      assertEquals("stale chunk " + id + "!" + i, 0, query("id:\"" + id + "!" + i + "\"").getNumFound());
    }
    assertEquals("minutes-v2.pdf", query("id:" + id, "fl", "source").get(0).getFieldValue("source"));
    new org.apache.solr.client.solrj.request.UpdateRequest().deleteById(id).commit(cluster.getSolrClient(), COLLECTION);
    assertEquals(0, query("parent_id:" + id).getNumFound());
    assertEquals(0, query("id:" + id).getNumFound());
  }

  @Test
  public void rechunkingFromTheStoredGroundedJsonRunsNoOcr() throws Exception {
    String parent = idOf("delivery-note.png");
    SolrDocument stored = query("id:\"" + parent + "\"", "fl", "*").get(0);
    long chunksBefore = query("parent_id:\"" + parent + "\"").getNumFound();
    // what README's re-chunk recipe does: the stored document, minus _version_, back to /update
    org.apache.solr.common.SolrInputDocument again = new org.apache.solr.common.SolrInputDocument();
    for (String f : stored.getFieldNames()) {
      if (!f.equals("_version_")) {
        again.setField(f, stored.getFieldValue(f));
      }
    }
    new org.apache.solr.client.solrj.request.UpdateRequest().add(again).commit(cluster.getSolrClient(), COLLECTION);
    FILES_INDEXED.incrementAndGet(); // chunked once more; FILES_SENT (OCR) unchanged
    assertEquals(chunksBefore, query("parent_id:\"" + parent + "\"").getNumFound());
    SolrDocument after = query("id:\"" + parent + "\"", "fl", "*").get(0);
    assertEquals(stored.getFieldValue("grounded_json"), after.getFieldValue("grounded_json"));
    assertEquals(stored.getFieldValue("chunk_count"), after.getFieldValue("chunk_count"));
    assertEquals("literals survive", "it", after.getFieldValue("batch_s"));
  }

  @Test
  public void ocrAndChunkingRanOncePerDocument() throws Exception {
    long parses = 0;
    long chunked = 0;
    for (JettySolrRunner j : cluster.getJettySolrRunners()) {
      JsonNode m = getJson(j.getBaseUrl() + "/admin/metrics?group=core&prefix="
          + enc("UPDATE./update/scan.parses,UPDATE.groundedocr.chunking.documents") + "&wt=json");
      for (JsonNode core : m.path("metrics")) {
        parses += core.path("UPDATE./update/scan.parses").asLong(0);
        chunked += core.path("UPDATE.groundedocr.chunking.documents").asLong(0);
      }
    }
    assertEquals("parser runs across all 4 replicas: " + metricsDump(), FILES_SENT.get(), parses);
    assertEquals("chunking runs across all 4 replicas", FILES_INDEXED.get(), chunked);
  }

  // ---- helpers ----

  private static String metricsDump() throws Exception {
    StringBuilder sb = new StringBuilder();
    for (JettySolrRunner j : cluster.getJettySolrRunners()) {
      sb.append(getJson(j.getBaseUrl() + "/admin/metrics?group=core&prefix=UPDATE.&wt=json"));
    }
    return sb.toString();
  }

  private static String baseUrl() {
    return cluster.getJettySolrRunner(0).getBaseUrl().toString();
  }

  private static String idOf(String source) throws Exception {
    SolrDocumentList d = query("doc_type:document AND source:\"" + source + "\"", "fl", "id");
    assertEquals(source, 1, d.getNumFound());
    return (String) d.get(0).getFieldValue("id");
  }

  private static SolrDocumentList query(String q, String... params) throws Exception {
    ModifiableSolrParams p = new ModifiableSolrParams();
    p.set("q", q);
    p.set("rows", 1000);
    for (int i = 0; i < params.length; i += 2) {
      p.add(params[i], params[i + 1]);
    }
    QueryResponse r = cluster.getSolrClient().query(COLLECTION, p);
    return r.getResults();
  }

  private static JsonNode upload(Path file, String params) throws Exception {
    FILES_SENT.incrementAndGet();
    String type = file.toString().endsWith(".pdf") ? "application/pdf" : "image/png";
    HttpRequest req = HttpRequest.newBuilder(URI.create(baseUrl() + "/" + COLLECTION + "/update/scan?wt=json&resource.name="
            + enc(file.getFileName().toString()) + "&" + params))
        .header("Content-Type", type)
        .POST(HttpRequest.BodyPublishers.ofFile(file))
        .build();
    JsonNode r = JSON.readTree(HTTP.send(req, HttpResponse.BodyHandlers.ofString()).body());
    FILES_INDEXED.addAndGet(r.path("ok").asInt());
    return r;
  }

  private static JsonNode uploadMultipart(List<ScanFixtures.Fixture> files, String params) throws Exception {
    String boundary = "----groundedocr" + System.nanoTime();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (ScanFixtures.Fixture f : files) {
      body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + f.name()
          + "\"\r\nContent-Type: " + f.contentType() + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
      body.write(f.bytes());
      body.write("\r\n".getBytes(StandardCharsets.UTF_8));
    }
    body.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    FILES_SENT.addAndGet(files.size());
    HttpRequest req = HttpRequest.newBuilder(URI.create(baseUrl() + "/" + COLLECTION + "/update/scan?wt=json&" + params))
        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
        .build();
    HttpResponse<String> rsp = HTTP.send(req, HttpResponse.BodyHandlers.ofString());
    assertEquals(rsp.body(), 200, rsp.statusCode());
    JsonNode r = JSON.readTree(rsp.body());
    FILES_INDEXED.addAndGet(r.path("ok").asInt());
    return r;
  }

  private static JsonNode getJson(String url) throws IOException, InterruptedException {
    return JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body());
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static String shardName(String shardUrl) {
    // [shard] is the URL of the replica that answered; its core name holds the shard name
    int i = shardUrl.indexOf("_shard");
    return i < 0 ? shardUrl : shardUrl.substring(i + 1, shardUrl.indexOf('_', i + 1) < 0 ? shardUrl.length() : shardUrl.indexOf('_', i + 1));
  }

  private static Box scaled(Box b, double f) {
    return new Box((int) Math.round(b.x1() * f), (int) Math.round(b.y1() * f), (int) Math.round(b.x2() * f), (int) Math.round(b.y2() * f));
  }

  private static Box box(JsonNode a) {
    return new Box(a.get(0).asInt(), a.get(1).asInt(), a.get(2).asInt(), a.get(3).asInt());
  }

  /** Share of {@code inner}'s area inside {@code outer}. */
  private static double coverage(Box outer, Box inner) {
    long iw = Math.max(0, Math.min(outer.x2(), inner.x2()) - Math.max(outer.x1(), inner.x1()));
    long ih = Math.max(0, Math.min(outer.y2(), inner.y2()) - Math.max(outer.y1(), inner.y1()));
    return inner.area() == 0 ? 0 : (double) (iw * ih) / inner.area();
  }

  /**
   * The drawn line of {@code page} that holds the word {@code w} and lies where the word's box
   * {@code wbox} does: the box's middle within the line's height, and at least 0.7 of its width
   * over the line's (a word box is taller than its ink: detection pads it), or -1.
   */
  private static int lineHolding(List<ScanFixtures.Line> lines, int page, String w, Box wbox, double scale) {
    String word = normalise(w);
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).page() != page || word.isEmpty()) {
        continue;
      }
      boolean holds = false;
      for (String t : lines.get(i).text().split("\\s+")) {
        holds |= normalise(t).equals(word);
      }
      Box known = scaled(lines.get(i).box(), scale);
      double middle = (wbox.y1() + wbox.y2()) / 2.0;
      long over = Math.min(known.x2(), wbox.x2()) - Math.max(known.x1(), wbox.x1());
      if (holds && middle >= known.y1() && middle <= known.y2() && over >= 0.7 * wbox.width()) {
        return i;
      }
    }
    return -1;
  }

  /** The drawn line of {@code page} whose text is closest to {@code s} (similarity at least 0.8), or -1. */
  private static int bestMatch(List<ScanFixtures.Line> lines, int page, String s) {
    int best = -1;
    double bestSim = 0.8;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).page() != page) {
        continue;
      }
      double sim = similarity(normalise(lines.get(i).text()), normalise(s));
      if (sim >= bestSim) {
        bestSim = sim;
        best = i;
      }
    }
    return best;
  }

  private static String normalise(String s) {
    return s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
  }

  private static double similarity(String a, String b) {
    if (a.isEmpty() || b.isEmpty()) {
      return 0;
    }
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return 1.0 - (double) prev[b.length()] / Math.max(a.length(), b.length());
  }

  static List<String> unused() {
    return new ArrayList<>();
  }
}
