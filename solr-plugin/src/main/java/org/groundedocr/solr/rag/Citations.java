package org.groundedocr.solr.rag;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.solr.common.SolrDocument;
import org.apache.solr.common.util.SimpleOrderedMap;
import org.groundedocr.solr.IndexFields;

/**
 * Turns a chunk document into what a client cites: its text, pages and regions with boxes, and
 * the URLs of the page images and region crops ({@code /page} of the search issue).
 */
final class Citations {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String pageUrlPrefix;

  /**
   * @param collection the collection (or core) the URLs address
   * @param pageHandler the page-image handler's path, e.g. {@code /page}
   */
  Citations(String collection, String pageHandler) {
    this.pageUrlPrefix = "/solr/" + encode(collection) + pageHandler;
  }

  /** {@code /solr/<collection>/page?doc=<id>&page=<n>}. */
  String pageUrl(String documentId, int page) {
    return pageUrlPrefix + "?doc=" + encode(documentId) + "&page=" + page;
  }

  /** The page URL with {@code &bbox=x1,y1,x2,y2} (page pixels). */
  String cropUrl(String documentId, int page, List<Integer> bbox) {
    return pageUrl(documentId, page) + "&bbox=" + bbox.get(0) + "," + bbox.get(1) + "," + bbox.get(2) + "," + bbox.get(3);
  }

  /** The chunk as a passage body (without rank and scores). */
  SimpleOrderedMap<Object> chunk(SolrDocument doc, List<String> extraFields) {
    SimpleOrderedMap<Object> out = new SimpleOrderedMap<>();
    String id = str(doc.getFirstValue(IndexFields.ID));
    String parent = str(doc.getFirstValue(IndexFields.PARENT_ID));
    String text = str(doc.getFirstValue(IndexFields.CHUNK_TEXT));
    out.add("id", id);
    out.add("text", text == null ? "" : text);
    String crumbs = str(doc.getFirstValue(IndexFields.BREADCRUMBS));
    if (crumbs != null && !crumbs.isEmpty()) {
      out.add("breadcrumbs", crumbs);
    }
    Object ordinal = doc.getFirstValue(IndexFields.CHUNK_ORDINAL);
    if (ordinal != null) {
      out.add("ordinal", ordinal);
    }
    out.add("pages", ints(doc.getFieldValues(IndexFields.PAGES)));
    Collection<Object> printed = doc.getFieldValues(IndexFields.PRINTED_PAGES);
    if (printed != null && !printed.isEmpty()) {
      out.add("printedPages", new ArrayList<>(printed));
    }
    Collection<Object> labels = doc.getFieldValues(IndexFields.LABELS);
    out.add("labels", labels == null ? List.of() : new ArrayList<>(labels));
    out.add("regions", regions(parent, text, str(doc.getFirstValue(IndexFields.REGIONS))));
    out.add("pageImages", pageImages(parent, str(doc.getFirstValue(IndexFields.PAGE_SIZES))));
    for (String f : extraFields) {
      Collection<Object> values = doc.getFieldValues(f);
      if (values != null && !out.asShallowMap().containsKey(f)) {
        out.add(f, values.size() == 1 ? values.iterator().next() : new ArrayList<>(values));
      }
    }
    return out;
  }

  /** The {@code regions} JSON with each region's text and its page and crop URLs added. */
  List<SimpleOrderedMap<Object>> regions(String documentId, String chunkText, String regionsJson) {
    List<SimpleOrderedMap<Object>> out = new ArrayList<>();
    if (regionsJson == null || regionsJson.isBlank()) {
      return out;
    }
    JsonNode array = readJson(regionsJson);
    for (JsonNode r : array) {
      SimpleOrderedMap<Object> region = new SimpleOrderedMap<>();
      int page = r.path("page").asInt();
      region.add("page", page);
      region.add("label", r.path("label").asText(""));
      List<Integer> bbox = box(r.get("bbox"));
      if (bbox != null) {
        region.add("bbox", bbox);
      }
      List<List<Integer>> boxes = new ArrayList<>();
      for (JsonNode b : r.path("boxes")) {
        List<Integer> bb = box(b);
        if (bb != null) {
          boxes.add(bb);
        }
      }
      region.add("boxes", boxes);
      int start = r.path("start").asInt(0);
      int end = r.path("end").asInt(0);
      region.add("start", start);
      region.add("end", end);
      if (chunkText != null && 0 <= start && start <= end && end <= chunkText.length()) {
        region.add("text", chunkText.substring(start, end));
      }
      if (r.path("partial").asBoolean(false)) {
        region.add("partial", true);
      }
      if (documentId != null && page > 0) {
        region.add("image", pageUrl(documentId, page));
        if (bbox != null) {
          region.add("crop", cropUrl(documentId, page, bbox));
        }
      }
      out.add(region);
    }
    return out;
  }

