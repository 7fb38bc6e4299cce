package org.groundedocr.solr.rag;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.solr.common.SolrException.ErrorCode;
import org.apache.solr.common.SolrException;
import org.apache.solr.common.params.SolrParams;

/**
 * One {@code /rag} question with its options, from request parameters or a JSON body (the body
 * wins where both give a value). Every bad value fails with a message naming the parameter.
 *
 * @param question what to answer
 * @param k passages to return
 * @param candidates depth of each retriever (lexical rows, kNN topK per shard)
 * @param mode which retrievers run
 * @param rrfK the k of reciprocal rank fusion: {@code score = sum(weight / (rrfK + rank))}
 * @param lexicalWeight weight of the lexical ranking in the fusion
 * @param vectorWeight weight of the vector ranking in the fusion
 * @param documents only chunks of these documents (parent ids)
 * @param labels only chunks with one of these layout labels
 * @param pages only chunks on one of these pages or page ranges ({@code 3}, {@code 2-5})
 * @param area only chunks with a region in this page area ({@code pagearea} local params:
 *     {@code page=1 box=0,0,1,0.5}, optional {@code op}, {@code units}, {@code width}, {@code height})
 * @param filterQueries any further filter queries, as {@code fq}
 * @param expand neighbouring chunks to add on each side of every passage (0: none)
 * @param fields further stored chunk fields to return per passage
 */
