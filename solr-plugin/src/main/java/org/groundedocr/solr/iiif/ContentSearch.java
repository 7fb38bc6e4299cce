package org.groundedocr.solr.iiif;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.solr.common.SolrDocument;
import org.apache.solr.common.SolrDocumentList;
import org.apache.solr.common.params.ModifiableSolrParams;
import org.apache.solr.common.util.NamedList;
import org.apache.solr.request.SolrQueryRequest;
import org.groundedocr.solr.IndexFields;
import org.groundedocr.solr.chunking.DocumentGeneration;

/**
 * Runs a IIIF Content Search query as an ordinary distributed search over the chunks, with the
 * region highlighter on, and returns each match's word boxes: one {@link Match} per matched span,
 * its boxes on the page (page pixels), the words before and after it for context.
 *
 * <p>Results come in pages of {@link #CHUNKS_PER_PAGE} chunks (at most
 * {@link #PASSAGES_PER_CHUNK} highlighted passages each), so one response is bounded however
 * many hits there are: chunks in reading order within a document, by relevance across the
 * collection (within a chunk, passages in the highlighter's order).
 */
final class ContentSearch {

  /** Marks a match in the highlighter's snippet text; private-use characters no OCR text holds. */
  static final String PRE = "\uE000";
  static final String POST = "\uE001";

  /** Chunks per result page: one page stays small whatever the query matches. */
  static final int CHUNKS_PER_PAGE = 20;

  /** Highlighted passages per chunk at most (a chunk is a few hundred words). */
  static final int PASSAGES_PER_CHUNK = 100;

  /** A box of a match on page {@code page} of document {@code doc}. */
  record WordBox(String doc, int page, int x, int y, int w, int h, String text) {}

  record Match(String doc, String exact, String before, String after, List<WordBox> boxes) {}

  /** One result page: its matches, and how many result pages the query has in all. */
  record Page(List<Match> matches, int index, int pages) {}

  private final String textField;
  private final String highlightKey;

  ContentSearch(String textField, String highlightKey) {
    this.textField = textField;
    this.highlightKey = highlightKey;
  }

  /**
   * Result page {@code page} (0-based) of {@code q} in document {@code doc}, or in the whole
   * collection when it is null.
   */
  Page run(SolrQueryRequest req, String q, String doc, int page) throws IOException {
    ModifiableSolrParams p = chunkFilters(doc);
    p.set("q", q);
    p.set("defType", "edismax");
    p.set("qf", textField);
    p.set("q.op", "AND");
    p.set("start", page * CHUNKS_PER_PAGE);
    p.set("rows", CHUNKS_PER_PAGE);
    // a stable order, so that page n+1 continues page n
    p.set("sort", doc != null ? IndexFields.CHUNK_ORDINAL + " asc,id asc" : "score desc,id asc");
    p.set("fl", "id," + IndexFields.PARENT_ID);
    p.set("hl.regions", true);
    p.set("hl.regions.coords", "absolute");
    p.set("hl.snippets", PASSAGES_PER_CHUNK);
    p.set("hl.tag.pre", PRE);
    p.set("hl.tag.post", POST);
    p.set("hl.bs.type", "SENTENCE");
    NamedList<Object> rsp = StoredDocuments.request(req, "/select", p);
    SolrDocumentList docs = (SolrDocumentList) rsp.get("response");
    int pages = (int) Math.max(1, (docs.getNumFound() + CHUNKS_PER_PAGE - 1) / CHUNKS_PER_PAGE);
    List<Match> matches = new ArrayList<>();
    Object hl = rsp.get(highlightKey);
    if (!(hl instanceof NamedList<?> perDoc)) {
      return new Page(matches, page, pages);
    }
    // in the order of the results (the highlighting section need not keep it)
    for (SolrDocument d : docs) {
      Object parent = d.getFirstValue(IndexFields.PARENT_ID);
      NamedList<?> fields = (NamedList<?>) perDoc.get(d.getFirstValue(IndexFields.ID).toString());
      NamedList<?> field = fields == null ? null : (NamedList<?>) fields.get(textField);
      if (field == null) {
        continue;
      }
      for (Object s : (List<?>) field.get("snippets")) {
        snippet(parent == null ? (doc == null ? "" : doc) : parent.toString(), (NamedList<?>) s, matches);
      }
    }
    return new Page(matches, page, pages);
  }

