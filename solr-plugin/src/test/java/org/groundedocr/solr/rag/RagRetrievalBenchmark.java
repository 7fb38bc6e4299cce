package org.groundedocr.solr.rag;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.solr.SolrTestCaseJ4;
import org.apache.solr.client.solrj.SolrQuery;
import org.apache.solr.client.solrj.request.CollectionAdminRequest;
import org.apache.solr.client.solrj.request.UpdateRequest;
import org.apache.solr.cloud.SolrCloudTestCase;
import org.apache.solr.common.SolrInputDocument;
import org.groundedocr.embed.eval.RagEvalCorpus;
import org.groundedocr.grounding.GroundedJson;
import org.groundedocr.model.Box;
import org.groundedocr.solr.GroundedOcrCore;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Retrieval quality of {@code /rag} on the evaluation corpus ({@link RagEvalCorpus}): hit@1,
 * hit@5 and MRR for lexical, vector and hybrid retrieval, overall and per question kind. A hit is
 * a passage of the right document citing the answer's region (same page, same box). A benchmark,
 * not a test: skipped unless {@code -Dbenchmark=true}; writes
 * {@code target/benchmarks/rag-retrieval.md}.
 *
 * <pre>
 * ./mvnw -q -o -pl solr-plugin -am test -Dtest=RagRetrievalBenchmark -Dbenchmark=true -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 *
 * <p>The corpus goes in as grounded-page JSON through the configset's real chunking and
 * embedding processors (default chunk sizes), into 2 shards; OCR is not part of what is measured.
 */
@SolrTestCaseJ4.SuppressSSL(bugUrl = "plain HTTP: the benchmark talks JSON to /rag with java.net.http")
public class RagRetrievalBenchmark extends SolrCloudTestCase {

  private static final String COLLECTION = "eval";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  /** A retrieval setting: its name in the table and the /rag request keys that make it. */
  private record Variant(String name, Map<String, Object> request) {}

  private static final List<Variant> VARIANTS = List.of(
      new Variant("lexical", Map.of("mode", "lexical")),
      new Variant("vector", Map.of("mode", "vector")),
      new Variant("hybrid", Map.of("mode", "hybrid")),
      // ablations (tuned on this very question set, so optimistic): not the defaults
      new Variant("hybrid, vectorWeight 2", Map.of("mode", "hybrid", "vectorWeight", 2)),
      new Variant("hybrid, rrfK 10", Map.of("mode", "hybrid", "rrfK", 10)));
  private static final int MAIN = 3;
  private static final int DEPTH = 10;

  private static RagEvalCorpus corpus;
  private static double indexSeconds;
  private static long chunks;

  @BeforeClass
  public static void setup() throws Exception {
    assumeTrue("a benchmark: run with -Dbenchmark=true", Boolean.getBoolean("benchmark"));
    configureCluster(1).addConfig("grounded-ocr", GroundedOcrCore.configsetConf()).configure();
    CollectionAdminRequest.createCollection(COLLECTION, "grounded-ocr", 2, 1).process(cluster.getSolrClient());
    cluster.waitForActiveCollection(COLLECTION, 2, 2);
    corpus = RagEvalCorpus.build();
    long t0 = System.nanoTime();
    for (RagEvalCorpus.Document d : corpus.documents()) {
      SolrInputDocument doc = new SolrInputDocument();
      doc.setField("id", d.id());
      doc.setField("title", d.title());
      doc.setField("source", d.grounded().source());
      doc.setField("grounded_json", GroundedJson.write(d.grounded(), false));
      new UpdateRequest().add(doc).process(cluster.getSolrClient(), COLLECTION);
    }
    new UpdateRequest().commit(cluster.getSolrClient(), COLLECTION);
    indexSeconds = (System.nanoTime() - t0) / 1e9;
    chunks = cluster.getSolrClient().query(COLLECTION, new SolrQuery("doc_type:chunk")).getResults().getNumFound();
  }

  @AfterClass
  public static void clear() {
    corpus = null;
  }

  private record Result(String mode, String kind, int rank, long millis) {}

  @Test
  public void measure() throws Exception {
    List<Result> results = new ArrayList<>();
    for (Variant v : VARIANTS) {
      rag(corpus.questions().get(0).text(), v); // warm-up
      for (RagEvalCorpus.Question q : corpus.questions()) {
        long t0 = System.nanoTime();
        JsonNode rsp = rag(q.text(), v);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        results.add(new Result(v.name(), q.kind(), rankOfAnswer(rsp, q), ms));
      }
    }
    String report = report(results);
    Path out = Path.of("target", "benchmarks", "rag-retrieval.md");
    Files.createDirectories(out.getParent());
    Files.writeString(out, report);
    System.out.println(report);
  }

