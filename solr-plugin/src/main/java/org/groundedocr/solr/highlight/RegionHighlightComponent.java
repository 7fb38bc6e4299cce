package org.groundedocr.solr.highlight;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.apache.lucene.document.Document;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.uhighlight.CustomSeparatorBreakIterator;
import org.apache.lucene.search.uhighlight.LengthGoalBreakIterator;
import org.apache.lucene.search.uhighlight.UnifiedHighlighter;
import org.apache.lucene.search.uhighlight.WholeBreakIterator;
import org.apache.solr.common.SolrException.ErrorCode;
import org.apache.solr.common.SolrException;
import org.apache.solr.common.params.HighlightParams;
import org.apache.solr.common.params.ModifiableSolrParams;
import org.apache.solr.common.params.SolrParams;
import org.apache.solr.common.util.NamedList;
import org.apache.solr.common.util.SimpleOrderedMap;
import org.apache.solr.core.SolrCore;
import org.apache.solr.handler.component.ResponseBuilder;
import org.apache.solr.handler.component.SearchComponent;
import org.apache.solr.handler.component.ShardRequest;
import org.apache.solr.handler.component.ShardResponse;
import org.apache.solr.request.SolrQueryRequest;
import org.apache.solr.schema.IndexSchema;
import org.apache.solr.schema.SchemaField;
import org.apache.solr.search.DocIterator;
import org.apache.solr.search.DocList;
import org.apache.solr.search.QParser;
import org.apache.solr.search.QParserPlugin;
import org.apache.solr.search.QueryParsing;
import org.apache.solr.search.SolrIndexSearcher;
import org.apache.solr.search.SyntaxError;
import org.apache.solr.util.SolrPluginUtils;
import org.apache.solr.util.SolrResponseUtil;
import org.apache.solr.util.plugin.SolrCoreAware;
import org.groundedocr.chunking.ChunkRegion;
import org.groundedocr.chunking.PageSize;
import org.groundedocr.highlight.Coordinates;
import org.groundedocr.highlight.MatchedPassage;
import org.groundedocr.highlight.RegionSnippet;
import org.groundedocr.highlight.SnippetBuilder;
import org.groundedocr.solr.IndexFields;

/**
 * Locates the matched terms of every returned chunk on its page images. Configure it after
 * {@code query} in the search handler:
 *
 * <pre>{@code
 * <searchComponent name="regionHighlight" class="org.groundedocr.solr.highlight.RegionHighlightComponent">
 *   <str name="textField">chunk_text</str>         <!-- stored, indexed text the spans point into -->
 *   <str name="regionsField">regions</str>         <!-- stored JSON: regions with boxes and spans -->
 *   <str name="pageSizesField">page_sizes</str>    <!-- stored JSON: page pixel sizes -->
 *   <str name="parentField">parent_id</str>        <!-- the chunk's document, for page image URLs -->
 *   <str name="pagePath">/page</str>               <!-- the page image handler's path -->
 *   <str name="responseKey">ocrHighlighting</str>
 * </searchComponent>
 * <requestHandler name="/select" class="solr.SearchHandler">
 *   <arr name="last-components"><str>regionHighlight</str></arr>
 * </requestHandler>
 * }</pre>
 *
 * <p>Request: {@code hl.regions=true}, with Solr's highlighting parameters where they apply
 * ({@code hl.snippets}, {@code hl.q}, {@code hl.tag.pre/post}, {@code hl.encoder},
 * {@code hl.fragsize}, {@code hl.bs.type}, {@code hl.maxAnalyzedChars}, {@code hl.weightMatches},
 * {@code hl.requireFieldMatch}) and those of {@link RegionHighlightParams}. The response, under
 * {@code ocrHighlighting} and in solr-ocrhighlighting's vocabulary, holds per chunk id and field
 * {@code numTotal} and {@code snippets}, each with {@code text}, {@code score}, {@code pages},
 * {@code regions} and {@code highlights} (see {@link RegionSnippet}).
 *
 * <p>Lucene's {@link UnifiedHighlighter} finds the passages and match offsets (postings offsets of
 * the text field; a query on another field, e.g. the catch-all {@code _text_}, is highlighted in
 * the text field unless {@code hl.requireFieldMatch=true}); the chunk's stored region and line
 * spans turn the offsets into boxes. Nothing is read from outside the index at query time. In
 * SolrCloud the shards highlight their own chunks while fetching fields, and the coordinator
 * merges the results in the order of the hits.
 */
