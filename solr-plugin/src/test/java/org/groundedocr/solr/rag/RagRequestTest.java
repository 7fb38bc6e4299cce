package org.groundedocr.solr.rag;

import java.util.List;
import java.util.Map;
import org.apache.solr.SolrTestCase;
import org.apache.solr.common.SolrException;
import org.apache.solr.common.params.ModifiableSolrParams;
import org.junit.Test;

public class RagRequestTest extends SolrTestCase {

  private static ModifiableSolrParams params(String... kv) {
    ModifiableSolrParams p = new ModifiableSolrParams();
    for (int i = 0; i < kv.length; i += 2) {
      p.add(kv[i], kv[i + 1]);
    }
    return p;
  }

  @Test
  public void parametersAndJsonBodyAgreeAndTheBodyWins() {
    RagRequest fromParams = RagRequest.from(
        params("q", "what is due", "k", "3", "mode", "lexical", "label", "table,text", "page", "2-4",
            "document", "a", "document", "b", "area", "page=1 box=0,0,1,0.5", "fq", "source:x,y", "expand", "1"), null);
    assertEquals("what is due", fromParams.question());
    assertEquals(3, fromParams.k());
    assertEquals(50, fromParams.candidates());
    assertEquals(RagRequest.Mode.LEXICAL, fromParams.mode());
    assertEquals(List.of("table", "text"), fromParams.labels());
    assertEquals(List.of("2-4"), fromParams.pages());
    assertEquals(List.of("a", "b"), fromParams.documents());
    assertEquals("page=1 box=0,0,1,0.5", fromParams.area());
    assertEquals("a filter query keeps its commas", List.of("source:x,y"), fromParams.filterQueries());
    assertEquals(1, fromParams.expand());

    RagRequest fromBody = RagRequest.from(params("question", "ignored", "k", "3"), Map.of(
        "question", "what is due", "k", 7, "rrfK", 10, "vectorWeight", 2.5,
        "filters", Map.of("label", List.of("table"), "area", Map.of("page", 2, "box", List.of(0, 0.5, 1, 1), "op", "within"))));
    assertEquals("what is due", fromBody.question());
    assertEquals(7, fromBody.k());
    assertEquals(10, fromBody.rrfK());
    assertEquals(2.5, fromBody.vectorWeight(), 0);
    assertEquals(RagRequest.Mode.HYBRID, fromBody.mode());
    assertEquals("page=2 box=0,0.5,1,1 op=within", fromBody.area());
  }

  @Test
  public void badValuesNameTheirParameter() {
    assertBad(params(), "question is required");
    assertBad(params("q", "x", "k", "1000"), "k must be between 1 and 100");
    assertBad(params("q", "x", "k", "five"), "k must be an integer");
    assertBad(params("q", "x", "candidates", "0"), "candidates must be between");
    assertBad(params("q", "x", "lexicalWeight", "-1"), "lexicalWeight");
    assertBad(params("q", "x", "page", "3,x"), "page must be");
    assertBad(params("q", "x", "expand", "99"), "expand must be between");
    assertBad(params("q", "x", "area", "box=0,0,1,1"), "area needs page and box");
    assertBad(params("q", "x", "area", "page=1 box=0,0,1,1}{!x"), "bad value for box");
  }

  private static void assertBad(ModifiableSolrParams p, String message) {
    SolrException e = expectThrows(SolrException.class, () -> RagRequest.from(p, null));
    assertEquals(400, e.code());
    assertTrue(e.getMessage(), e.getMessage().contains(message));
  }

  @Test
  public void aQuestionIsTextNotQuerySyntax() {
    assertEquals("title\\:\\(x\\) and y or not \\-z\\? \\\"a b\\\"\\* c\\/d",
        RagRequestHandler.asText("title:(x) AND y OR NOT -z? \"a b\"* c/d"));
  }
}