  private static JsonNode rag(String question, Variant v) throws Exception {
    String url = cluster.getJettySolrRunner(0).getBaseUrl() + "/" + COLLECTION + "/rag";
    Map<String, Object> body = new LinkedHashMap<>(v.request());
    body.put("question", question);
    body.put("k", DEPTH);
    HttpRequest request = HttpRequest.newBuilder(URI.create(url))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
        .build();
    HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    assertEquals(response.body(), 200, response.statusCode());
    return JSON.readTree(response.body());
  }

  /** 1-based rank of the first passage that cites the answer region, 0 when none of the top DEPTH does. */
  static int rankOfAnswer(JsonNode rsp, RagEvalCorpus.Question q) {
    Box a = q.answer();
    for (JsonNode p : rsp.path("passages")) {
      if (!p.path("document").path("id").asText().equals(q.documentId())) {
        continue;
      }
      for (JsonNode r : p.path("regions")) {
        JsonNode b = r.path("bbox");
        if (r.path("page").asInt() == q.page() && b.size() == 4
            && b.get(0).asInt() == a.x1() && b.get(1).asInt() == a.y1()
            && b.get(2).asInt() == a.x2() && b.get(3).asInt() == a.y2()) {
          return p.path("rank").asInt();
        }
      }
    }
    return 0;
  }

  private static String report(List<Result> results) {
    StringBuilder md = new StringBuilder();
    md.append(String.format(Locale.ROOT,
        "Corpus: %d documents, %d questions (%s), %d chunks (default chunker), 2 shards."
            + " Indexing through chunking + embedding: %.1f s (%.1f chunks/s end to end, one document per request).%n%n",
        corpus.documents().size(), corpus.questions().size(), kinds(), chunks, indexSeconds, chunks / indexSeconds));
    md.append("| retrieval | questions | hit@1 | hit@3 | hit@5 | MRR@10 | p50 latency (ms) |\n"
        + "| --- | --- | ---: | ---: | ---: | ---: | ---: |\n");
    for (Variant v : VARIANTS.subList(0, MAIN)) {
      md.append(row(results, v.name(), null));
    }
    for (String kind : new String[] {"keyword", "natural", "paraphrase"}) {
      for (Variant v : VARIANTS.subList(0, MAIN)) {
        md.append(row(results, v.name(), kind));
      }
    }
    md.append("\nAblations (settings tried on this same question set, hence optimistic):\n\n"
        + "| retrieval | questions | hit@1 | hit@3 | hit@5 | MRR@10 | p50 latency (ms) |\n"
        + "| --- | --- | ---: | ---: | ---: | ---: | ---: |\n");
    for (Variant v : VARIANTS.subList(MAIN, VARIANTS.size())) {
      md.append(row(results, v.name(), null));
    }
    return md.toString();
  }

  private static String kinds() {
    Map<String, Integer> n = new LinkedHashMap<>();
    corpus.questions().forEach(q -> n.merge(q.kind(), 1, Integer::sum));
    List<String> parts = new ArrayList<>();
    n.forEach((k, v) -> parts.add(v + " " + k));
    return String.join(", ", parts);
  }

  private static String row(List<Result> results, String mode, String kind) {
    List<Result> rs = results.stream()
        .filter(r -> r.mode().equals(mode) && (kind == null || r.kind().equals(kind)))
        .toList();
    double hit1 = rs.stream().filter(r -> r.rank() == 1).count() / (double) rs.size();
    double hit3 = rs.stream().filter(r -> r.rank() >= 1 && r.rank() <= 3).count() / (double) rs.size();
    double hit5 = rs.stream().filter(r -> r.rank() >= 1 && r.rank() <= 5).count() / (double) rs.size();
    double mrr = rs.stream().mapToDouble(r -> r.rank() == 0 ? 0 : 1.0 / r.rank()).average().orElse(0);
    long[] ms = rs.stream().mapToLong(Result::millis).sorted().toArray();
    return String.format(Locale.ROOT, "| %s | %s (%d) | %.3f | %.3f | %.3f | %.3f | %d |%n",
        mode, kind == null ? "all" : kind, rs.size(), hit1, hit3, hit5, mrr, ms[ms.length / 2]);
  }
}
