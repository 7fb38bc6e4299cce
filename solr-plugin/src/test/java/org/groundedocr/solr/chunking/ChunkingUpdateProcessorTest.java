package org.groundedocr.solr.chunking;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.solr.SolrTestCaseJ4;
import org.apache.solr.common.SolrDocument;
import org.apache.solr.common.SolrDocumentList;
import org.apache.solr.common.SolrException;
import org.apache.solr.common.SolrInputDocument;
import org.apache.solr.common.util.NamedList;
import org.apache.solr.client.solrj.embedded.EmbeddedSolrServer;
import org.apache.solr.common.params.ModifiableSolrParams;
import org.groundedocr.grounding.GroundedJson;
import org.groundedocr.model.Box;
import org.groundedocr.model.GroundedDocument;
import org.groundedocr.model.GroundedPage;
import org.groundedocr.model.PageStats;
import org.groundedocr.model.Region;
import org.groundedocr.model.TextLine;
import org.groundedocr.solr.GroundedOcrCore;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.Test;

/** The chunking processor in a real core with the project's configset. */
public class ChunkingUpdateProcessorTest extends SolrTestCaseJ4 {

  private static final ObjectMapper JSON = new ObjectMapper();

  @BeforeClass
  public static void beforeClass() throws Exception {
    // on disk: the test framework's RAM directory cannot hold the configset's update log
    System.setProperty("solr.directoryFactory", "org.apache.solr.core.MockFSDirectoryFactory");
    initCore("solrconfig.xml", "managed-schema.xml", GroundedOcrCore.solrHome(createTempDir()).toString());
  }

  @Before
  public void clean() {
    assertU(delQ("*:*"));
    assertU(commit());
  }

