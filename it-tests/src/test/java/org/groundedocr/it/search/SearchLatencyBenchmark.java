package org.groundedocr.it.search;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.groundedocr.cli.SolrNode;
import org.groundedocr.grounding.GroundedJson;
import org.groundedocr.model.GroundedDocument;
import org.groundedocr.solr.chunking.DocumentGeneration;
import org.groundedocr.model.GroundedPage;
import org.groundedocr.model.Region;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Query latency with and without region highlighting over 1,000 grounded pages, on the node the
 * {@code serve} command runs (SolrCloud, one node, two shards). The pages are synthetic grounded
 * JSON fed through the chunking processor (OCR is not what is measured). Skipped unless
 * {@code -Dbenchmark=true}; writes {@code it-tests/target/search-benchmark.md}.
 *
 * <pre>
 * ./mvnw -q -pl it-tests -am verify -Dbenchmark=true -Dit.test=SearchLatencyBenchmark \
 *     -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -DfailIfNoTests=false
 * </pre>
 */
class SearchLatencyBenchmark {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int DOCUMENTS = 50;
  private static final int PAGES_PER_DOCUMENT = 20;
  private static final int ROUNDS = 5;

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  record Mode(String name, String params) {}

  private static final String COMPLETE =
      "&fq=" + URLEncoder.encode(DocumentGeneration.COMPLETE_FILTER, StandardCharsets.UTF_8);
  private static final int COLD_ROUNDS = 10;

