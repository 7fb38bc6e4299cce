package org.groundedocr.solr.iiif;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.solr.SolrTestCaseJ4;
import org.apache.solr.client.solrj.request.CollectionAdminRequest;
import org.apache.solr.client.solrj.request.ContentStreamUpdateRequest;
import org.apache.solr.cloud.SolrCloudTestCase;
import org.apache.solr.common.util.ContentStreamBase;
import org.apache.solr.common.util.NamedList;
import org.groundedocr.format.OcrFormat;
import org.groundedocr.model.Box;
import org.groundedocr.model.GroundedDocument;
import org.groundedocr.model.GroundedPage;
import org.groundedocr.model.PageStats;
import org.groundedocr.model.Region;
import org.groundedocr.model.RegionLabels;
import org.groundedocr.model.TextLine;
import org.groundedocr.model.Word;
import org.groundedocr.solr.GroundedOcrCore;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Content Search over many hits, on 2 shards: results come in bounded pages linked by
 * {@code partOf}/{@code next}/{@code prev} that together hold every hit once, in reading order;
 * autocomplete proposes the document's own words. Chunks are made small (a system property of
 * the configset) so that a 30-page document has more chunks than one result page holds.
 */
@SolrTestCaseJ4.SuppressSSL
public class IiifSearchPagingCloudTest extends SolrCloudTestCase {

  private static final String COLLECTION = "paged";
  private static final int PAGES = 30;
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();

  @BeforeClass
  public static void setupCluster() throws Exception {
    System.setProperty("groundedocr.chunking.targetTokens", "16");
    System.setProperty("groundedocr.chunking.maxTokens", "40");
    configureCluster(1).addConfig("grounded-ocr", GroundedOcrCore.configsetConf()).configure();
    CollectionAdminRequest.createCollection(COLLECTION, "grounded-ocr", 2, 1).process(cluster.getSolrClient());
    cluster.waitForActiveCollection(COLLECTION, 2, 2);
    ingest("logbook", logbook("lighthouse"));
    ingest("other", logbook("lightship"));
  }

  @AfterClass
  public static void clearProperties() {
    System.clearProperty("groundedocr.chunking.targetTokens");
    System.clearProperty("groundedocr.chunking.maxTokens");
  }

  /** {@code PAGES} pages, each a heading and a line naming {@code word} once. */
  private static GroundedDocument logbook(String word) {
    List<GroundedPage> pages = new ArrayList<>();
    for (int p = 1; p <= PAGES; p++) {
      TextLine head = new TextLine(new Box(40, 40, 400, 80), "Logbook entry " + p,
          List.of(new Word(new Box(40, 40, 200, 80), "Logbook"), new Word(new Box(210, 40, 300, 80), "entry"),
              new Word(new Box(310, 40, 400, 80), Integer.toString(p))));
      TextLine line = new TextLine(new Box(40, 120, 560, 160), "the " + word + " keeper wrote at dawn",
          List.of(new Word(new Box(40, 120, 90, 160), "the"), new Word(new Box(100, 120, 250, 160), word),
              new Word(new Box(260, 120, 350, 160), "keeper"), new Word(new Box(360, 120, 450, 160), "wrote"),
              new Word(new Box(460, 120, 490, 160), "at"), new Word(new Box(500, 120, 560, 160), "dawn")));
      pages.add(new GroundedPage(p, 600, 800, List.of(
          new Region(RegionLabels.SUB_TITLE, List.of(head.bbox()), head.text(), List.of(head)),
          new Region(RegionLabels.TEXT, List.of(line.bbox()), line.text(), List.of(line))),
          new PageStats("", "", 0, 0, 0, true)));
    }
    return new GroundedDocument("logbook.tif", "t", pages);
  }

  private static void ingest(String id, GroundedDocument doc) throws Exception {
    ContentStreamUpdateRequest up = new ContentStreamUpdateRequest("/update/scan");
    up.addContentStream(new ContentStreamBase.ByteArrayStream(
        OcrFormat.ALTO.toString(doc).getBytes(StandardCharsets.UTF_8), id + ".xml", "application/xml"));
    up.setParam("id", id);
    up.setParam("commit", "true");
    NamedList<Object> rsp = cluster.getSolrClient().request(up, COLLECTION);
    assertEquals(rsp.toString(), 1, ((Number) rsp.get("ok")).intValue());
  }

  private static HttpResponse<String> get(String url) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode fetchJson(String url) throws Exception {
    HttpResponse<String> rsp = get(url);
    assertEquals(rsp.body(), 200, rsp.statusCode());
    return JSON.readTree(rsp.body());
  }

  private static String base() {
    return cluster.getJettySolrRunner(0).getBaseUrl().toString() + "/" + COLLECTION;
  }