  static String sentences(String topic, int n) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      sb.append("The ").append(topic).append(" ledger entry ").append(i).append(" records a payment to the supplier. ");
    }
    return sb.toString().strip();
  }

  /**
   * Two pages: a title, paragraphs and a page number on page 1; a section with a captioned table
   * at the top of page 2 and a paragraph at its bottom.
   */
  static GroundedDocument report(int paragraphs) {
    List<Region> p1 = new ArrayList<>();
    p1.add(new Region("title", List.of(new Box(100, 80, 1500, 160)), "# Quarterly ledger"));
    int y = 200;
    for (int i = 0; i < paragraphs; i++) {
      p1.add(new Region("text", List.of(new Box(100, y, 1500, y + 150)), sentences("p" + i, 6),
          List.of(new TextLine(new Box(100, y, 1500, y + 40), "The p" + i + " ledger entry 0 records a payment to the supplier."))));
      y += 170;
    }
    p1.add(new Region("page_number", List.of(new Box(800, 2250, 850, 2290)), "1"));
    List<Region> p2 = new ArrayList<>();
    p2.add(new Region("sub_title", List.of(new Box(100, 20, 900, 55)), "## Payments"));
    p2.add(new Region("table_caption", List.of(new Box(100, 60, 900, 100)), "Table 1: Payments"));
    p2.add(new Region("table", List.of(new Box(100, 110, 1500, 600)),
        "<table><tr><td>Supplier</td><td>Amount</td></tr><tr><td>Acme</td><td>100</td></tr></table>"));
    p2.add(new Region("text", List.of(new Box(100, 1800, 1500, 1900)), "Closing remarks at the bottom of page two."));
    return new GroundedDocument("ledger.pdf", "test", List.of(
        new GroundedPage(1, 1654, 2339, p1, PageStats.of("test", "fast", 100)),
        new GroundedPage(2, 1654, 2339, p2, new PageStats("test", "fast", 0, 0, 50, false))));
  }

  static SolrInputDocument parent(String id, GroundedDocument d) {
    SolrInputDocument doc = new SolrInputDocument();
    doc.setField("id", id);
    doc.setField("source", "ledger.pdf");
    doc.setField("collection_s", "finance");
    doc.setField("grounded_json", GroundedJson.write(d, false));
    return doc;
  }

  SolrDocumentList search(String q, String... params) throws Exception {
    ModifiableSolrParams p = new ModifiableSolrParams();
    p.set("q", q);
    p.set("rows", 1000);
    p.set("fl", "*");
    p.set("sort", "id asc");
    for (int i = 0; i < params.length; i += 2) {
      p.set(params[i], params[i + 1]);
    }
    try (EmbeddedSolrServer server = new EmbeddedSolrServer(h.getCore())) {
      return server.query(p).getResults();
    }
  }

  @Test
  public void documentBecomesParentAndChunks() throws Exception {
    assertU(adoc(parent("doc1", report(4))));
    assertU(commit());

    SolrDocumentList parents = search("doc_type:document");
    assertEquals(1, parents.getNumFound());
    SolrDocument p = parents.get(0);
    assertEquals("doc1", p.getFieldValue("id"));
    assertEquals(2, p.getFieldValue("page_count"));
    assertEquals("Quarterly ledger", p.getFieldValue("title"));
    assertEquals("test", p.getFieldValue("ocr_engine"));
    assertEquals("fast", p.getFieldValue("ocr_mode"));
    assertEquals(150L, p.getFieldValue("ocr_millis"));
    assertEquals(List.of(2), p.getFieldValues("ocr_unfinished_pages"));
    assertTrue(((String) p.getFieldValue("chunker")).startsWith("bge-small-en-v15 target=256 max=500"));
    assertNotNull(p.getFieldValue("grounded_json"));
    int chunkCount = (Integer) p.getFieldValue("chunk_count");
    assertTrue(chunkCount >= 2);

    SolrDocumentList chunks = search("doc_type:chunk", "sort", "chunk_ordinal asc");
    assertEquals(chunkCount, chunks.getNumFound());
    for (int i = 0; i < chunks.size(); i++) {
      SolrDocument c = chunks.get(i);
      assertEquals("doc1!" + i, c.getFieldValue("id"));
      assertEquals("doc1", c.getFieldValue("parent_id"));
      assertEquals(i, c.getFieldValue("chunk_ordinal"));
      assertEquals("ledger.pdf", c.getFieldValue("source"));
      assertEquals("finance", c.getFieldValue("collection_s"));
      assertNull("parent-only field not inherited", c.getFieldValue("grounded_json"));
      String text = (String) c.getFieldValue("chunk_text");
      String retrieval = (String) c.getFieldValue("retrieval_text");
      assertTrue(retrieval.endsWith(text));
      JsonNode regions = JSON.readTree((String) c.getFieldValue("regions"));
      assertTrue(regions.size() > 0);
      for (JsonNode r : regions) {
        int s = r.get("start").asInt();
        int e = r.get("end").asInt();
        assertTrue(e <= text.length());
        assertEquals(4, r.get("bbox").size());
        assertTrue(c.getFieldValues("pages").contains(r.get("page").asInt()));
        for (JsonNode l : r.path("lines")) {
          assertEquals("The p" + text.substring(l.get("start").asInt(), l.get("end").asInt()).substring(5),
              text.substring(l.get("start").asInt(), l.get("end").asInt()));
          assertTrue(l.get("start").asInt() >= s && l.get("end").asInt() <= e);
        }
      }
      JsonNode sizes = JSON.readTree((String) c.getFieldValue("page_sizes"));
      assertEquals(1654, sizes.get(0).get("width").asInt());
      assertFalse(text.contains("\n1\n"));
    }
    SolrDocument last = chunks.get(chunks.size() - 1);
    assertEquals(List.of(2), last.getFieldValues("pages"));
    assertEquals(Boolean.TRUE, last.getFieldValue("ocr_unfinished"));
    assertEquals("# Quarterly ledger", last.getFieldValue("breadcrumbs"));
    assertTrue(last.getFieldValues("labels").containsAll(List.of("table_caption", "table")));
    assertEquals(List.of("1"), chunks.get(0).getFieldValues("printed_pages"));
  }

  @Test
  public void filtersByPageLabelAndArea() throws Exception {
    assertU(adoc(parent("doc2", report(2))));
    assertU(commit());
    SolrDocumentList tables = search("labels:table");
    assertEquals(1, tables.getNumFound());
    String tableChunk = (String) tables.get(0).getFieldValue("id");
    assertEquals(tableChunk, search("*:*", "fq", "{!pagearea page=2 box=0,0,1,0.3}").get(0).getFieldValue("id"));
    assertEquals(1, search("*:*", "fq", "{!pagearea page=2 box=0,0,1,0.3}").getNumFound());
    // the same area of page 1 holds the title and paragraphs, not the table
    SolrDocumentList page1Top = search("*:*", "fq", "{!pagearea page=1 box=0,0,1,0.3}");
    assertTrue(page1Top.getNumFound() >= 1);
    assertFalse(page1Top.stream().anyMatch(d -> d.getFieldValue("id").equals(tableChunk)));
    // in pixels of the page
    assertEquals(1, search("*:*", "fq", "{!pagearea page=2 box=0,0,1654,300 units=px width=1654 height=2339}").getNumFound());
    // nothing on page 3
    assertEquals(0, search("*:*", "fq", "{!pagearea page=3 box=0,0,1,1}").getNumFound());
    // within: the table chunk also holds the closing remarks at the bottom, so it is not within the top
    assertEquals(0, search("*:*", "fq", "{!pagearea page=2 box=0,0,1,0.3 op=within}").getNumFound());
    assertEquals(1, search("*:*", "fq", "{!pagearea page=2 box=0,0,1,1 op=within}").getNumFound());
    // raw syntax of the README: page 2 lies at x 2..3
    assertEquals(1, search("*:*", "fq", "region_area:\"Intersects(ENVELOPE(2, 3, 0.3, 0))\"").getNumFound());
    assertEquals(search("pages:2 AND doc_type:chunk").getNumFound(), search("*:*", "fq", "{!pagearea page=2 box=0,0,1,1}").getNumFound());
  }

  @Test
  public void reingestReplacesChunksAndDeleteCascades() throws Exception {
    assertU(adoc(parent("doc3", report(8))));
    assertU(commit());
    long before = search("parent_id:doc3").getNumFound();
    assertTrue(before > 2);
    assertU(adoc(parent("doc3", report(1))));
    assertU(commit());
    SolrDocumentList after = search("parent_id:doc3");
    assertTrue(after.getNumFound() < before);
    assertEquals(after.getNumFound(), ((Integer) search("id:doc3").get(0).getFieldValue("chunk_count")).longValue());
    assertU(delI("doc3"));
    assertU(commit());
    assertEquals(0, search("parent_id:doc3").getNumFound());
    assertEquals(0, search("id:doc3").getNumFound());
  }

  @Test
  public void compositeParentIdsGetHashChunkIds() throws Exception {
    assertU(adoc(parent("tenant!doc4", report(1))));
    assertU(commit());
    assertEquals(1, search("id:tenant\\!doc4#0").getNumFound());
  }

  @Test
  public void documentsWithoutGroundedJsonPassThrough() throws Exception {
    assertU(adoc("id", "plain", "doc_type", "note", "title", "a note"));
    assertU(commit());
    assertEquals(1, search("*:*").getNumFound());
  }

  @Test
  public void badGroundedJsonIsABadRequestNamingTheField() {
    SolrException e =
        expectThrows(SolrException.class, () -> h.update(adoc("id", "bad", "grounded_json", "{not json")));
    assertEquals(400, e.code());
    assertTrue(e.getMessage(), e.getMessage().contains("grounded_json of document bad"));
  }

  @Test
  public void countsDocumentsAndChunksInTheCoreMetrics() throws Exception {
    var metrics = h.getCore().getSolrMetricsContext().getMetricRegistry().getCounters();
    long docs = metrics.get("UPDATE.groundedocr.chunking.documents").getCount();
    long chunks = metrics.get("UPDATE.groundedocr.chunking.chunks").getCount();
    assertU(adoc(parent("doc5", report(2))));
    assertU(commit());
    assertEquals(docs + 1, metrics.get("UPDATE.groundedocr.chunking.documents").getCount());
    assertEquals(chunks + search("parent_id:doc5").getNumFound(), metrics.get("UPDATE.groundedocr.chunking.chunks").getCount());
  }

  @Test
  public void initArgumentsAreValidatedNamingTheParameter() {
    SolrException e = expectThrows(SolrException.class, () -> factoryWith("targetTokens", "ten"));
    assertTrue(e.getMessage(), e.getMessage().contains("targetTokens"));
    e = expectThrows(SolrException.class, () -> factoryWith("maxTokens", "20"));
    assertTrue(e.getMessage(), e.getMessage().contains("maxTokens"));
    e = expectThrows(SolrException.class, () -> factoryWith("groundedJsonField", " "));
    assertTrue(e.getMessage(), e.getMessage().contains("groundedJsonField"));
  }

  private static void factoryWith(String name, String value) {
    NamedList<Object> args = new NamedList<>();
    args.add(name, value);
    new ChunkingUpdateProcessorFactory().init(args);
  }

  @Test
  public void inheritGlobs() {
    var p = ChunkingUpdateProcessorFactory.inheritPredicate(List.of("source", "*_s"), "grounded_json");
    assertTrue(p.test("source"));
    assertTrue(p.test("collection_s"));
    assertFalse(p.test("collection_ss"));
    assertFalse(p.test("grounded_json"));
    assertFalse(p.test("id"));
    assertEquals(Map.of(), Map.of());
  }
}
