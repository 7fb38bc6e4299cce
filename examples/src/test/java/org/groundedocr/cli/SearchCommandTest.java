package org.groundedocr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SearchCommandTest {

  /** A /select response with hl.regions=true, as the region highlighter writes it. */
  static final String RESPONSE = """
      {"responseHeader": {"QTime": 12},
       "response": {"numFound": 1, "docs": [
         {"id": "d1!0", "parent_id": "d1", "source": "report.pdf", "pages": [1, 2],
          "labels": ["text", "table"], "score": 2.5}]},
       "ocrHighlighting": {"d1!0": {"chunk_text": {"numTotal": 1, "snippets": [
         {"text": "rose <em>sharply in</em> May", "score": 1.0,
          "pages": [{"id": "page_2", "number": 2, "width": 1000, "height": 1400,
                     "image": "/solr/scans/page?doc=d1&page=2"}],
          "regions": [{"ulx": 100, "uly": 200, "lrx": 900, "lry": 400, "pageIdx": 0, "page": 2,
                       "region": 3, "label": "text", "text": "rose <em>sharply in</em> May"}],
          "highlights": [[
            {"text": "sharply", "ulx": 700, "uly": 200, "lrx": 890, "lry": 240, "parentRegionIdx": 0, "line": true},
            {"text": "in", "ulx": 100, "uly": 250, "lrx": 130, "lry": 290, "parentRegionIdx": 0, "line": true}]]}]}}}}
      """;

  @Test
  void parsesHitsWithTheirRegionsAndBoxes() throws Exception {
    SearchClient.Result r = new SearchClient("http://h:8983/solr", "scans").parse(new ObjectMapper().readTree(RESPONSE));
    assertEquals(1, r.numFound());
    SearchClient.Hit hit = r.hits().get(0);
    assertEquals("d1", hit.document());
    assertEquals(2, hit.regions().get(0).page());
    assertEquals(2, hit.highlights().get(0).size());
    assertEquals(2, hit.highlights().get(0).get(1).page());
    assertEquals(130.0, hit.highlights().get(0).get(1).box()[2]);

    StringWriter text = new StringWriter();
    SearchCommand.print(new PrintWriter(text, true), r, "http://h:8983/solr");
    String out = text.toString();
    assertTrue(out.contains("1. report.pdf — pages 1–2  [text, table]  score 2.50"), out);
    assertTrue(out.contains("region 0: page 2, text #3 at [100, 200, 900, 400]"), out);
    assertTrue(out.contains("match \"sharply\": page 2, [700, 200, 890, 240] in region 0"), out);
    assertTrue(out.contains("page image: http://h:8983/solr/scans/page?doc=d1&page=2"), out);

    JsonNode json = new ObjectMapper().readTree(SearchCommand.toJson(r, "http://h:8983/solr"));
    JsonNode box = json.path("hits").path(0).path("highlights").path(0).path(0);
    assertEquals("sharply", box.path("text").asText());
    assertEquals(890, box.path("box").path(2).asInt());
    assertEquals("http://h:8983/solr/scans/page?doc=d1&page=2", json.path("hits").path(0).path("images").path(0).asText());
  }

  @Test
  void requestCarriesTheFilters() {
    SearchClient client = new SearchClient("http://h:8983/solr/", "scans");
    String url = URLDecoder.decode(client.selectUrl(new SearchClient.Query("a \"b c\"", "table", 3, "0,0,1,0.5",
        5, "relative", "<em>", "</em>")), StandardCharsets.UTF_8);
    assertTrue(url.startsWith("http://h:8983/solr/scans/select?"), url);
    assertTrue(url.contains("fq=labels:\"table\""), url);
    assertTrue(url.contains("fq=pages:3"), url);
    assertTrue(url.contains("fq={!pagearea page=3 box=0,0,1,0.5}"), url);
    assertTrue(url.contains("hl.regions=true"), url);
    assertTrue(url.contains("hl.regions.coords=relative"), url);
    assertThrows(IllegalArgumentException.class,
        () -> new SearchClient.Query("x", null, null, "0,0,1,1", 5, "absolute", "", ""));
  }

  @Test
  void formatsPixelsAsIntegersAndFractionsWithFourDecimals() {
    assertEquals("[1, 2, 3, 4]", SearchClient.format(new double[] {1, 2, 3, 4}));
    assertEquals("[0.1235, 0, 1, 0.5000]", SearchClient.format(new double[] {0.12345, 0, 1, 0.5}));
  }
}