public record RagRequest(
    String question,
    int k,
    int candidates,
    Mode mode,
    int rrfK,
    double lexicalWeight,
    double vectorWeight,
    List<String> documents,
    List<String> labels,
    List<String> pages,
    String area,
    List<String> filterQueries,
    int expand,
    List<String> fields) {

  public static final int DEFAULT_K = 5;
  public static final int DEFAULT_CANDIDATES = 50;
  /** Cormack, Clarke and Buettcher (2009): 60 works across collections. */
  public static final int DEFAULT_RRF_K = 60;
  public static final int MAX_K = 100;
  public static final int MAX_CANDIDATES = 1000;
  public static final int MAX_EXPAND = 10;

  /** Which retrievers run. */
  public enum Mode {
    HYBRID,
    LEXICAL,
    VECTOR;

    static Mode parse(String v) {
      try {
        return valueOf(v.strip().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw bad("mode must be hybrid, lexical or vector, got '" + v + "'");
      }
    }

    boolean lexical() {
      return this != VECTOR;
    }

    boolean vector() {
      return this != LEXICAL;
    }
  }

  /**
   * Request parameters (with the handler's {@code defaults} already applied by Solr) first, then
   * the JSON body's keys over them.
   */
  static RagRequest from(SolrParams params, Map<String, Object> body) {
    Map<String, Object> json = body == null ? Map.of() : body;
    Map<String, Object> filters = map(json.get("filters"), "filters");

    String question = str(json, "question", params.get("question", params.get("q")));
    if (question == null || question.isBlank()) {
      throw bad("question is required (parameter 'question' or 'q', or JSON key 'question')");
    }
    int k = intValue(json, "k", params.get("k"), DEFAULT_K, 1, MAX_K);
    int candidates = intValue(json, "candidates", params.get("candidates"), Math.max(DEFAULT_CANDIDATES, k), k, MAX_CANDIDATES);
    Mode mode = Mode.parse(str(json, "mode", params.get("mode", "hybrid")));
    int rrfK = intValue(json, "rrfK", params.get("rrfK"), DEFAULT_RRF_K, 0, 100_000);
    double lw = doubleValue(json, "lexicalWeight", params.get("lexicalWeight"), 1.0);
    double vw = doubleValue(json, "vectorWeight", params.get("vectorWeight"), 1.0);
    List<String> documents = list(filters, "document", params.getParams("document"));
    List<String> labels = list(filters, "label", params.getParams("label"));
    List<String> pages = list(filters, "page", params.getParams("page"));
    for (String p : pages) {
      if (!p.matches("\\d+(\\s*-\\s*\\d+)?")) {
        throw bad("page must be a page number or a range like 2-5, got '" + p + "'");
      }
    }
    String area = area(filters.containsKey("area") ? filters.get("area") : params.get("area"));
    List<String> fq = list(filters, "fq", params.getParams("fq"));
    int expand = intValue(json, "expand", params.get("expand"), 0, 0, MAX_EXPAND);
    List<String> fields = list(json, "fields", params.getParams("fields"));
    return new RagRequest(
        question.strip(), k, candidates, mode, rrfK, lw, vw, documents, labels, pages,
        area == null || area.isBlank() ? null : area.strip(), fq, expand, fields);
  }

  /** The pagearea keys, in the order the filter is written (so equal filters give equal strings). */
  private static final List<String> AREA_KEYS = List.of("page", "box", "op", "units", "width", "height");
  private static final Pattern AREA_VALUE = Pattern.compile("[A-Za-z0-9.,\\-]+");

  /**
   * The area filter as {@code pagearea} local params: a JSON object ({@code {"page": 1, "box":
   * [0, 0, 1, 0.5]}}) or a string of them ({@code page=1 box=0,0,1,0.5}); keys and values are
   * checked, so a filter can never smuggle other local params in.
   */
  static String area(Object v) {
    if (v == null) {
      return null;
    }
    java.util.Map<String, String> kv = new LinkedHashMap<>();
    if (v instanceof Map<?, ?> m) {
      for (Map.Entry<?, ?> e : m.entrySet()) {
        Object value = e.getValue();
        String text = value instanceof List<?> list
            ? String.join(",", list.stream().map(String::valueOf).toList())
            : String.valueOf(value);
        kv.put(String.valueOf(e.getKey()), text);
      }
    } else {
      String text = v.toString().strip();
      if (text.isEmpty()) {
        return null;
      }
      for (String part : text.split("\\s+")) {
        int eq = part.indexOf('=');
        if (eq <= 0) {
          throw bad("area must be key=value pairs like 'page=1 box=0,0,1,0.5', got '" + text + "'");
        }
        kv.put(part.substring(0, eq), part.substring(eq + 1));
      }
    }
    if (!kv.containsKey("page") || !kv.containsKey("box")) {
      throw bad("area needs page and box (x1,y1,x2,y2, relative to the page unless units=px)");
    }
    for (Map.Entry<String, String> e : kv.entrySet()) {
      if (!AREA_KEYS.contains(e.getKey())) {
        throw bad("area: unknown key '" + e.getKey() + "' (known: " + AREA_KEYS + ")");
      }
      if (!AREA_VALUE.matcher(e.getValue()).matches()) {
        throw bad("area: bad value for " + e.getKey() + ": '" + e.getValue() + "'");
      }
    }
    StringBuilder sb = new StringBuilder();
    for (String key : AREA_KEYS) {
      if (kv.containsKey(key)) {
        sb.append(sb.length() > 0 ? " " : "").append(key).append('=').append(kv.get(key));
      }
    }
    return sb.toString();
  }

  private static SolrException bad(String message) {
    return new SolrException(ErrorCode.BAD_REQUEST, message);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object v, String name) {
    if (v == null) {
      return Map.of();
    }
    if (!(v instanceof Map)) {
      throw bad(name + " must be a JSON object");
    }
    return (Map<String, Object>) v;
  }

  private static String str(Map<String, Object> json, String key, String fallback) {
    Object v = json.get(key);
    if (v == null) {
      return fallback;
    }
    if (v instanceof Map || v instanceof List) {
      throw bad(key + " must be a string");
    }
    return v.toString();
  }

  private static int intValue(Map<String, Object> json, String key, String param, int dflt, int min, int max) {
    Object v = json.containsKey(key) ? json.get(key) : param;
    if (v == null) {
      return dflt;
    }
    int n;
    try {
      n = v instanceof Number num ? num.intValue() : Integer.parseInt(v.toString().strip());
    } catch (NumberFormatException e) {
      throw bad(key + " must be an integer, got '" + v + "'");
    }
    if (n < min || n > max) {
      throw bad(key + " must be between " + min + " and " + max + ", got " + n);
    }
    return n;
  }

  private static double doubleValue(Map<String, Object> json, String key, String param, double dflt) {
    Object v = json.containsKey(key) ? json.get(key) : param;
    if (v == null) {
      return dflt;
    }
    double d;
    try {
      d = v instanceof Number num ? num.doubleValue() : Double.parseDouble(v.toString().strip());
    } catch (NumberFormatException e) {
      throw bad(key + " must be a number, got '" + v + "'");
    }
    if (!(d >= 0) || Double.isInfinite(d)) {
      throw bad(key + " must be a non-negative number, got " + v);
    }
    return d;
  }

  /** A JSON string or array, else the repeated parameter; comma-separated values are split. */
  private static List<String> list(Map<String, Object> json, String key, String[] params) {
    List<String> out = new ArrayList<>();
    Object v = json.get(key);
    if (v instanceof List<?> values) {
      for (Object o : values) {
        if (o != null && !o.toString().isBlank()) {
          out.add(o.toString().strip());
        }
      }
      return List.copyOf(out);
    }
    if (v instanceof Map) {
      throw bad(key + " must be a string or an array");
    }
    String[] raw = v != null ? new String[] {v.toString()} : params;
    if (raw != null) {
      for (String r : raw) {
        if (key.equals("fq")) {
          // a filter query may itself contain commas
          if (!r.isBlank()) {
            out.add(r.strip());
          }
          continue;
        }
        for (String part : r.split(",")) {
          if (!part.isBlank()) {
            out.add(part.strip());
          }
        }
      }
    }
    return List.copyOf(out);
  }
}