  private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");
  private static final Set<String> STOPWORDS = Set.of(
      "a", "an", "and", "are", "as", "at", "be", "by", "did", "do", "does", "for", "from", "has",
      "have", "how", "in", "is", "it", "its", "of", "on", "or", "the", "this", "that", "to", "was",
      "what", "when", "where", "which", "who", "why", "will", "with");

  /** Headings name a section; the answer is in the content under them. */
  private static final Set<String> HEADINGS = Set.of("title", "sub_title");

  /**
   * The region to show for a passage: among its content regions (headings only when there is
   * nothing else), the one whose text has the most of the question's words (a cheap, explainable
   * pick: the chunk itself was ranked by BM25 and the embedding); without any shared word the
   * longest. -1 when the passage has no region.
   */
  static int bestRegion(String question, List<SimpleOrderedMap<Object>> regions) {
    boolean content = regions.stream().anyMatch(r -> !HEADINGS.contains(String.valueOf(r.get("label"))));
    Set<String> terms = words(question);
    int best = -1;
    int bestHits = -1;
    int bestLength = -1;
    for (int i = 0; i < regions.size(); i++) {
      if (content && HEADINGS.contains(String.valueOf(regions.get(i).get("label")))) {
        continue;
      }
      Object text = regions.get(i).get("text");
      String t = text == null ? "" : text.toString();
      Set<String> regionWords = words(t);
      int hits = 0;
      for (String term : terms) {
        if (regionWords.contains(term)) {
          hits++;
        }
      }
      if (hits > bestHits || (hits == bestHits && t.length() > bestLength)) {
        best = i;
        bestHits = hits;
        bestLength = t.length();
      }
    }
    return best;
  }

  private static Set<String> words(String text) {
    Set<String> out = new HashSet<>();
    Matcher m = WORD.matcher(text.toLowerCase(Locale.ROOT));
    while (m.find()) {
      if (!STOPWORDS.contains(m.group())) {
        out.add(m.group());
      }
    }
    return out;
  }

  private List<SimpleOrderedMap<Object>> pageImages(String documentId, String pageSizesJson) {
    List<SimpleOrderedMap<Object>> out = new ArrayList<>();
    if (pageSizesJson == null || pageSizesJson.isBlank() || documentId == null) {
      return out;
    }
    for (JsonNode p : readJson(pageSizesJson)) {
      SimpleOrderedMap<Object> page = new SimpleOrderedMap<>();
      int n = p.path("page").asInt();
      page.add("page", n);
      page.add("width", p.path("width").asInt());
      page.add("height", p.path("height").asInt());
      page.add("url", pageUrl(documentId, n));
      out.add(page);
    }
    return out;
  }

  private static JsonNode readJson(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      // a stored field this plugin wrote: corrupt means a bug or a foreign writer, say so
      throw new IllegalStateException("stored chunk JSON is not valid JSON: " + e.getMessage(), e);
    }
  }

  private static List<Integer> box(JsonNode b) {
    if (b == null || !b.isArray() || b.size() != 4) {
      return null;
    }
    return List.of(b.get(0).asInt(), b.get(1).asInt(), b.get(2).asInt(), b.get(3).asInt());
  }

  private static List<Integer> ints(Collection<Object> values) {
    List<Integer> out = new ArrayList<>();
    if (values != null) {
      for (Object v : values) {
        out.add(v instanceof Number n ? n.intValue() : Integer.parseInt(v.toString()));
      }
    }
    return out;
  }

  static String str(Object v) {
    return v == null ? null : v.toString();
  }

  static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