public final class RegionHighlightComponent extends SearchComponent implements SolrCoreAware {

  public static final String TEXT_FIELD = "textField";
  public static final String REGIONS_FIELD = "regionsField";
  public static final String PAGE_SIZES_FIELD = "pageSizesField";
  public static final String PARENT_FIELD = "parentField";
  public static final String PAGE_PATH = "pagePath";
  public static final String RESPONSE_KEY = "responseKey";

  private static final int DEFAULT_MAX_PASSAGES = 100;

  private String textField = IndexFields.CHUNK_TEXT;
  private String regionsField = IndexFields.REGIONS;
  private String pageSizesField = IndexFields.PAGE_SIZES;
  private String parentField = IndexFields.PARENT_ID;
  private String pagePath = "/page";
  private String responseKey = "ocrHighlighting";

  @Override
  public void init(NamedList<?> args) {
    super.init(args);
    SolrParams p = args.toSolrParams();
    textField = nonBlank(p, TEXT_FIELD, textField);
    regionsField = nonBlank(p, REGIONS_FIELD, regionsField);
    pageSizesField = nonBlank(p, PAGE_SIZES_FIELD, pageSizesField);
    parentField = nonBlank(p, PARENT_FIELD, parentField);
    pagePath = nonBlank(p, PAGE_PATH, pagePath);
    responseKey = nonBlank(p, RESPONSE_KEY, responseKey);
  }

  private static String nonBlank(SolrParams p, String name, String dflt) {
    String v = p.get(name);
    if (v == null) {
      return dflt;
    }
    if (v.isBlank()) {
      throw new SolrException(ErrorCode.SERVER_ERROR, "RegionHighlightComponent: '" + name + "' is blank");
    }
    return v.trim();
  }

  @Override
  public void inform(SolrCore core) {
    IndexSchema schema = core.getLatestSchema();
    SchemaField text = requireStored(schema, TEXT_FIELD, textField);
    if (!text.indexed() || !text.getType().isTokenized()) {
      throw new SolrException(ErrorCode.SERVER_ERROR, "RegionHighlightComponent: " + TEXT_FIELD
          + " '" + textField + "' must be an indexed text field");
    }
    requireStored(schema, REGIONS_FIELD, regionsField);
    requireStored(schema, PAGE_SIZES_FIELD, pageSizesField);
    requireStored(schema, PARENT_FIELD, parentField);
    if (schema.getUniqueKeyField() == null) {
      throw new SolrException(ErrorCode.SERVER_ERROR, "RegionHighlightComponent needs a uniqueKey");
    }
  }

  private static SchemaField requireStored(IndexSchema schema, String param, String name) {
    SchemaField f = schema.getFieldOrNull(name);
    if (f == null || !f.stored() || f.multiValued()) {
      throw new SolrException(ErrorCode.SERVER_ERROR, "RegionHighlightComponent: " + param + " '"
          + name + "' must be a stored, single-valued field of the schema");
    }
    return f;
  }

  @Override
  public void prepare(ResponseBuilder rb) {}

  private static boolean enabled(ResponseBuilder rb) {
    return rb.req.getParams().getBool(RegionHighlightParams.REGIONS, false);
  }

