package org.groundedocr.embed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import static ai.onnxruntime.OrtSession.SessionOptions.OptLevel.NO_OPT;

import org.groundedocr.engine.Device;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our ONNX Runtime + DJL tokenizer pipeline against vectors computed once with Python
 * onnxruntime + tokenizers on the same files ({@code src/test/resources/embed/make_expected.py}).
 *
 * <p>The reference ran the unfused graph, whose int8 kernels agree across ONNX Runtime releases:
 * our unfused session must match it component by component. Production sessions run the fused
 * graph, whose kernels differ between releases by a fraction of a percent, so they are compared
 * by cosine (wrong pooling, truncation or tokenisation gives 0.98 or less).
 */
class SentenceEmbedderParityTest {

  private static final double TOLERANCE = 1e-5;
  private static final double FUSED_MIN_COSINE = 0.995;

  private static JsonNode expected;
  private static List<String> sentences;
  private static SentenceEmbedder single;

  @BeforeAll
  static void load() throws Exception {
    try (InputStream in = SentenceEmbedderParityTest.class.getResourceAsStream("/embed/bge-small-en-v15-q-expected.json")) {
      expected = new ObjectMapper().readTree(in);
    }
    sentences = new ArrayList<>();
    expected.get("sentences").forEach(s -> sentences.add(s.asText()));
    single = SentenceEmbedder.open(
        EmbeddingModelFiles.bgeSmallEnV15Quantized(), new EmbedderOptions(Device.CPU, 1, 1, 8192), NO_OPT);
  }

  @AfterAll
  static void close() throws EmbeddingException {
    single.close();
  }

  @Test
  void defaultModelShape() {
    assertEquals(384, single.dimension());
    assertEquals(Pooling.CLS, single.config().pooling());
    assertEquals(512, single.config().maxLength());
    assertEquals("bge-small-en-v1.5-q", single.modelId());
  }

  @Test
  void tokenCountsMatchPythonTokenizersIncludingTruncationAt512() {
    for (int i = 0; i < sentences.size(); i++) {
      assertEquals(expected.get("tokenCounts").get(i).asInt(), single.tokenCount(sentences.get(i)), sentences.get(i));
    }
  }

  @Test
  void singleTextVectorsMatchPython() throws EmbeddingException {
    float[][] ours = single.embed(sentences);
    assertClose(expected.get("single").get("cls"), ours);
    for (float[] v : ours) {
      assertEquals(1.0, norm(v), 1e-5, "normalised");
    }
    EmbedderStats stats = single.stats();
    assertTrue(stats.truncated() >= 1, "the 600-token text was cut: " + stats);
    assertTrue(stats.batches() >= sentences.size(), "batchSize 1: one run per text: " + stats);
  }

  @Test
  void paddedBatchMatchesPythonBatch() throws EmbeddingException {
    // same members as Python's single padded batch, in a different order (ours sorts by length)
    try (SentenceEmbedder batched = SentenceEmbedder.open(
        EmbeddingModelFiles.bgeSmallEnV15Quantized(), new EmbedderOptions(Device.CPU, 2, 16, 16 * 512), NO_OPT)) {
      float[][] ours = batched.embed(batchSentences());
      assertClose(expected.get("batch").get("cls"), ours);
      assertEquals(1, batched.stats().batches());
      // and the batch-dependence of the quantised model stays small
      float[][] alone = single.embed(batchSentences());
      for (int i = 0; i < ours.length; i++) {
        assertTrue(dot(ours[i], alone[i]) > 0.99, "batched vs alone cosine for " + i);
      }
    }
  }

  @Test
  void productionSessionAgreesByCosine() throws EmbeddingException {
    // the fully optimised graph, as in production; one run at a time so the batch is Python's
    try (SentenceEmbedder production = SentenceEmbedder.open(
        EmbeddingModelFiles.bgeSmallEnV15Quantized(), new EmbedderOptions(Device.CPU, 1, 16, 16 * 512, 1))) {
      assertCosine(expected.get("batch").get("cls"), production.embed(batchSentences()));
      int last = sentences.size() - 1;
      float[] longText = production.embed(List.of(sentences.get(last)))[0];
      JsonNode reference = expected.get("single").get("cls");
      assertCosine(List.of(reference.get(last)), new float[][] {longText});
    }
  }

