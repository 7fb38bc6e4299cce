package org.groundedocr.solr.highlight;

import java.awt.Font;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.solr.client.solrj.SolrQuery;
import org.apache.solr.client.solrj.request.CollectionAdminRequest;
import org.apache.solr.client.solrj.request.UpdateRequest;
import org.apache.solr.client.solrj.response.QueryResponse;
import org.apache.solr.cloud.SolrCloudTestCase;
import org.apache.solr.common.SolrDocument;
import org.apache.solr.common.cloud.Replica;
import org.apache.solr.common.util.NamedList;
import org.groundedocr.model.Box;
import org.junit.BeforeClass;
import org.junit.Test;

/** The region highlighter in SolrCloud: a collection of 2 shards, hits from both. */
public class RegionHighlightDistributedTest extends SolrCloudTestCase {

  private static final String COLLECTION = "scans";
  private static final Map<String, RenderedChunk> CHUNKS = new HashMap<>();

  @BeforeClass
  public static void setupCluster() throws Exception {
    Path conf = HighlightTestConfig.writeConf(createTempDir("conf"));
    configureCluster(2).addConfig("hl", conf).configure();
    CollectionAdminRequest.createCollection(COLLECTION, "hl", 2, 1)
        .process(cluster.getSolrClient());
    cluster.waitForActiveCollection(COLLECTION, 2, 2);
    Font font = new Font(Font.SERIF, Font.PLAIN, 24);
    UpdateRequest update = new UpdateRequest();
    for (int d = 0; d < 8; d++) {
      for (int c = 0; c < 2; c++) {
        String parent = "doc" + d;
        RenderedChunk chunk = new RenderedChunk(parent + "!" + c, parent, font)
            .page(c + 1, 1200, 1600)
            .region(c + 1, "text", "Item " + d + " of the ledger records cargo unloaded in the"
                + " harbour of Antwerp by the crew of the schooner number " + (d * 10 + c), 600, true);
        CHUNKS.put(chunk.id, chunk);
        update.add(chunk.toDocument());
      }
    }
    update.commit(cluster.getSolrClient(), COLLECTION);
  }

  private static QueryResponse query(String... params) throws Exception {
    SolrQuery q = new SolrQuery();
    for (int i = 0; i < params.length; i += 2) {
      q.set(params[i], params[i + 1]);
    }
    q.set("hl.regions", true);
    return cluster.getSolrClient().query(COLLECTION, q);
  }

  /** Every hit has its highlights, in hit order; the first box covers {@code words} (one line). */
  private static void assertHighlightsFollowTheHits(QueryResponse rsp, String... words) {
    NamedList<?> hl = (NamedList<?>) rsp.getResponse().get("ocrHighlighting");
    assertNotNull("no ocrHighlighting in " + rsp, hl);
    List<String> ids = new ArrayList<>();
    for (SolrDocument d : rsp.getResults()) {
      ids.add((String) d.getFieldValue("id"));
    }
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < hl.size(); i++) {
      keys.add(hl.getName(i));
    }
    assertEquals("highlights in hit order", ids, keys);
    for (String id : ids) {
      NamedList<?> field = (NamedList<?>) ((NamedList<?>) hl.get(id)).get("chunk_text");
      List<?> snippets = (List<?>) field.get("snippets");
      NamedList<?> snippet = (NamedList<?>) snippets.get(0);
      List<?> highlights = (List<?>) snippet.get("highlights");
      NamedList<?> b = (NamedList<?>) ((List<?>) highlights.get(0)).get(0);
      Box got = new Box((Integer) b.get("ulx"), (Integer) b.get("uly"), (Integer) b.get("lrx"),
          (Integer) b.get("lry"));
      Box truth = CHUNKS.get(id).word(words[0], 0).box();
      for (String w : words) {
        truth = truth.union(CHUNKS.get(id).word(w, 0).box());
      }
      assertTrue(id + ": " + got + " vs " + truth + " in " + snippet, got.iou(truth) >= 0.5);
      NamedList<?> page = (NamedList<?>) ((List<?>) snippet.get("pages")).get(0);
      String parent = id.substring(0, id.indexOf('!'));
      assertEquals("/solr/" + COLLECTION + "/page?doc=" + parent + "&page=" + page.get("number"),
          page.get("image"));
    }
  }

  @Test
  public void hitsFromBothShardsCarryTheirHighlightsInOrder() throws Exception {
    Set<String> shardsWithHits = new HashSet<>();
    for (Replica r : getCollectionState(COLLECTION).getReplicas()) {
      try (var client = getHttpSolrClient(r.getBaseUrl() + "/" + r.getCoreName())) {
        SolrQuery q = new SolrQuery("harbour").setParam("distrib", "false");
        if (client.query(q).getResults().getNumFound() > 0) {
          shardsWithHits.add(r.getShard());
        }
      }
    }
    assertEquals("test data must live on both shards", 2, shardsWithHits.size());

    QueryResponse rsp = query("q", "harbour", "sort", "id asc", "rows", "16", "fl", "id");
    assertEquals(16, rsp.getResults().size());
    assertHighlightsFollowTheHits(rsp, "harbour");

    // score order, a page of the results, and the single-pass distributed mode
    assertHighlightsFollowTheHits(query("q", "schooner Antwerp", "rows", "5", "start", "3"), "Antwerp");
    assertHighlightsFollowTheHits(
        query("q", "\"cargo unloaded\"", "rows", "10", "distrib.singlePass", "true"),
        "cargo", "unloaded");
  }

  @Test
  public void standardHighlightingAlongsideStillWorks() throws Exception {
    QueryResponse rsp = query("q", "ledger", "rows", "4", "hl", "true", "hl.fl", "chunk_text");
    assertNotNull(rsp.getHighlighting());
    assertEquals(4, rsp.getHighlighting().size());
    assertHighlightsFollowTheHits(rsp, "ledger");
  }

  @Test
  public void noHighlightsRequestedNoneReturned() throws Exception {
    SolrQuery q = new SolrQuery("harbour");
    QueryResponse rsp = cluster.getSolrClient().query(COLLECTION, q);
    assertNull(rsp.getResponse().get("ocrHighlighting"));
  }
}