  @Override
  public void process(ResponseBuilder rb) throws IOException {
    if (!enabled(rb) || rb.getResults() == null || rb.getResults().docList == null) {
      return;
    }
    SolrQueryRequest req = rb.req;
    SolrParams params = req.getParams();
    Query query = highlightQuery(rb);
    SolrIndexSearcher searcher = req.getSearcher();
    DocList docs = rb.getResults().docList;
    int[] docIds = new int[docs.size()];
    DocIterator it = docs.iterator();
    for (int i = 0; it.hasNext(); i++) {
      docIds[i] = it.nextDoc();
    }

    int snippets = Math.max(0, params.getFieldInt(textField, HighlightParams.SNIPPETS, 1));
    int candidates = Math.max(snippets,
        params.getInt(RegionHighlightParams.MAX_PASSAGES, DEFAULT_MAX_PASSAGES));
    boolean byScore = params.getBool(RegionHighlightParams.SCORE_PASSAGES, true);
    Coordinates coordinates;
    try {
      coordinates = Coordinates.parse(params.get(RegionHighlightParams.COORDINATES));
    } catch (IllegalArgumentException e) {
      throw new SolrException(ErrorCode.BAD_REQUEST, RegionHighlightParams.COORDINATES + ": " + e.getMessage(), e);
    }
    UnaryOperator<String> encoder =
        "html".equals(params.getFieldParam(textField, HighlightParams.ENCODER, "simple"))
            ? RegionHighlightComponent::escapeHtml : UnaryOperator.identity();
    SnippetBuilder builder = new SnippetBuilder(
        params.getFieldParam(textField, HighlightParams.TAG_PRE, "<em>"),
        params.getFieldParam(textField, HighlightParams.TAG_POST, "</em>"), coordinates, encoder);

    MatchedPassage[][] passages = query == null || snippets == 0
        ? new MatchedPassage[docIds.length][]
        : highlighter(req, searcher).passages(textField, query, docIds, candidates);

    String uniqueKey = req.getSchema().getUniqueKeyField().getName();
    Set<String> fields = new HashSet<>(List.of(uniqueKey, textField, regionsField, pageSizesField, parentField));
    String collection = collectionName(req.getCore());
    NamedList<Object> out = new SimpleOrderedMap<>();
    for (int i = 0; i < docIds.length; i++) {
      Document doc = searcher.getDocFetcher().doc(docIds[i], fields);
      String id = req.getSchema().getUniqueKeyField().getType().toExternal(doc.getField(uniqueKey));
      NamedList<Object> perField = new SimpleOrderedMap<>();
      MatchedPassage[] found = passages[i];
      String text = doc.get(textField);
      if (found != null && found.length > 0 && text != null) {
        List<ChunkRegion> regions;
        List<PageSize> pages;
        try {
          regions = StoredChunkGeometry.regions(doc.get(regionsField));
          pages = StoredChunkGeometry.pageSizes(doc.get(pageSizesField));
        } catch (IOException e) {
          throw new SolrException(ErrorCode.SERVER_ERROR,
              "unreadable " + regionsField + "/" + pageSizesField + " in " + id, e);
        }
        MatchedPassage[] chosen = found.clone();
        if (byScore) {
          Arrays.sort(chosen, Comparator.comparingDouble(MatchedPassage::score).reversed()
              .thenComparingInt(MatchedPassage::start));
        }
        chosen = Arrays.copyOf(chosen, Math.min(snippets, chosen.length));
        List<Object> snippetList = new ArrayList<>(chosen.length);
        String parent = doc.get(parentField);
        for (MatchedPassage p : chosen) {
          RegionSnippet s = builder.build(text, regions, pages, p);
          snippetList.add(toNamedList(s, coordinates, collection, parent));
        }
        NamedList<Object> hl = new SimpleOrderedMap<>();
        hl.add("numTotal", found.length);
        hl.add("snippets", snippetList);
        perField.add(textField, hl);
      }
      out.add(id, perField);
    }
    rb.rsp.add(responseKey, out);
  }

  private Query highlightQuery(ResponseBuilder rb) {
    SolrParams params = rb.req.getParams();
    String q = params.get(RegionHighlightParams.Q, params.get(HighlightParams.Q));
    if (q == null) {
      return rb.getHighlightQuery() != null ? rb.getHighlightQuery() : rb.getQuery();
    }
    String parser = params.get(RegionHighlightParams.QPARSER,
        params.get(HighlightParams.QPARSER, params.get(QueryParsing.DEFTYPE, QParserPlugin.DEFAULT_QTYPE)));
    try {
      return QParser.getParser(q, parser, rb.req).getHighlightQuery();
    } catch (SyntaxError e) {
      throw new SolrException(ErrorCode.BAD_REQUEST, "highlight query: " + e.getMessage(), e);
    }
  }