  @Test
  void meanPoolingFromAModelDirectoryMatchesPython(@TempDir Path dir) throws Exception {
    copyResource(EmbeddingModelFiles.BGE_MODEL_RESOURCE, dir.resolve("model.onnx"));
    copyResource(EmbeddingModelFiles.BGE_TOKENIZER_RESOURCE, dir.resolve("tokenizer.json"));
    Files.writeString(dir.resolve("embedding.json"), "{\"pooling\": \"mean\", \"maxLength\": 512}");
    try (SentenceEmbedder mean = SentenceEmbedder.open(
        EmbeddingModelFiles.directory(dir), new EmbedderOptions(Device.CPU, 1, 1, 8192), NO_OPT)) {
      assertEquals(Pooling.MEAN, mean.config().pooling());
      assertEquals("", mean.config().queryPrefix());
      assertClose(expected.get("single").get("mean"), mean.embed(sentences));
    }
  }

  @Test
  void similarSentencesAreCloserThanUnrelatedOnes() throws EmbeddingException {
    float[][] v = single.embed(sentences);
    double revenueSales = dot(v[1], v[2]);
    assertTrue(revenueSales > 0.8, "paraphrases: " + revenueSales);
    assertTrue(revenueSales > dot(v[1], v[3]) + 0.3, "revenue vs cat");
    assertTrue(revenueSales > dot(v[1], v[0]) + 0.2, "revenue vs invoice");

    float[] question = single.embedQuery("When does the invoice have to be paid?");
    int best = 0;
    for (int i = 1; i < v.length; i++) {
      if (dot(question, v[i]) > dot(question, v[best])) {
        best = i;
      }
    }
    assertEquals(0, best, "the invoice sentence answers the question");
  }

  @Test
  void concurrentCallersGetTheSameVectorsAsOneCaller() throws Exception {
    float[][] reference = single.embed(sentences.subList(0, 4));
    List<Thread> threads = new ArrayList<>();
    List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
    for (int t = 0; t < 4; t++) {
      Thread thread = new Thread(() -> {
        try {
          for (int round = 0; round < 3; round++) {
            float[][] got = single.embed(sentences.subList(0, 4));
            for (int i = 0; i < got.length; i++) {
              assertArrayEquals(reference[i], got[i], 1e-6f);
            }
          }
        } catch (Throwable e) {
          failures.add(e);
        }
      });
      threads.add(thread);
      thread.start();
    }
    for (Thread thread : threads) {
      thread.join();
    }
    assertTrue(failures.isEmpty(), () -> "concurrent embedding failed: " + failures);
  }

  @Test
  void parallelRunsGiveTheSameVectorsAsOneRunAtATime() throws EmbeddingException {
    try (SentenceEmbedder parallel = SentenceEmbedder.open(
        EmbeddingModelFiles.bgeSmallEnV15Quantized(), new EmbedderOptions(Device.CPU, 1, 1, 8192, 3), NO_OPT)) {
      float[][] ours = parallel.embed(sentences);
      assertClose(expected.get("single").get("cls"), ours);
      assertEquals(sentences.size(), parallel.stats().batches());
    }
  }

  @Test
  void emptyInputGivesNoVectors() throws EmbeddingException {
    assertEquals(0, single.embed(List.of()).length);
  }

  private static List<String> batchSentences() {
    return sentences.subList(0, expected.get("batchSize").asInt());
  }

  private static void assertCosine(Iterable<JsonNode> reference, float[][] ours) {
    int i = 0;
    for (JsonNode r : reference) {
      double cosine = 0;
      for (int d = 0; d < ours[i].length; d++) {
        cosine += r.get(d).asDouble() * ours[i][d];
      }
      assertTrue(cosine > FUSED_MIN_COSINE, "sentence " + i + ": cosine " + cosine);
      i++;
    }
    assertEquals(ours.length, i);
  }

  private static void assertClose(JsonNode expectedVectors, float[][] ours) {
    assertEquals(expectedVectors.size(), ours.length);
    for (int i = 0; i < ours.length; i++) {
      JsonNode e = expectedVectors.get(i);
      assertEquals(e.size(), ours[i].length);
      double worst = 0;
      for (int d = 0; d < ours[i].length; d++) {
        worst = Math.max(worst, Math.abs(e.get(d).asDouble() - ours[i][d]));
      }
      assertTrue(worst < TOLERANCE, "sentence " + i + ": max |python - java| = " + worst);
    }
  }

  private static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += (double) a[i] * b[i];
    }
    return s;
  }

  private static double norm(float[] a) {
    return Math.sqrt(dot(a, a));
  }

  private static void copyResource(String name, Path target) throws IOException {
    try (InputStream in = SentenceEmbedder.class.getResourceAsStream(name)) {
      Files.copy(in, target);
    }
  }
}
