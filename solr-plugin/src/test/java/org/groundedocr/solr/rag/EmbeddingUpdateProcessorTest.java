package org.groundedocr.solr.rag;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.solr.SolrTestCaseJ4;
import org.apache.solr.common.SolrException;
import org.apache.solr.common.util.NamedList;
import org.apache.solr.core.SolrCore;
import org.groundedocr.embed.SentenceEmbedder;
import org.junit.BeforeClass;
import org.junit.Test;

/** The embedding processor in one core: vectors, batching, order, failures, schema checks. */
public class EmbeddingUpdateProcessorTest extends SolrTestCaseJ4 {

  private static final ObjectMapper JSON = new ObjectMapper();

  @BeforeClass
  public static void beforeClass() throws Exception {
    // a real model directory with a wrong token limit: texts over 512 tokens fail in ONNX Runtime
    Path overlong = createTempDir("overlong-model");
    copy("/bge-small-en-v1.5-q.onnx", overlong.resolve("model.onnx"));
    copy("/bge-small-en-v1.5-q-tokenizer.json", overlong.resolve("tokenizer.json"));
    Files.writeString(overlong.resolve("embedding.json"), "{\"pooling\": \"cls\", \"maxLength\": 1024}");
    System.setProperty("groundedocr.test.overlongModel", overlong.toString());
    initCore("solrconfig-embedding.xml", "schema.xml", getFile("rag").getAbsolutePath());
  }

  private static void copy(String resource, Path target) throws Exception {
    try (InputStream in = SentenceEmbedder.class.getResourceAsStream(resource)) {
      Files.copy(in, target);
    }
  }

  @Override
  public void setUp() throws Exception {
    super.setUp();
    clearIndex();
    assertU(commit());
  }

  private static String document(String id, int chunks) {
    return "{\"id\": \"" + id + "\", \"doc_type\": \"document\", \"title\": \"Doc " + id + "\", \"chunk_count\": " + chunks + "}";
  }

  private static String chunk(String parent, int ordinal, String text) throws Exception {
    return JSON.writeValueAsString(Map.of(
        "id", parent + "!" + ordinal, "doc_type", "chunk", "parent_id", parent,
        "chunk_ordinal", ordinal, "chunk_text", text, "retrieval_text", text));
  }

  private static JsonNode get(String id) throws Exception {
    String rsp = JQ(req("q", "{!term f=id}" + id, "fl", "*", "wt", "json"));
    JsonNode docs = JSON.readTree(rsp).path("response").path("docs");
    return docs.size() == 0 ? null : docs.get(0);
  }

  private static double cosine(JsonNode vector, float[] expected) {
    double dot = 0;
    double a = 0;
    double b = 0;
    for (int i = 0; i < expected.length; i++) {
      double x = vector.get(i).asDouble();
      dot += x * expected[i];
      a += x * x;
      b += (double) expected[i] * expected[i];
    }
    return dot / Math.sqrt(a * b);
  }

  private static SentenceEmbedder embedder() {
    SolrCore core = h.getCore();
    return ((EmbeddingUpdateProcessorFactory) core.getUpdateProcessingChain("grounded-ocr").getProcessors().get(0)).embedder();
  }

  @Test
  public void everyChunkGetsTheVectorOfItsRetrievalTextAndDocumentsPassThrough() throws Exception {
    String text0 = "Revenue grew by twelve percent compared with the previous year.";
    String text1 = "Operators must wear protective gloves when handling the reagent.";
    String rsp = updateJ("[" + document("P", 2) + "," + chunk("P", 0, text0) + "," + chunk("P", 1, text1) + "]", null);
    assertEquals(2, JSON.readTree(rsp).path("embedding").path("embedded").asInt());
    assertU(commit());

    JsonNode c0 = get("P!0");
    assertEquals(384, c0.path("chunk_vector").size());
    float[][] expected = embedder().embedPassages(List.of(text0, text1));
    assertTrue(cosine(c0.path("chunk_vector"), expected[0]) > 0.99);
    assertTrue(cosine(get("P!1").path("chunk_vector"), expected[1]) > 0.99);
    assertTrue("the gloves chunk is not the revenue chunk", cosine(c0.path("chunk_vector"), expected[1]) < 0.8);
    assertTrue("a document is not a chunk", get("P").path("chunk_vector").isMissingNode());
  }

  @Test
  public void chunksWithoutADocumentAreBatchedAndKeepTheRequestOrder() throws Exception {
    StringBuilder batch = new StringBuilder("[");
    for (int i = 0; i < 20; i++) {
      batch.append(i > 0 ? "," : "").append(chunk("loose", i, "Loose chunk number " + i + " about topic " + (i % 3)));
    }
    // the same id again, as a plain document: it came last, so it must win
    batch.append(",{\"id\": \"loose!19\", \"doc_type\": \"note\"}");
    batch.append("]");
    String rsp = updateJ(batch.toString(), null);
    assertEquals(20, JSON.readTree(rsp).path("embedding").path("embedded").asInt());
    assertU(commit());
    for (int i = 0; i < 19; i++) {
      assertEquals("loose!" + i, 384, get("loose!" + i).path("chunk_vector").size());
    }
    JsonNode last = get("loose!19");
    assertEquals("note", last.path("doc_type").asText());
    assertTrue(last.path("chunk_vector").isMissingNode());
  }