  private PassageHighlighter highlighter(SolrQueryRequest req, SolrIndexSearcher searcher) {
    SolrParams params = req.getParams();
    UnifiedHighlighter.Builder b = UnifiedHighlighter.builder(searcher, req.getSchema().getIndexAnalyzer())
        .withBreakIterator(breakIterator(params))
        .withMaxLength(params.getFieldInt(textField, HighlightParams.MAX_CHARS, UnifiedHighlighter.DEFAULT_MAX_LENGTH))
        .withWeightMatches(params.getFieldBool(textField, HighlightParams.WEIGHT_MATCHES, true))
        .withHighlightPhrasesStrictly(params.getFieldBool(textField, HighlightParams.USE_PHRASE_HIGHLIGHTER, true))
        .withHandleMultiTermQuery(params.getFieldBool(textField, HighlightParams.HIGHLIGHT_MULTI_TERM, true))
        .withMaxNoHighlightPassages(0);
    if (!params.getFieldBool(textField, HighlightParams.FIELD_MATCH, false)) {
      b.withFieldMatcher(f -> true);
    }
    return new PassageHighlighter(b);
  }

  private Supplier<BreakIterator> breakIterator(SolrParams params) {
    String type = params.getFieldParam(textField, HighlightParams.BS_TYPE, "SENTENCE").toUpperCase(Locale.ROOT);
    int fragsize = params.getFieldInt(textField, HighlightParams.FRAGSIZE, 70);
    float align = params.getFieldFloat(textField, HighlightParams.FRAGALIGNRATIO, 0.33f);
    boolean minimum = params.getFieldBool(textField, HighlightParams.FRAGSIZEISMINIMUM, true);
    String separator = params.getFieldParam(textField, HighlightParams.BS_SEP);
    Supplier<BreakIterator> base = switch (type) {
      case "WHOLE" -> WholeBreakIterator::new;
      case "SEPARATOR" -> {
        if (separator == null || separator.length() != 1) {
          throw new SolrException(ErrorCode.BAD_REQUEST, HighlightParams.BS_SEP + " must be one character");
        }
        yield () -> new CustomSeparatorBreakIterator(separator.charAt(0));
      }
      case "SENTENCE" -> () -> BreakIterator.getSentenceInstance(Locale.ROOT);
      case "WORD" -> () -> BreakIterator.getWordInstance(Locale.ROOT);
      case "LINE" -> () -> BreakIterator.getLineInstance(Locale.ROOT);
      case "CHARACTER" -> () -> BreakIterator.getCharacterInstance(Locale.ROOT);
      default -> throw new SolrException(ErrorCode.BAD_REQUEST, "unknown " + HighlightParams.BS_TYPE + " " + type);
    };
    if ("WHOLE".equals(type) || fragsize <= 1) {
      return base;
    }
    return minimum
        ? () -> LengthGoalBreakIterator.createMinLength(base.get(), fragsize, align)
        : () -> LengthGoalBreakIterator.createClosestToLength(base.get(), fragsize, align);
  }

  private NamedList<Object> toNamedList(RegionSnippet s, Coordinates coordinates, String collection,
      String parent) {
    NamedList<Object> n = new SimpleOrderedMap<>();
    n.add("text", s.text());
    n.add("score", s.score());
    List<Object> pages = new ArrayList<>();
    for (RegionSnippet.Page p : s.pages()) {
      NamedList<Object> pn = new SimpleOrderedMap<>();
      pn.add("id", p.id());
      pn.add("number", p.number());
      pn.add("width", p.width());
      pn.add("height", p.height());
      if (parent != null && collection != null) {
        pn.add("image", "/solr/" + collection + pagePath + "?doc="
            + URLEncoder.encode(parent, StandardCharsets.UTF_8) + "&page=" + p.number());
      }
      pages.add(pn);
    }
    n.add("pages", pages);
    boolean fractions = coordinates == Coordinates.RELATIVE;
    List<Object> regions = new ArrayList<>();
    for (RegionSnippet.SnippetRegion r : s.regions()) {
      NamedList<Object> rn = new SimpleOrderedMap<>();
      corners(rn, r.ulx(), r.uly(), r.lrx(), r.lry(), fractions);
      rn.add("pageIdx", r.pageIdx());
      rn.add("page", r.page());
      rn.add("region", r.region());
      rn.add("label", r.label());
      rn.add("text", r.text());
      regions.add(rn);
    }
    n.add("regions", regions);
    List<Object> highlights = new ArrayList<>();
    for (List<RegionSnippet.SnippetBox> match : s.highlights()) {
      List<Object> boxes = new ArrayList<>();
      for (RegionSnippet.SnippetBox b : match) {
        NamedList<Object> bn = new SimpleOrderedMap<>();
        bn.add("text", b.text());
        corners(bn, b.ulx(), b.uly(), b.lrx(), b.lry(), fractions);
        bn.add("parentRegionIdx", b.parentRegionIdx());
        bn.add("line", b.line());
        boxes.add(bn);
      }
      highlights.add(boxes);
    }
    n.add("highlights", highlights);
    return n;
  }