  @Test
  public void manyHitsComeInLinkedPagesThatHoldEveryHitOnceInReadingOrder() throws Exception {
    String first = base() + "/iiif/logbook/search?q=lighthouse";
    JsonNode page = fetchJson(first);
    assertEquals(first, page.path("partOf").path("first").path("id").asText());
    assertEquals("AnnotationCollection", page.path("partOf").path("type").asText());
    assertTrue(page.toString(), page.path("prev").isMissingNode());
    assertTrue("more chunks than one page holds: " + page.path("items").size(), page.path("next").isTextual()
        || page.path("next").path("id").isTextual());
    String last = page.path("partOf").path("last").path("id").asText();

    List<Integer> canvases = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    String url = first;
    String previous = null;
    int pages = 0;
    while (url != null) {
      page = fetchJson(url);
      pages++;
      assertTrue(page.toString(), page.path("items").size() <= ContentSearch.CHUNKS_PER_PAGE * ContentSearch.PASSAGES_PER_CHUNK);
      if (previous != null) {
        assertEquals(previous, page.path("prev").path("id").asText());
      }
      for (JsonNode a : page.path("items")) {
        assertTrue(a.toString(), ids.add(a.path("id").asText()));
        assertEquals("lighthouse", a.path("body").path("value").asText());
        String target = a.path("target").asText();
        canvases.add(Integer.parseInt(target.replaceAll(".*/canvas/p(\\d+)#xywh=.*", "$1")));
        assertTrue(target, target.endsWith("#xywh=100,120,150,40"));
      }
      previous = url;
      JsonNode next = page.path("next").path("id");
      url = next.isMissingNode() ? null : next.asText();
    }
    assertEquals(last, previous);
    assertTrue("paged: " + pages, pages >= 2);
    List<Integer> expected = new ArrayList<>();
    for (int p = 1; p <= PAGES; p++) {
      expected.add(p);
    }
    assertEquals(expected, canvases);

    // the collection search pages too, and reaches the other document's word only when asked
    JsonNode all = fetchJson(base() + "/iiif/search?q=lightship");
    assertTrue(all.toString(), all.path("next").path("id").asText().endsWith("/iiif/search?q=lightship&page=1"));
  }

  @Test
  public void contentSearchOnePagesWithNextAndWithin() throws Exception {
    JsonNode one = fetchJson(base() + "/iiif/logbook/search1?q=lighthouse");
    assertEquals(base() + "/iiif/logbook/search1?q=lighthouse&page=1", one.path("next").asText());
    assertEquals(base() + "/iiif/logbook/search1?q=lighthouse", one.path("within").path("first").asText());
    JsonNode second = fetchJson(one.path("next").asText());
    assertEquals(base() + "/iiif/logbook/search1?q=lighthouse", second.path("prev").asText());
  }

  @Test
  public void aPageOutsideTheBoundsIsRefused() throws Exception {
    assertEquals(400, get(base() + "/iiif/logbook/search?q=lighthouse&page=-1").statusCode());
    assertEquals(400, get(base() + "/iiif/logbook/search?q=lighthouse&page=" + (IiifPresentationRequestHandler.MAX_PAGE + 1)).statusCode());
    assertEquals(400, get(base() + "/iiif/logbook/search?q=lighthouse&page=two").statusCode());
    // past the last page: an empty page that links back
    JsonNode beyond = fetchJson(base() + "/iiif/logbook/search?q=lighthouse&page=50");
    assertEquals(0, beyond.path("items").size());
    assertTrue(beyond.toString(), beyond.path("next").isMissingNode());
  }

  @Test
  public void autocompleteProposesTheDocumentsOwnWords() throws Exception {
    JsonNode m = fetchJson(base() + "/iiif/logbook/manifest");
    String service = m.path("service").path(0).path("service").path(0).path("id").asText();
    assertEquals(base() + "/iiif/logbook/autocomplete", service);
    assertEquals("AutoCompleteService2", m.path("service").path(0).path("service").path(0).path("type").asText());

    JsonNode terms = fetchJson(service + "?q=Ligh");
    assertEquals("TermPage", terms.path("type").asText());
    assertEquals(terms.toString(), 1, terms.path("items").size());
    JsonNode t = terms.path("items").path(0);
    assertEquals("lighthouse", t.path("value").asText());
    assertEquals(base() + "/iiif/logbook/search?q=lighthouse", t.path("service").path(0).path("id").asText());

    JsonNode both = fetchJson(base() + "/iiif/autocomplete?q=ligh");
    Set<String> values = new HashSet<>();
    both.path("items").forEach(i -> values.add(i.path("value").asText()));
    assertEquals(Set.of("lighthouse", "lightship"), values);
    assertEquals(0, fetchJson(service + "?q=li").path("items").size());
  }
}