  @Test
  public void aDocumentWhoseChunkCannotBeEmbeddedIsLeftOutWholeAndNamed() throws Exception {
    String longText = "Operators must wear protective gloves when handling the reagent. ".repeat(60);
    String request = "[" + document("Q", 1) + "," + chunk("Q", 0, "A short chunk that embeds fine.")
        + "," + document("P", 2) + "," + chunk("P", 0, "Another short chunk.") + "," + chunk("P", 1, longText) + "]";
    SolrException e = expectThrows(SolrException.class, () -> updateJ(request, params("update.chain", "overlong")));
    assertTrue(e.getMessage(), e.getMessage().contains("[P]"));
    assertTrue(e.getMessage(), e.getMessage().contains("P!1"));
    assertEquals(500, e.code());
    assertU(commit());
    assertNull("the failed document is not indexed", get("P"));
    assertNull("nor any of its chunks", get("P!0"));
    assertNull(get("P!1"));
    assertEquals("the document before it is indexed", 384, get("Q!0").path("chunk_vector").size());
    assertNotNull(get("Q"));
  }

  @Test
  public void blankChunksAreListedOrRejected() throws Exception {
    String rsp = updateJ("[" + chunk("B", 0, "Some text.") + "," + chunk("B", 1, "   ") + "]", null);
    JsonNode report = JSON.readTree(rsp).path("embedding");
    assertEquals(1, report.path("embedded").asInt());
    assertEquals("B!1", report.path("blank").get(0).asText());
    assertU(commit());
    assertTrue(get("B!1").path("chunk_vector").isMissingNode());

    SolrException e = expectThrows(
        SolrException.class,
        () -> updateJ("[" + chunk("C", 0, "") + "]", params("update.chain", "blank-is-error")));
    assertEquals(400, e.code());
    assertTrue(e.getMessage(), e.getMessage().contains("C!0"));
  }

  @Test
  public void anAtomicUpdateThatSetsTheTextReEmbedsIt() throws Exception {
    updateJ("[" + chunk("A", 0, "The cat sat on the mat.") + "]", null);
    assertU(commit());
    String newText = "Revenue grew by twelve percent compared with the previous year.";
    updateJ("[{\"id\": \"A!0\", \"retrieval_text\": {\"set\": \"" + newText + "\"}}]", null);
    assertU(commit());
    JsonNode doc = get("A!0");
    assertEquals(newText, doc.path("retrieval_text").asText());
    float[] expected = embedder().embedPassages(List.of(newText))[0];
    assertTrue(cosine(doc.path("chunk_vector"), expected) > 0.99);

    SolrException e = expectThrows(
        SolrException.class,
        () -> updateJ("[{\"id\": \"A!0\", \"retrieval_text\": {\"add\": \"more\"}}]", null));
    assertTrue(e.getMessage(), e.getMessage().contains("'set'"));

    // an atomic update of another field leaves the text, and so the stored vector, as it was
    updateJ("[{\"id\": \"A!0\", \"labels\": {\"add\": \"table\"}}]", null);
    assertU(commit());
    JsonNode after = get("A!0");
    assertEquals("table", after.path("labels").get(0).asText());
    assertTrue(cosine(after.path("chunk_vector"), expected) > 0.99);
  }

  @Test
  public void oneModelPerNodeIsShared() {
    SentenceEmbedder e = embedder();
    EmbeddingUpdateProcessorFactory other =
        (EmbeddingUpdateProcessorFactory) h.getCore().getUpdateProcessingChain("blank-is-error").getProcessors().get(0);
    assertSame("same model and options: one session", e, other.embedder());
    EmbeddingUpdateProcessorFactory overlong =
        (EmbeddingUpdateProcessorFactory) h.getCore().getUpdateProcessingChain("overlong").getProcessors().get(0);
    assertNotSame(e, overlong.embedder());
  }

  @Test
  public void badParametersFailNamingTheParameter() {
    assertInitFails(args(), "vectorField");
    assertInitFails(args("vectorField", "chunk_vector", "batchSize", "0"), "batchSize");
    assertInitFails(args("vectorField", "chunk_vector", "threads", "two"), "threads");
    assertInitFails(args("vectorField", "chunk_vector", "blankText", "maybe"), "blankText");
    assertInitFails(args("vectorField", "chunk_vector", "device", "tpu"), "device");

    assertInformFails(args("vectorField", "small_vector"), "vectorDimension=8");
    assertInformFails(args("vectorField", "title"), "not a DenseVectorField");
    assertInformFails(args("vectorField", "nope"), "'nope' is not in the schema");
    assertInformFails(args("vectorField", "chunk_vector", "textField", "nope"), "textField");
    assertInformFails(args("vectorField", "chunk_vector", "model", "/no/such/model"), "model");
  }

  private static NamedList<Object> args(String... kv) {
    NamedList<Object> nl = new NamedList<>();
    for (int i = 0; i < kv.length; i += 2) {
      nl.add(kv[i], kv[i + 1]);
    }
    return nl;
  }

  private static void assertInitFails(NamedList<Object> args, String expected) {
    SolrException e = expectThrows(SolrException.class, () -> new EmbeddingUpdateProcessorFactory().init(args));
    assertTrue(e.getMessage(), e.getMessage().contains(expected));
  }

  private static void assertInformFails(NamedList<Object> args, String expected) {
    EmbeddingUpdateProcessorFactory f = new EmbeddingUpdateProcessorFactory();
    f.init(args);
    SolrException e = expectThrows(SolrException.class, () -> f.inform(h.getCore()));
    assertTrue(e.getMessage(), e.getMessage().contains(expected));
  }
}