  @Test
  void latencyWithAndWithoutHighlights(@TempDir Path data) throws Exception {
    assumeTrue(Boolean.getBoolean("benchmark"), "benchmark: run with -Dbenchmark=true");
    int port = freePortPair();
    try (SolrNode node = SolrNode.start(new SolrNode.Options(data, port, "scans", 2, 1, null))) {
      String collection = node.baseUrl() + "/scans";
      SyntheticArchive archive = new SyntheticArchive(42);
      List<String> texts = new ArrayList<>();
      long indexStart = System.nanoTime();
      for (int d = 0; d < DOCUMENTS; d += 5) {
        ArrayNode batch = JSON.createArrayNode();
        for (int k = d; k < d + 5; k++) {
          GroundedDocument doc = archive.document("volume-" + k + ".pdf", PAGES_PER_DOCUMENT);
          for (GroundedPage p : doc.pages()) {
            for (Region r : p.regions()) {
              if (r.label().equals("text")) {
                texts.add(r.text());
              }
            }
          }
          batch.addObject().put("id", "volume-" + k).put("source", "volume-" + k + ".pdf")
              .put("grounded_json", GroundedJson.write(doc, false));
        }
        post(collection + "/update?wt=json", batch.toString());
        System.out.printf(Locale.ROOT, "indexed %d/%d documents, %.0f s%n", d + 5, DOCUMENTS,
            (System.nanoTime() - indexStart) / 1e9);
      }
      post(collection + "/update?commit=true&wt=json", "[]");
      double indexSeconds = (System.nanoTime() - indexStart) / 1e9;
      long chunks = count(collection, "doc_type:chunk");

      Random rnd = new Random(7);
      Map<String, List<String>> queries = new LinkedHashMap<>();
      queries.put("one common word", SyntheticArchive.wordsOfRank(40, 120, 40, rnd));
      queries.put("one rare word", SyntheticArchive.wordsOfRank(300, SyntheticArchive.VOCABULARY.length, 40, rnd));
      List<String> phrases = new ArrayList<>();
      while (phrases.size() < 40) {
        String[] words = texts.get(rnd.nextInt(texts.size())).replace(".", "").toLowerCase(Locale.ROOT).split(" ");
        int n = 2 + rnd.nextInt(2);
        if (words.length > n) {
          int s = rnd.nextInt(words.length - n);
          phrases.add("\"" + String.join(" ", Arrays.copyOfRange(words, s, s + n)) + "\"");
        }
      }
      queries.put("phrase (2-3 words)", phrases);
      List<String> multi = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        multi.add(String.join(" ", SyntheticArchive.wordsOfRank(60, 300, 2 + rnd.nextInt(2), rnd)));
      }
      queries.put("2-3 words (AND)", multi);

      List<Mode> modes = List.of(
          new Mode("no highlighting", ""),
          new Mode("hl.regions=true", "&hl.regions=true"),
          new Mode("hl=true&hl.fl=chunk_text (Solr's highlighter, text only)", "&hl=true&hl.fl=chunk_text"),
          // what search, the viewer and /rag send: complete documents only (a join per shard,
          // cached in the filterCache until the next commit opens a new searcher)
          new Mode("no highlighting, complete-document filter", COMPLETE));
      // every query in every mode, the modes interleaved in a shuffled order per query, so that
      // load on the machine (shared cores) hits the modes alike; one warm-up round first
      Map<String, List<Double>> millis = new LinkedHashMap<>();
      Map<String, Long> hitsPerClass = new LinkedHashMap<>();
      for (int round = 0; round <= ROUNDS; round++) {
        for (Map.Entry<String, List<String>> e : queries.entrySet()) {
          for (String q : e.getValue()) {
            List<Mode> order = new ArrayList<>(modes);
            java.util.Collections.shuffle(order, rnd);
            for (Mode m : order) {
              double ms = time(collection, q, m);
              if (round > 0) {
                millis.computeIfAbsent(e.getKey() + "|" + m.name(), k -> new ArrayList<>()).add(ms);
              }
            }
            if (round == 0) {
              hitsPerClass.merge(e.getKey(), numFound(collection, q), Long::sum);
            }
          }
        }
      }
      StringBuilder table = new StringBuilder();
      table.append(String.format(Locale.ROOT, "%d documents, %d pages, %d chunks (indexed from grounded JSON through the chunker,"
          + " no OCR, in %.0f s); %d rounds of every query in every mode after a warm-up round.%n%n",
          DOCUMENTS, DOCUMENTS * PAGES_PER_DOCUMENT, chunks, indexSeconds, ROUNDS));
      table.append("| queries | hits/query | mode | p50 ms | p95 ms | mean ms |\n");
      table.append("| --- | ---: | --- | ---: | ---: | ---: |\n");
      for (Map.Entry<String, List<String>> e : queries.entrySet()) {
        for (Mode m : modes) {
          double[] sorted = millis.get(e.getKey() + "|" + m.name()).stream().mapToDouble(Double::doubleValue).sorted().toArray();
          table.append(String.format(Locale.ROOT, "| %s (%d) | %.0f | %s | %.1f | %.1f | %.1f |%n", e.getKey(),
              e.getValue().size(), hitsPerClass.get(e.getKey()) / (double) e.getValue().size(), m.name(),
              percentile(sorted, 50), percentile(sorted, 95), Arrays.stream(sorted).average().orElse(0)));
        }
      }
      for (Mode m : modes) {
        List<Double> ms = new ArrayList<>();
        millis.forEach((k, v) -> {
          if (k.endsWith("|" + m.name())) {
            ms.addAll(v);
          }
        });
        double[] sorted = ms.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        table.append(String.format(Locale.ROOT, "| **all (%d)** | | %s | %.1f | %.1f | %.1f |%n", sorted.length / ROUNDS,
            m.name(), percentile(sorted, 50), percentile(sorted, 95), Arrays.stream(sorted).average().orElse(0)));
      }
      table.append(coldAfterCommit(collection, queries.get("one common word")));
      System.out.println(table);
      Path out = Path.of("target", "search-benchmark.md");
      Files.createDirectories(out.getParent());
      Files.writeString(out, table.toString());
    }
  }

  /**
   * The join's price when it is not cached: the first query after a commit that opened a new
   * searcher (one document re-indexed), with and without the complete-document filter, alternating.
   */
  private String coldAfterCommit(String collection, List<String> words) throws Exception {
    List<Double> withFilter = new ArrayList<>();
    List<Double> without = new ArrayList<>();
    Mode plain = new Mode("plain", "");
    Mode filtered = new Mode("filtered", COMPLETE);
    for (int i = 0; i < 2 * COLD_ROUNDS; i++) {
      post(collection + "/update?commit=true&wt=json", "[{\"id\":\"touch\",\"doc_type\":\"note\",\"source\":\"touch-"
          + i + "\"}]");
      String q = words.get(i % words.size());
      (i % 2 == 0 ? withFilter : without).add(time(collection, q, i % 2 == 0 ? filtered : plain));
    }
    double[] f = withFilter.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    double[] p = without.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return String.format(Locale.ROOT, "%n| first query after a commit (%d each, one common word) | p50 ms | p95 ms | mean ms |%n"
        + "| --- | ---: | ---: | ---: |%n| no filter | %.1f | %.1f | %.1f |%n| complete-document filter | %.1f | %.1f | %.1f |%n",
        COLD_ROUNDS, percentile(p, 50), percentile(p, 95), Arrays.stream(p).average().orElse(0),
        percentile(f, 50), percentile(f, 95), Arrays.stream(f).average().orElse(0));
  }

  private double time(String collection, String q, Mode mode) throws Exception {
    String url = collection + "/select?wt=json&rows=10&fl=id,score&fq=doc_type:chunk&q.op=AND&q="
        + URLEncoder.encode(q, StandardCharsets.UTF_8) + mode.params();
    long t = System.nanoTime();
    HttpResponse<String> rsp = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
        HttpResponse.BodyHandlers.ofString());
    double ms = (System.nanoTime() - t) / 1e6;
    if (rsp.statusCode() != 200) {
      throw new IllegalStateException(q + ": " + rsp.body());
    }
    return ms;
  }

  private long numFound(String collection, String q) throws Exception {
    String url = collection + "/select?wt=json&rows=0&fq=doc_type:chunk&q.op=AND&q=" + URLEncoder.encode(q, StandardCharsets.UTF_8);
    return JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(url)).build(),
        HttpResponse.BodyHandlers.ofString()).body()).path("response").path("numFound").asLong();
  }

  private long count(String collection, String q) throws Exception {
    return numFound(collection, q);
  }

  private void post(String url, String body) throws IOException, InterruptedException {
    HttpResponse<String> rsp = http.send(HttpRequest.newBuilder(URI.create(url))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
    if (rsp.statusCode() != 200) {
      throw new IOException(url + ": " + rsp.body());
    }
  }

  static double percentile(double[] sorted, int p) {
    if (sorted.length == 0) {
      return 0;
    }
    int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }

  /** A free port whose +1000 (the embedded ZooKeeper's) is free too. */
  static int freePortPair() throws IOException {
    for (int i = 0; i < 50; i++) {
      int p;
      try (ServerSocket s = new ServerSocket(0)) {
        p = s.getLocalPort();
      }
      if (p + 1000 > 65535) {
        continue;
      }
      try (ServerSocket z = new ServerSocket(p + 1000)) {
        return p;
      } catch (IOException busy) {
        // try another
      }
    }
    throw new IOException("no free port pair");
  }
}
