package org.groundedocr.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ask}: the passages of an ingested collection that answer a question, with what cites
 * them (document, page, region label and box, page-image URL), from Solr's {@code /rag}.
 */
@Command(
    name = "ask",
    mixinStandardHelpOptions = true,
    description = {
      "Asks a grounded-ocr collection a question (its /rag handler: lexical + vector retrieval"
          + " fused by reciprocal rank) and prints the cited passages: document, page, region"
          + " label and box, and a text excerpt.",
      "Exit status: 0 with passages, 1 with none, 2 when Solr cannot answer."
    })
final class AskCommand implements Callable<Integer> {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Spec CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "QUESTION", description = "the question (several words are joined)")
  List<String> question;

  @Option(names = "--solr", defaultValue = "http://localhost:8983/solr", description = "Solr base URL (default: ${DEFAULT-VALUE})")
  String solr;

  @Option(names = "--collection", defaultValue = "scans", description = "collection (default: ${DEFAULT-VALUE})")
  String collection;

  @Option(names = "--k", defaultValue = "5", description = "passages to print (default: ${DEFAULT-VALUE})")
  int k;

  @Option(names = "--mode", defaultValue = "hybrid", description = "hybrid, lexical or vector (default: ${DEFAULT-VALUE})")
  String mode;

  @Option(names = "--document", description = "only this document id (repeatable)")
  List<String> documents = new ArrayList<>();

  @Option(names = "--label", description = "only chunks with this layout label, e.g. table (repeatable)")
  List<String> labels = new ArrayList<>();

  @Option(names = "--page", description = "only this page or range, e.g. 3 or 2-5 (repeatable)")
  List<String> pages = new ArrayList<>();

  @Option(names = "--fq", description = "any Solr filter query (repeatable)")
  List<String> filterQueries = new ArrayList<>();

  @Option(names = "--expand", defaultValue = "0", description = "neighbouring chunks to add on each side (default: ${DEFAULT-VALUE})")
  int expand;

  @Option(names = "--excerpt", defaultValue = "240", description = "characters of text per passage (default: ${DEFAULT-VALUE})")
  int excerpt;

  @picocli.CommandLine.Mixin SolrUserOption user;

  @Option(names = "--json", description = "print /rag's JSON response as is")
  boolean json;

  @Override
  public Integer call() throws IOException, InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    SolrCredentials credentials = user.credentials(solr);
    String base = SolrCredentials.withoutUserInfo(solr).replaceAll("/+$", "");
    ObjectNode body = JSON.createObjectNode();
    body.put("question", String.join(" ", question));
    body.put("k", k);
    body.put("mode", mode.toLowerCase(Locale.ROOT));
    if (expand > 0) {
      body.put("expand", expand);
    }
    ObjectNode filters = body.putObject("filters");
    documents.forEach(filters.withArray("document")::add);
    labels.forEach(filters.withArray("label")::add);
    pages.forEach(filters.withArray("page")::add);
    filterQueries.forEach(filters.withArray("fq")::add);

    HttpRequest.Builder rb = HttpRequest.newBuilder(URI.create(base + "/" + collection + "/rag"))
        .timeout(Duration.ofMinutes(2))
        .header("Content-Type", "application/json")
        .header("Accept", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    if (credentials != null) {
      rb.header("Authorization", credentials.header());
    }
    HttpRequest request = rb.build();
    HttpResponse<String> response;
    try {
      response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()
          .send(request, HttpResponse.BodyHandlers.ofString());
    } catch (ConnectException e) {
      err.println("cannot reach Solr at " + base + " (start it with: grounded-ocr serve)");
      return 2;
    }
    String denied = SolrUserOption.explain(response.statusCode(), credentials);
    if (denied != null) {
      err.println("Solr answered " + response.statusCode() + ": " + denied);
      return 2;
    }
    JsonNode rsp;
    try {
      rsp = JSON.readTree(response.body());
    } catch (IOException e) {
      err.println("Solr answered " + response.statusCode() + " without JSON: " + abbreviate(response.body(), 300));
      return 2;
    }
    if (response.statusCode() != 200) {
      String msg = rsp.path("error").path("msg").asText(response.body());
      err.println("Solr answered " + response.statusCode() + ": " + msg);
      return 2;
    }
    if (json) {
      out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(rsp));
      out.flush();
      return rsp.path("passages").size() > 0 ? 0 : 1;
    }
    print(out, rsp, origin(base));
    out.flush();
    return rsp.path("passages").size() > 0 ? 0 : 1;
  }

  private void print(PrintWriter out, JsonNode rsp, String origin) {
    JsonNode passages = rsp.path("passages");
    if (passages.size() == 0) {
      out.println("No passage found for: " + rsp.path("question").asText());
      return;
    }
    for (JsonNode p : passages) {
      JsonNode doc = p.path("document");
      String title = doc.path("title").asText(doc.path("source").asText(doc.path("id").asText()));
      out.printf("%d. %s  [%s]  %s%n", p.path("rank").asInt(), title, doc.path("id").asText(), pagesOf(p));
      out.printf("   score %.4f%s%n", p.path("score").path("fused").asDouble(), scoreParts(p.path("score")));
      JsonNode regions = p.path("regions");
      int cite = p.path("cite").asInt(-1);
      String quote = p.path("text").asText();
      if (cite >= 0 && cite < regions.size()) {
        JsonNode r = regions.get(cite);
        out.printf("   cite: page %d, %s, box %s%n", r.path("page").asInt(), r.path("label").asText(), box(r.path("bbox")));
        if (r.has("crop")) {
          out.println("   " + origin + r.path("crop").asText());
        }
        // the cited region's own text is the excerpt: in a long chunk the answer is rarely at its start
        if (!r.path("text").asText().isBlank()) {
          quote = r.path("text").asText();
        }
      }
      if (regions.size() > 1) {
        List<String> others = new ArrayList<>();
        for (int i = 0; i < regions.size(); i++) {
          if (i != cite) {
            JsonNode r = regions.get(i);
            others.add("p" + r.path("page").asInt() + " " + r.path("label").asText() + " " + box(r.path("bbox")));
          }
        }
        int shown = Math.min(others.size(), 4);
        out.println("   chunk regions also: " + String.join("; ", others.subList(0, shown))
            + (others.size() > shown ? "; +" + (others.size() - shown) + " more" : ""));
      }
      out.println("   \"" + abbreviate(quote.replaceAll("\\s+", " ").strip(), excerpt) + "\"");
      if (p.path("context").has("text")) {
        out.println("   context: \"" + abbreviate(p.path("context").path("text").asText().replaceAll("\\s+", " ").strip(), 2 * excerpt) + "\"");
      }
      out.println();
    }
  }

  private static String pagesOf(JsonNode p) {
    List<String> pages = new ArrayList<>();
    p.path("pages").forEach(n -> pages.add(n.asText()));
    return (pages.size() == 1 ? "page " : "pages ") + String.join(", ", pages);
  }

  private static String scoreParts(JsonNode score) {
    StringBuilder sb = new StringBuilder();
    if (score.has("lexical")) {
      sb.append("  lexical #").append(score.path("lexical").path("rank").asInt());
    }
    if (score.has("vector")) {
      sb.append(String.format(Locale.ROOT, "  vector #%d (cosine %.2f)",
          score.path("vector").path("rank").asInt(), score.path("vector").path("cosine").asDouble()));
    }
    return sb.toString();
  }

  private static String box(JsonNode b) {
    if (!b.isArray()) {
      return "-";
    }
    List<String> v = new ArrayList<>();
    b.forEach(n -> v.add(n.asText()));
    return "[" + String.join(",", v) + "]";
  }

  /** {@code http://host:8983} of {@code http://host:8983/solr}: the page URLs are absolute paths. */
  static String origin(String base) {
    URI u = URI.create(base);
    return u.getScheme() + "://" + u.getRawAuthority();
  }

  static String abbreviate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, Math.max(0, max - 1)).stripTrailing() + "…";
  }
}
