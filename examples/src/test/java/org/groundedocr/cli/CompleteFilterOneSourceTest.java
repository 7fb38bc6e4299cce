package org.groundedocr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.groundedocr.solr.chunking.DocumentGeneration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The filter that keeps searches to complete documents lives once, in {@link DocumentGeneration}:
 * {@code search} and IIIF use the constant, {@code /rag} is switched on by a boolean in the
 * configset, and the viewer reads it from {@code viewer/config.json}. A copy of it pasted back
 * into the configset or the viewer's script would drift apart from the original: this test fails.
 */
class CompleteFilterOneSourceTest {

  @TempDir Path dir;

  /** Words of the filter that any copy of it would contain. */
  private static final String[] FILTER_WORDS = {DocumentGeneration.KEY_FIELD, DocumentGeneration.PARENT_KEY_FIELD, "{!join"};

  @Test
  void theViewerAsksTheServerForTheFilter() throws Exception {
    assertEquals(DocumentGeneration.COMPLETE_FILTER,
        new ObjectMapper().readTree(ViewerServlet.config()).path("completeFilter").asText());
    String js;
    try (InputStream in = ViewerServlet.class.getResourceAsStream("/viewer/viewer.js")) {
      js = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertTrue(js.contains("\"" + ViewerServlet.CONFIG + "\""), "viewer.js loads " + ViewerServlet.CONFIG);
    assertTrue(js.contains("settings.completeFilter"), "viewer.js sends the server's filter");
    for (String w : FILTER_WORDS) {
      assertFalse(js.contains(w), "viewer.js keeps a copy of the complete-documents filter (" + w + ")");
    }
  }

  @Test
  void theConfigsetSwitchesTheFilterOnWithoutACopy() throws Exception {
    String solrconfig = Files.readString(Configsets.extract(dir).resolve("solrconfig.xml"));
    assertTrue(solrconfig.contains("<bool name=\"completeDocumentsOnly\">true</bool>"), "/rag keeps to complete documents");
    for (String w : FILTER_WORDS) {
      assertFalse(solrconfig.contains(w), "solrconfig.xml keeps a copy of the complete-documents filter (" + w + ")");
    }
    assertEquals(DocumentGeneration.COMPLETE_FILTER, SearchClient.COMPLETE_DOCUMENTS);
  }
}
