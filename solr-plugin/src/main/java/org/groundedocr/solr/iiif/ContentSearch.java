package org.groundedocr.solr.iiif;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.solr.common.params.ModifiableSolrParams;
import org.apache.solr.common.util.NamedList;
import org.apache.solr.request.SolrQueryRequest;
import org.groundedocr.solr.IndexFields;
import org.groundedocr.solr.chunking.DocumentGeneration;

/**
 * Runs a IIIF Content Search query as an ordinary distributed search over the chunks, with the
 * region highlighter on, and returns each match's word boxes: one {@link Match} per matched span,
 * its boxes on the page (page pixels), the words before and after it for context.
 */
final class ContentSearch {

  /** Marks a match in the highlighter's snippet text; private-use characters no OCR text holds. */
  static final String PRE = "\uE000";
  static final String POST = "\uE001";

  /** A box of a match on page {@code page} of document {@code doc}. */
  record WordBox(String doc, int page, int x, int y, int w, int h, String text) {}

  record Match(String doc, String exact, String before, String after, List<WordBox> boxes) {}

  private final String textField;
  private final String highlightKey;
  private final int maxMatches;

  ContentSearch(String textField, String highlightKey, int maxMatches) {
    this.textField = textField;
    this.highlightKey = highlightKey;
    this.maxMatches = maxMatches;
  }

  /** Matches of {@code q} in document {@code doc}, or in the whole collection when it is null. */
  List<Match> run(SolrQueryRequest req, String q, String doc) throws IOException {
    ModifiableSolrParams p = new ModifiableSolrParams();
    p.set("q", q);
    p.set("defType", "edismax");
    p.set("qf", textField);
    p.set("q.op", "AND");
    p.add("fq", "{!term f=" + IndexFields.DOC_TYPE + "}" + IndexFields.TYPE_CHUNK);
    // complete documents only, as /select in the viewer, search and /rag (issue 16)
    p.add("fq", DocumentGeneration.COMPLETE_FILTER);
    if (doc != null) {
      p.add("fq", "{!term f=" + IndexFields.PARENT_ID + "}" + doc);
    }
    p.set("rows", maxMatches);
    p.set("fl", "id," + IndexFields.PARENT_ID);
    p.set("hl.regions", true);
    p.set("hl.regions.coords", "absolute");
    p.set("hl.snippets", maxMatches);
    p.set("hl.tag.pre", PRE);
    p.set("hl.tag.post", POST);
    p.set("hl.bs.type", "SENTENCE");
    NamedList<Object> rsp = StoredDocuments.request(req, "/select", p);
    List<Match> matches = new ArrayList<>();
    Object hl = rsp.get(highlightKey);
    if (!(hl instanceof NamedList<?> perDoc)) {
      return matches;
    }
    org.apache.solr.common.SolrDocumentList docs = (org.apache.solr.common.SolrDocumentList) rsp.get("response");
    java.util.Map<String, String> parents = new java.util.HashMap<>();
    for (org.apache.solr.common.SolrDocument d : docs) {
      Object parent = d.getFirstValue(IndexFields.PARENT_ID);
      parents.put(d.getFirstValue(IndexFields.ID).toString(), parent == null ? "" : parent.toString());
    }
    for (int i = 0; i < perDoc.size() && matches.size() < maxMatches; i++) {
      String chunkId = perDoc.getName(i);
      String parent = parents.getOrDefault(chunkId, doc == null ? "" : doc);
      NamedList<?> fields = (NamedList<?>) perDoc.getVal(i);
      NamedList<?> field = fields == null ? null : (NamedList<?>) fields.get(textField);
      if (field == null) {
        continue;
      }
      for (Object s : (List<?>) field.get("snippets")) {
        snippet(parent, (NamedList<?>) s, matches);
      }
    }
    return matches.size() > maxMatches ? matches.subList(0, maxMatches) : matches;
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