  private static void corners(NamedList<Object> n, double ulx, double uly, double lrx, double lry,
      boolean fractions) {
    if (fractions) {
      n.add("ulx", (float) ulx);
      n.add("uly", (float) uly);
      n.add("lrx", (float) lrx);
      n.add("lry", (float) lry);
    } else {
      n.add("ulx", (int) Math.round(ulx));
      n.add("uly", (int) Math.round(uly));
      n.add("lrx", (int) Math.round(lrx));
      n.add("lry", (int) Math.round(lry));
    }
  }

  private static String collectionName(SolrCore core) {
    String c = core.getCoreDescriptor().getCollectionName();
    return c != null ? c : core.getName();
  }

  static String escapeHtml(String s) {
    StringBuilder sb = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      String rep = switch (c) {
        case '&' -> "&amp;";
        case '<' -> "&lt;";
        case '>' -> "&gt;";
        case '"' -> "&quot;";
        case '\'' -> "&#x27;";
        default -> null;
      };
      if (rep != null && sb == null) {
        sb = new StringBuilder(s.length() + 16).append(s, 0, i);
      }
      if (sb != null) {
        if (rep != null) {
          sb.append(rep);
        } else {
          sb.append(c);
        }
      }
    }
    return sb == null ? s : sb.toString();
  }

  // ---- distributed search: shards highlight while fetching fields; the coordinator merges ----

  @Override
  public void modifyRequest(ResponseBuilder rb, SearchComponent who, ShardRequest sreq) {
    if (!enabled(rb)) {
      return;
    }
    ModifiableSolrParams p = sreq.params;
    if ((sreq.purpose & ShardRequest.PURPOSE_GET_FIELDS) != 0) {
      p.set(RegionHighlightParams.REGIONS, true);
    } else {
      p.set(RegionHighlightParams.REGIONS, false);
    }
  }

  @Override
  public void finishStage(ResponseBuilder rb) {
    if (!enabled(rb) || rb.getStage() != ResponseBuilder.STAGE_GET_FIELDS) {
      return;
    }
    @SuppressWarnings("unchecked")
    Map.Entry<String, Object>[] byPosition = new Map.Entry[rb.resultIds.size()];
    for (ShardRequest sreq : rb.finished) {
      if ((sreq.purpose & ShardRequest.PURPOSE_GET_FIELDS) == 0) {
        continue;
      }
      for (ShardResponse srsp : sreq.responses) {
        if (srsp.getException() != null) {
          continue; // shards.tolerant: that shard's hits have no highlights
        }
        Object hl = SolrResponseUtil.getSubsectionFromShardResponse(rb, srsp, responseKey, true);
        if (hl instanceof NamedList<?> nl) {
          @SuppressWarnings("unchecked")
          NamedList<Object> named = (NamedList<Object>) nl;
          SolrPluginUtils.copyNamedListIntoArrayByDocPosInResponse(named, rb.resultIds, byPosition);
        }
      }
    }
    NamedList<Object> merged = new SimpleOrderedMap<>();
    for (Map.Entry<String, Object> e : byPosition) {
      if (e != null) {
        merged.add(e.getKey(), e.getValue());
      }
    }
    rb.rsp.add(responseKey, merged);
  }

  @Override
  public String getDescription() {
    return "Region highlighting: matched terms of chunks located on their page images";
  }
}