  /** A word of the index that the query parser would match. */
  record Term(String value, long chunks) {}

  /**
   * Up to {@code limit} indexed words of document {@code doc} (or the collection) that start
   * with {@code prefix}, most frequent first: Content Search's autocomplete. Terms are read by
   * enumerating the prefix's terms against the filter (no un-inverted copy of the text field).
   */
  List<Term> terms(SolrQueryRequest req, String prefix, String doc, int limit) throws IOException {
    ModifiableSolrParams p = chunkFilters(doc);
    p.set("q", "*:*");
    p.set("rows", 0);
    p.set("facet", true);
    p.set("facet.field", textField);
    p.set("facet.prefix", prefix);
    p.set("facet.limit", limit);
    p.set("facet.mincount", 1);
    p.set("facet.method", "enum");
    NamedList<Object> rsp = StoredDocuments.request(req, "/select", p);
    List<Term> out = new ArrayList<>();
    Object counts = rsp.findRecursive("facet_counts", "facet_fields", textField);
    if (counts instanceof NamedList<?> terms) {
      for (int i = 0; i < terms.size(); i++) {
        out.add(new Term(terms.getName(i), ((Number) terms.getVal(i)).longValue()));
      }
    }
    return out;
  }

  /** Chunks of complete documents, of {@code doc} when it is not null. */
  private static ModifiableSolrParams chunkFilters(String doc) {
    ModifiableSolrParams p = new ModifiableSolrParams();
    p.add("fq", "{!term f=" + IndexFields.DOC_TYPE + "}" + IndexFields.TYPE_CHUNK);
    // complete documents only, as /select in the viewer, search and /rag (issue 16)
    p.add("fq", DocumentGeneration.COMPLETE_FILTER);
    if (doc != null) {
      p.add("fq", "{!term f=" + IndexFields.PARENT_ID + "}" + doc);
    }
    return p;
  }

  private static void snippet(String doc, NamedList<?> s, List<Match> out) {
    String text = String.valueOf(s.get("text"));
    List<?> regions = (List<?>) s.get("regions");
    List<?> highlights = (List<?>) s.get("highlights");
    List<String[]> contexts = contexts(text);
    for (int m = 0; m < highlights.size(); m++) {
      List<WordBox> boxes = new ArrayList<>();
      StringBuilder exact = new StringBuilder();
      for (Object o : (List<?>) highlights.get(m)) {
        NamedList<?> b = (NamedList<?>) o;
        int regionIdx = ((Number) b.get("parentRegionIdx")).intValue();
        NamedList<?> region = (NamedList<?>) regions.get(regionIdx);
        int page = ((Number) region.get("page")).intValue();
        int ulx = ((Number) b.get("ulx")).intValue();
        int uly = ((Number) b.get("uly")).intValue();
        int lrx = ((Number) b.get("lrx")).intValue();
        int lry = ((Number) b.get("lry")).intValue();
        String t = String.valueOf(b.get("text"));
        boxes.add(new WordBox(doc, page, ulx, uly, Math.max(1, lrx - ulx), Math.max(1, lry - uly), t));
        exact.append(exact.length() == 0 ? "" : " ").append(t);
      }
      if (boxes.isEmpty()) {
        continue;
      }
      String[] ctx = m < contexts.size() && contexts.size() == highlights.size()
          ? contexts.get(m) : new String[] {"", exact.toString(), ""};
      out.add(new Match(doc, ctx[1], ctx[0], ctx[2], boxes));
    }
  }

  /** Per marked match of the snippet text: {before, match, after}, markers removed. */
  static List<String[]> contexts(String text) {
    List<String[]> out = new ArrayList<>();
    int from = 0;
    while (true) {
      int a = text.indexOf(PRE, from);
      int b = a < 0 ? -1 : text.indexOf(POST, a);
      if (a < 0 || b < 0) {
        return out;
      }
      String before = text.substring(0, a);
      String after = text.substring(b + POST.length());
      out.add(new String[] {clean(before), clean(text.substring(a + PRE.length(), b)), clean(after)});
      from = b + POST.length();
    }
  }

  private static String clean(String s) {
    return s.replace(PRE, "").replace(POST, "").replaceAll("\\s+", " ");
  }
}
