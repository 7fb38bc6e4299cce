package org.groundedocr.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;
import org.groundedocr.solr.IndexFields;
import org.groundedocr.solr.chunking.DocumentGeneration;

/**
 * Searches the chunks of a grounded-ocr collection with region highlighting
 * ({@code /select?hl.regions=true}) and reads the hits with their page boxes. Thread-safe.
 */
public final class SearchClient {

  /** What to search. {@code label}, {@code page} and {@code area} are optional filters. */
  public record Query(String text, String label, Integer page, String area, int rows, String coordinates,
      String preTag, String postTag) {
    public Query {
      if (text == null || text.isBlank()) {
        throw new IllegalArgumentException("empty query");
      }
      if (area != null && page == null) {
        throw new IllegalArgumentException("an area filter needs a page");
      }
    }

    public static Query of(String text) {
      return new Query(text, null, null, null, 10, "absolute", "<em>", "</em>");
    }
  }

  /** A chunk region that holds a match; {@code box} is {@code [ulx, uly, lrx, lry]}. */
  public record Region(int page, int region, String label, double[] box, String text) {}

  /** A box of a match on a page; {@code region} indexes {@link Hit#regions()}. */
  public record HighlightBox(String text, int page, int region, double[] box, boolean line) {}

  /** A hit: a chunk of a document, with its best snippet located on its pages. */
  public record Hit(String id, String document, String source, String title, double score,
      List<Integer> pages, List<String> labels, String snippet, List<Region> regions,
      List<List<HighlightBox>> highlights, List<String> images) {}

  public record Result(long numFound, long millis, List<Hit> hits) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  /** Chunks of complete documents only: the document record, written last, carries their key. */
  static final String COMPLETE_DOCUMENTS = DocumentGeneration.COMPLETE_FILTER;

  private final HttpClient http = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
  private final String solrUrl;
  private final String collection;
  private final SolrCredentials credentials;

  /** {@code solrUrl} like {@code http://localhost:8983/solr}. */
  public SearchClient(String solrUrl, String collection) {
    this(solrUrl, collection, null);
  }

  /** As above, sending {@code credentials} (null: none) as BasicAuth. */
  public SearchClient(String solrUrl, String collection, SolrCredentials credentials) {
    this.solrUrl = SolrCredentials.withoutUserInfo(solrUrl).replaceAll("/+$", "");
    this.collection = collection;
    this.credentials = credentials;
  }

  /** The {@code /select} URL for {@code q}. */
  public String selectUrl(Query q) {
    StringJoiner p = new StringJoiner("&", "?", "");
    add(p, "q", q.text());
    add(p, "defType", "edismax");
    add(p, "qf", IndexFields.CATCH_ALL);
    add(p, "q.op", "AND");
    add(p, "fq", IndexFields.DOC_TYPE + ":" + IndexFields.TYPE_CHUNK);
    add(p, "fq", COMPLETE_DOCUMENTS);
    if (q.label() != null && !q.label().isBlank()) {
      add(p, "fq", IndexFields.LABELS + ":\"" + q.label().replace("\"", "\\\"") + "\"");
    }
    if (q.page() != null) {
      add(p, "fq", IndexFields.PAGES + ":" + q.page());
    }
    if (q.area() != null) {
      add(p, "fq", "{!pagearea page=" + q.page() + " box=" + q.area() + "}");
    }
    add(p, "fl", String.join(",", IndexFields.ID, IndexFields.PARENT_ID, IndexFields.SOURCE,
        IndexFields.TITLE, IndexFields.PAGES, IndexFields.LABELS, "score"));
    add(p, "rows", Integer.toString(q.rows()));
    add(p, "hl.regions", "true");
    add(p, "hl.regions.coords", q.coordinates());
    add(p, "hl.tag.pre", q.preTag());
    add(p, "hl.tag.post", q.postTag());
    add(p, "hl.fragsize", "160");
    add(p, "wt", "json");
    return solrUrl + "/" + collection + "/select" + p;
  }

  private static void add(StringJoiner p, String k, String v) {
    p.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8));
  }

  public Result search(Query q) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(selectUrl(q)))
        .header("Accept", "application/json").timeout(Duration.ofMinutes(2)).GET();
    if (credentials != null) {
      b.header("Authorization", credentials.header());
    }
    HttpResponse<String> rsp = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    String denied = SolrUserOption.explain(rsp.statusCode(), credentials);
    if (denied != null) {
      throw new IOException("Solr said " + rsp.statusCode() + ": " + denied);
    }
    JsonNode body;
    try {
      body = JSON.readTree(rsp.body());
    } catch (IOException e) {
      throw new IOException("HTTP " + rsp.statusCode() + " from " + solrUrl + ": not JSON", e);
    }
    if (rsp.statusCode() != 200) {
      throw new IOException("Solr said " + rsp.statusCode() + ": " + body.path("error").path("msg").asText(rsp.body()));
    }
    return parse(body);
  }

  /** Reads a {@code /select} response with {@code hl.regions=true}. */
  public Result parse(JsonNode body) {
    List<Hit> hits = new ArrayList<>();
    JsonNode hl = body.path("ocrHighlighting");
    for (JsonNode d : body.path("response").path("docs")) {
      String id = d.path(IndexFields.ID).asText();
      JsonNode snippet = hl.path(id).path(IndexFields.CHUNK_TEXT).path("snippets").path(0);
      List<Integer> pages = new ArrayList<>();
      d.path(IndexFields.PAGES).forEach(p -> pages.add(p.asInt()));
      List<String> labels = new ArrayList<>();
      d.path(IndexFields.LABELS).forEach(l -> labels.add(l.asText()));
      List<Region> regions = new ArrayList<>();
      List<List<HighlightBox>> highlights = new ArrayList<>();
      List<String> images = new ArrayList<>();
      String text = null;
      if (!snippet.isMissingNode()) {
        text = snippet.path("text").asText();
        JsonNode snippetPages = snippet.path("pages");
        snippetPages.forEach(p -> images.add(p.path("image").asText(null)));
        for (JsonNode r : snippet.path("regions")) {
          int page = snippetPages.path(r.path("pageIdx").asInt()).path("number").asInt();
          regions.add(new Region(page, r.path("region").asInt(), r.path("label").asText(), box(r),
              r.path("text").asText()));
        }
        for (JsonNode match : snippet.path("highlights")) {
          List<HighlightBox> boxes = new ArrayList<>();
          for (JsonNode b : match) {
            int ri = b.path("parentRegionIdx").asInt();
            boxes.add(new HighlightBox(b.path("text").asText(), regions.get(ri).page(), ri, box(b),
                b.path("line").asBoolean()));
          }
          highlights.add(boxes);
        }
      }
      hits.add(new Hit(id, d.path(IndexFields.PARENT_ID).asText(null), d.path(IndexFields.SOURCE).asText(null),
          d.path(IndexFields.TITLE).asText(null), d.path("score").asDouble(), pages, labels, text, regions,
          highlights, images));
    }
    return new Result(body.path("response").path("numFound").asLong(),
        body.path("responseHeader").path("QTime").asLong(), hits);
  }

  private static double[] box(JsonNode n) {
    return new double[] {n.path("ulx").asDouble(), n.path("uly").asDouble(), n.path("lrx").asDouble(),
        n.path("lry").asDouble()};
  }

  /** {@code [x1, y1, x2, y2]} as integers for pixels, 4 decimals for 0–1 coordinates. */
  public static String format(double[] box) {
    StringJoiner j = new StringJoiner(", ", "[", "]");
    for (double v : box) {
      j.add(v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.4f", v));
    }
    return j.toString();
  }
}
