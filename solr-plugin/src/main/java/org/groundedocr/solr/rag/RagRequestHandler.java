package org.groundedocr.solr.rag;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.solr.client.solrj.response.QueryResponse;
import org.apache.solr.common.SolrDocument;
import org.apache.solr.common.SolrDocumentList;
import org.apache.solr.common.SolrException.ErrorCode;
import org.apache.solr.common.SolrException;
import org.apache.solr.common.params.CommonParams;
import org.apache.solr.common.params.ModifiableSolrParams;
import org.apache.solr.common.params.SolrParams;
import org.apache.solr.common.util.ContentStream;
import org.apache.solr.common.util.NamedList;
import org.apache.solr.common.util.SimpleOrderedMap;
import org.apache.solr.core.SolrCore;
import org.apache.solr.handler.RequestHandlerBase;
import org.apache.solr.request.SolrQueryRequest;
import org.apache.solr.response.SolrQueryResponse;
import org.apache.solr.security.AuthorizationContext;
import org.apache.solr.update.processor.UpdateRequestProcessorChain;
import org.apache.solr.update.processor.UpdateRequestProcessorFactory;
import org.apache.solr.util.plugin.SolrCoreAware;
import org.groundedocr.embed.EmbeddingException;
import org.groundedocr.embed.SentenceEmbedder;
import org.groundedocr.solr.IndexFields;
import org.groundedocr.solr.LocalSubQueries;
import org.groundedocr.solr.chunking.DocumentGeneration;
import org.groundedocr.solr.rag.ReciprocalRankFusion.Fused;
import org.groundedocr.solr.rag.ReciprocalRankFusion.Hit;

/**
 * {@code /rag}: the passages that answer a question, with what a client needs to cite them.
 *
 * <pre>{@code
 * <requestHandler name="/rag" class="org.groundedocr.solr.rag.RagRequestHandler">
 *   <!-- the chain whose EmbeddingUpdateProcessorFactory embedded the chunks (default: the default chain) -->
 *   <str name="updateChain">grounded-ocr</str>
 *   <lst name="defaults">
 *     <int name="k">5</int>
 *     <int name="candidates">50</int>
 *     <int name="rrfK">60</int>
 *     <str name="qf">retrieval_text</str>
 *   </lst>
 * </requestHandler>
 * }</pre>
 *
 * <p>Init parameters: {@code updateChain} (see above; the question is embedded by the very model
 * and settings that embedded the chunks, so the two can never drift apart), {@code searchHandler}
 * ({@code /select}: the sub-queries run through it, so in SolrCloud they are ordinary distributed
 * searches over every shard of the collection), {@code chunkFilter} ({@code {!term f=doc_type}chunk}),
 * {@code pageHandler} ({@code /page}, for page-image URLs) and {@code areaParser}
 * ({@code pagearea}, the query parser of the area filter).
 *
 * <p>Per request (parameters or a JSON body, see {@link RagRequest}): the question is embedded;
 * the lexical ranking (edismax over {@code qf}) and the vector ranking ({@code knn} over the
 * vector field) run with the same filters; reciprocal rank fusion merges them; the best
 * {@code k} chunks are fetched with their regions, optionally with their neighbouring chunks. The
 * response is JSON with {@code wt=json} (the default).
 */
public class RagRequestHandler extends RequestHandlerBase implements SolrCoreAware {

  public static final String UPDATE_CHAIN_PARAM = "updateChain";
  public static final String SEARCH_HANDLER_PARAM = "searchHandler";
  public static final String CHUNK_FILTER_PARAM = "chunkFilter";
  public static final String PAGE_HANDLER_PARAM = "pageHandler";
  public static final String AREA_PARSER_PARAM = "areaParser";
  /**
   * Init parameter ({@code <bool>}): keep to chunks of complete documents
   * ({@link DocumentGeneration#COMPLETE_FILTER}, the one filter the viewer, {@code search} and IIIF
   * use too); default false, for chunks indexed without the grounded-ocr chunker.
   */
  public static final String COMPLETE_DOCUMENTS_PARAM = "completeDocumentsOnly";
  /** The former init parameter that held a copy of the filter; refused, naming its successor. */
  static final String OLD_COMPLETE_FILTER_PARAM = "completeFilter";
  /** Request parameter: the lexical query fields (edismax {@code qf}). */
  public static final String QF_PARAM = "qf";

  private static final ObjectMapper JSON = new ObjectMapper();
  /** Lucene query syntax characters: a question is text, never query syntax. */
  private static final Pattern SYNTAX = Pattern.compile("([+\\-!(){}\\[\\]^\"~*?:\\\\/&|])");
  private static final Pattern OPERATORS = Pattern.compile("\\b(AND|OR|NOT)\\b");
  /**
   * Equal scores are common (near-identical chunks of look-alike documents); without a tie-break
   * their order follows index-internal ids, which differ between shards, replicas and merges.
   */
  private static final String TIE_BREAK = "score desc,id asc";

  private String updateChain;
  private String searchHandler = "/select";
  private String chunkFilter = "{!term f=" + IndexFields.DOC_TYPE + "}chunk";
  private String pageHandler = "/page";
  private String areaParser = "pagearea";
  private String completeFilter;
  private volatile EmbeddingUpdateProcessorFactory embedding;

  @Override
  public void init(NamedList<?> args) {
    super.init(args);
    updateChain = initString(args, UPDATE_CHAIN_PARAM, null);
    searchHandler = initString(args, SEARCH_HANDLER_PARAM, searchHandler);
    chunkFilter = initString(args, CHUNK_FILTER_PARAM, chunkFilter);
    pageHandler = initString(args, PAGE_HANDLER_PARAM, pageHandler);
    areaParser = initString(args, AREA_PARSER_PARAM, areaParser);
    if (args != null && args.get(OLD_COMPLETE_FILTER_PARAM) != null) {
      throw new SolrException(ErrorCode.SERVER_ERROR, OLD_COMPLETE_FILTER_PARAM + " is gone: write <bool name=\""
          + COMPLETE_DOCUMENTS_PARAM + "\">true</bool> (the filter is the plugin's own, not a copy in solrconfig.xml)");
    }
    Object complete = args == null ? null : args.get(COMPLETE_DOCUMENTS_PARAM);
    completeFilter = complete != null && Boolean.parseBoolean(complete.toString()) ? DocumentGeneration.COMPLETE_FILTER : null;
    if (!searchHandler.startsWith("/") || !pageHandler.startsWith("/")) {
      throw new SolrException(
          ErrorCode.SERVER_ERROR, SEARCH_HANDLER_PARAM + " and " + PAGE_HANDLER_PARAM + " must be paths starting with /");
    }
  }

  private static String initString(NamedList<?> args, String name, String dflt) {
    Object v = args.get(name);
    if (v == null) {
      return dflt;
    }
    if (!(v instanceof String s) || s.isBlank()) {
      throw new SolrException(ErrorCode.SERVER_ERROR, name + " must be a non-empty string");
    }
    return s.strip();
  }

  @Override
  public void inform(SolrCore core) {
    // fail at core load when the chain is missing or has no embedding processor; the factory's
    // model is resolved on the first request (the factory may be informed after this handler)
    findEmbedding(core);
  }

  private EmbeddingUpdateProcessorFactory findEmbedding(SolrCore core) {
    UpdateRequestProcessorChain chain;
    try {
      chain = core.getUpdateProcessingChain(updateChain);
    } catch (SolrException e) {
      throw new SolrException(ErrorCode.SERVER_ERROR, UPDATE_CHAIN_PARAM + ": " + e.getMessage(), e);
    }
    for (UpdateRequestProcessorFactory f : chain.getProcessors()) {
      if (f instanceof EmbeddingUpdateProcessorFactory e) {
        return e;
      }
    }
    throw new SolrException(
        ErrorCode.SERVER_ERROR,
        UPDATE_CHAIN_PARAM + ": update chain '" + (updateChain == null ? "(default)" : updateChain)
            + "' has no " + EmbeddingUpdateProcessorFactory.class.getSimpleName()
            + ": /rag embeds questions with the model that embedded the chunks");
  }

  private EmbeddingUpdateProcessorFactory embedding(SolrCore core) {
    EmbeddingUpdateProcessorFactory e = embedding;
    if (e == null) {
      e = findEmbedding(core);
      if (e.embedder() == null) {
        throw new SolrException(ErrorCode.SERVER_ERROR, "the embedding model is not loaded yet");
      }
      embedding = e;
    }
    return e;
  }

  @Override
  public void handleRequestBody(SolrQueryRequest req, SolrQueryResponse rsp) throws Exception {
    long start = System.nanoTime();
    RagRequest rag = RagRequest.from(req.getParams(), jsonBody(req));
    SolrCore core = req.getCore();
    EmbeddingUpdateProcessorFactory emb = rag.mode().vector() ? embedding(core) : null;
    List<String> filters = filters(rag);
    SimpleOrderedMap<Object> timing = new SimpleOrderedMap<>();

    float[] questionVector = null;
    if (emb != null) {
      long t = System.nanoTime();
      try {
        questionVector = emb.embedder().embedQuery(rag.question());
      } catch (EmbeddingException e) {
        throw new SolrException(ErrorCode.SERVER_ERROR, "cannot embed the question: " + e.getMessage(), e);
      }
      timing.add("embedMs", millis(t));
    }

    LocalSubQueries client = new LocalSubQueries(req, searchHandler);
    List<Hit> lexical = List.of();
    List<Hit> vector = List.of();
    if (rag.mode().lexical()) {
      long t = System.nanoTime();
      lexical = ranking(client, lexicalParams(rag, req.getParams(), filters));
      timing.add("lexicalMs", millis(t));
    }
    if (emb != null) {
      long t = System.nanoTime();
      vector = ranking(client, vectorParams(rag, emb.vectorField(), questionVector, filters));
      timing.add("vectorMs", millis(t));
    }
    List<Fused> fused = ReciprocalRankFusion.fuse(
        lexical, vector, rag.rrfK(), rag.lexicalWeight(), rag.vectorWeight());
    List<Fused> top = fused.subList(0, Math.min(rag.k(), fused.size()));

    long t = System.nanoTime();
    Map<String, SolrDocument> docs = fetch(client, top.stream().map(Fused::id).toList(), rag.fields());
    Map<String, String> titles = parentTitles(client, docs.values());
    Map<String, List<SolrDocument>> neighbours =
        rag.expand() > 0 ? neighbours(client, docs.values(), rag.expand()) : Map.of();
    timing.add("fetchMs", millis(t));

    Citations citations = new Citations(collectionName(core), pageHandler);
    List<SimpleOrderedMap<Object>> passages = new ArrayList<>();
    int rank = 0;
    for (Fused f : top) {
      SolrDocument doc = docs.get(f.id());
      if (doc == null) {
        continue; // deleted between the ranking and the fetch
      }
      passages.add(passage(++rank, f, doc, titles, neighbours, citations, rag));
    }

    rsp.add("question", rag.question());
    rsp.add("mode", rag.mode().name().toLowerCase(Locale.ROOT));
    rsp.add("passages", passages);
    SimpleOrderedMap<Object> retrieval = new SimpleOrderedMap<>();
    retrieval.add("lexicalHits", lexical.size());
    retrieval.add("vectorHits", vector.size());
    retrieval.add("fusedHits", fused.size());
    retrieval.add("rrfK", rag.rrfK());
    retrieval.add("lexicalWeight", rag.lexicalWeight());
    retrieval.add("vectorWeight", rag.vectorWeight());
    if (emb != null) {
      retrieval.add("model", emb.embedder().modelId());
      retrieval.add("vectorField", emb.vectorField());
    }
    retrieval.add("filters", filters);
    rsp.add("retrieval", retrieval);
    timing.add("totalMs", millis(start));
    rsp.add("timing", timing);
  }

  private SimpleOrderedMap<Object> passage(
      int rank,
      Fused f,
      SolrDocument doc,
      Map<String, String> titles,
      Map<String, List<SolrDocument>> neighbours,
      Citations citations,
      RagRequest rag) {
    SimpleOrderedMap<Object> p = new SimpleOrderedMap<>();
    p.add("rank", rank);
    SimpleOrderedMap<Object> chunk = citations.chunk(doc, rag.fields());
    p.add("id", chunk.remove("id"));
    p.add("text", chunk.remove("text"));
    SimpleOrderedMap<Object> score = new SimpleOrderedMap<>();
    score.add("fused", f.score());
    if (f.lexical() != null) {
      SimpleOrderedMap<Object> l = new SimpleOrderedMap<>();
      l.add("rank", f.lexical().rank());
      l.add("score", f.lexical().score());
      score.add("lexical", l);
    }
    if (f.vector() != null) {
      SimpleOrderedMap<Object> v = new SimpleOrderedMap<>();
      v.add("rank", f.vector().rank());
      v.add("score", f.vector().score());
      // Solr scores cosine similarity as (1 + cos) / 2
      v.add("cosine", 2.0 * f.vector().score() - 1.0);
      score.add("vector", v);
    }
    p.add("score", score);
    String parent = Citations.str(doc.getFirstValue(IndexFields.PARENT_ID));
    SimpleOrderedMap<Object> document = new SimpleOrderedMap<>();
    document.add("id", parent);
    String title = Citations.str(doc.getFirstValue(IndexFields.TITLE));
    if (title == null && parent != null) {
      title = titles.get(parent);
    }
    if (title != null) {
      document.add("title", title);
    }
    Object source = doc.getFirstValue(IndexFields.SOURCE);
    if (source != null) {
      document.add("source", source.toString());
    }
    p.add("document", document);
    for (Map.Entry<String, Object> e : chunk) {
      p.add(e.getKey(), e.getValue());
    }
    @SuppressWarnings("unchecked")
    List<SimpleOrderedMap<Object>> regions = (List<SimpleOrderedMap<Object>>) chunk.get("regions");
    int best = Citations.bestRegion(rag.question(), regions);
    if (best >= 0) {
      // the region to show first: index into regions
      p.add("cite", best);
    }
    List<SolrDocument> around = neighbours.get(f.id());
    if (around != null) {
      p.add("context", context(doc, around, citations));
    }
    return p;
  }

  /** Neighbours before and after the passage, and the text of the whole run without overlaps. */
  private static SimpleOrderedMap<Object> context(SolrDocument doc, List<SolrDocument> around, Citations citations) {
    int ordinal = intValue(doc.getFirstValue(IndexFields.CHUNK_ORDINAL));
    List<SimpleOrderedMap<Object>> before = new ArrayList<>();
    List<SimpleOrderedMap<Object>> after = new ArrayList<>();
    List<SolrDocument> run = new ArrayList<>();
    for (SolrDocument n : around) {
      int o = intValue(n.getFirstValue(IndexFields.CHUNK_ORDINAL));
      SimpleOrderedMap<Object> c = citations.chunk(n, List.of());
      c.remove("pageImages");
      (o < ordinal ? before : after).add(c);
    }
    run.addAll(around.stream().filter(n -> intValue(n.getFirstValue(IndexFields.CHUNK_ORDINAL)) < ordinal).toList());
    run.add(doc);
    run.addAll(around.stream().filter(n -> intValue(n.getFirstValue(IndexFields.CHUNK_ORDINAL)) > ordinal).toList());
    StringBuilder text = new StringBuilder();
    int previous = Integer.MIN_VALUE;
    for (SolrDocument d : run) {
      String t = Citations.str(d.getFirstValue(IndexFields.CHUNK_TEXT));
      if (t == null) {
        continue;
      }
      int o = intValue(d.getFirstValue(IndexFields.CHUNK_ORDINAL));
      int overlap = o == previous + 1 ? intValue(d.getFirstValue(IndexFields.OVERLAP_CHARS)) : 0;
      // the part repeated from the chunk before is already in the text
      t = t.substring(Math.min(Math.max(overlap, 0), t.length()));
      text.append(text.length() > 0 ? "\n\n" : "").append(t);
      previous = o;
    }
    SimpleOrderedMap<Object> ctx = new SimpleOrderedMap<>();
    ctx.add("before", before);
    ctx.add("after", after);
    ctx.add("text", text.toString());
    return ctx;
  }

  private List<String> filters(RagRequest rag) {
    List<String> fq = new ArrayList<>();
    fq.add(chunkFilter);
    if (completeFilter != null) {
      fq.add(completeFilter);
    }
    if (!rag.documents().isEmpty()) {
      fq.add("{!terms f=" + IndexFields.PARENT_ID + " separator=\"\u001f\"}" + String.join("\u001f", rag.documents()));
    }
    if (!rag.labels().isEmpty()) {
      fq.add("{!terms f=" + IndexFields.LABELS + "}" + String.join(",", rag.labels()));
    }
    if (!rag.pages().isEmpty()) {
      List<String> clauses = new ArrayList<>();
      for (String p : rag.pages()) {
        String[] range = p.split("-");
        clauses.add(range.length == 1
            ? IndexFields.PAGES + ":" + range[0].strip()
            : IndexFields.PAGES + ":[" + range[0].strip() + " TO " + range[1].strip() + "]");
      }
      fq.add("{!lucene q.op=OR}" + String.join(" ", clauses));
    }
    if (rag.area() != null) {
      fq.add("{!" + areaParser + " " + rag.area() + "}");
    }
    fq.addAll(rag.filterQueries());
    return fq;
  }

  private static SolrParams lexicalParams(RagRequest rag, SolrParams request, List<String> filters) {
    ModifiableSolrParams p = new ModifiableSolrParams();
    p.set(CommonParams.Q, asText(rag.question()));
    p.set("defType", "edismax");
    p.set("qf", request.get(QF_PARAM, IndexFields.RETRIEVAL_TEXT));
    p.set("q.op", "OR");
    p.set(CommonParams.ROWS, rag.candidates());
    p.set(CommonParams.FL, "id,score");
    p.set(CommonParams.SORT, TIE_BREAK);
    filters.forEach(f -> p.add(CommonParams.FQ, f));
    return p;
  }

  private static SolrParams vectorParams(RagRequest rag, String field, float[] vector, List<String> filters) {
    ModifiableSolrParams p = new ModifiableSolrParams();
    StringBuilder v = new StringBuilder("[");
    for (int i = 0; i < vector.length; i++) {
      v.append(i > 0 ? "," : "").append(vector[i]);
    }
    v.append(']');
    // the filters are kNN pre-filters: topK among the matching chunks, not topK then filtered
    p.set(CommonParams.Q, "{!knn f=" + field + " topK=" + rag.candidates() + "}" + v);
    p.set(CommonParams.ROWS, rag.candidates());
    p.set(CommonParams.FL, "id,score");
    p.set(CommonParams.SORT, TIE_BREAK);
    filters.forEach(f -> p.add(CommonParams.FQ, f));
    return p;
  }

  /** The question as edismax text: syntax characters escaped, boolean operators lower-cased. */
  static String asText(String question) {
    String escaped = SYNTAX.matcher(question).replaceAll("\\\\$1");
    return OPERATORS.matcher(escaped).replaceAll(m -> m.group(1).toLowerCase(Locale.ROOT));
  }

  private List<Hit> ranking(LocalSubQueries client, SolrParams params) throws IOException {
    SolrDocumentList results = query(client, params).getResults();
    List<Hit> hits = new ArrayList<>(results.size());
    int rank = 0;
    for (SolrDocument d : results) {
      Object score = d.getFirstValue("score");
      hits.add(new Hit(d.getFirstValue(IndexFields.ID).toString(), ++rank, score instanceof Number n ? n.floatValue() : 0f));
    }
    return hits;
  }

  private Map<String, SolrDocument> fetch(LocalSubQueries client, List<String> ids, List<String> extraFields)
      throws IOException {
    if (ids.isEmpty()) {
      return Map.of();
    }
    Set<String> fl = new LinkedHashSet<>(IndexFields.PASSAGE_FIELDS);
    fl.addAll(extraFields);
    ModifiableSolrParams p = new ModifiableSolrParams();
    p.set(CommonParams.Q, "{!terms f=id separator=\"\u001f\"}" + String.join("\u001f", ids));
    p.set(CommonParams.ROWS, ids.size());
    p.set(CommonParams.FL, String.join(",", fl));
    Map<String, SolrDocument> out = new HashMap<>();
    for (SolrDocument d : query(client, p).getResults()) {
      out.put(d.getFirstValue(IndexFields.ID).toString(), d);
    }
    return out;
  }

  /** Titles of the passages' documents where the chunks do not carry them. */
  private Map<String, String> parentTitles(LocalSubQueries client, Iterable<SolrDocument> chunks) throws IOException {
    Set<String> parents = new LinkedHashSet<>();
    for (SolrDocument c : chunks) {
      Object parent = c.getFirstValue(IndexFields.PARENT_ID);
      if (parent != null && c.getFirstValue(IndexFields.TITLE) == null) {
        parents.add(parent.toString());
      }
    }
    if (parents.isEmpty()) {
      return Map.of();
    }
    ModifiableSolrParams p = new ModifiableSolrParams();
    p.set(CommonParams.Q, "{!terms f=id separator=\"\u001f\"}" + String.join("\u001f", parents));
    p.set(CommonParams.ROWS, parents.size());
    p.set(CommonParams.FL, "id," + IndexFields.TITLE);
    Map<String, String> out = new HashMap<>();
    for (SolrDocument d : query(client, p).getResults()) {
      Object title = d.getFirstValue(IndexFields.TITLE);
      if (title != null) {
        out.put(d.getFirstValue(IndexFields.ID).toString(), title.toString());
      }
    }
    return out;
  }

  /** For each passage, its chunks within {@code expand} ordinals in the same document, in order. */
  private Map<String, List<SolrDocument>> neighbours(
      LocalSubQueries client, Iterable<SolrDocument> passages, int expand) throws IOException {
    List<String> clauses = new ArrayList<>();
    Map<String, int[]> windows = new LinkedHashMap<>();
    for (SolrDocument d : passages) {
      Object parent = d.getFirstValue(IndexFields.PARENT_ID);
      Object ordinal = d.getFirstValue(IndexFields.CHUNK_ORDINAL);
      if (parent == null || ordinal == null) {
        continue;
      }
      int o = intValue(ordinal);
      windows.put(d.getFirstValue(IndexFields.ID).toString(), new int[] {o});
      clauses.add("(+" + IndexFields.PARENT_ID + ":\"" + quoted(parent.toString()) + "\" +"
          + IndexFields.CHUNK_ORDINAL + ":[" + Math.max(0, o - expand) + " TO " + (o + expand) + "])");
    }
    if (clauses.isEmpty()) {
      return Map.of();
    }
    ModifiableSolrParams p = new ModifiableSolrParams();
    p.set(CommonParams.Q, "{!lucene q.op=OR}" + String.join(" ", clauses));
    p.add(CommonParams.FQ, chunkFilter);
    if (completeFilter != null) {
      p.add(CommonParams.FQ, completeFilter);
    }
    p.set(CommonParams.ROWS, clauses.size() * (2 * expand + 1));
    p.set(CommonParams.FL, String.join(",", IndexFields.CONTEXT_FIELDS));
    p.set(CommonParams.SORT, IndexFields.PARENT_ID + " asc," + IndexFields.CHUNK_ORDINAL + " asc");
    List<SolrDocument> found = query(client, p).getResults();
    Map<String, List<SolrDocument>> out = new HashMap<>();
    for (SolrDocument d : passages) {
      String id = d.getFirstValue(IndexFields.ID).toString();
      if (!windows.containsKey(id)) {
        continue;
      }
      String parent = d.getFirstValue(IndexFields.PARENT_ID).toString();
      int o = windows.get(id)[0];
      List<SolrDocument> around = new ArrayList<>();
      for (SolrDocument n : found) {
        int no = intValue(n.getFirstValue(IndexFields.CHUNK_ORDINAL));
        if (parent.equals(Citations.str(n.getFirstValue(IndexFields.PARENT_ID)))
            && no != o && Math.abs(no - o) <= expand) {
          around.add(n);
        }
      }
      out.put(id, around);
    }
    return out;
  }

  private static QueryResponse query(LocalSubQueries client, SolrParams params) {
    return client.query(params);
  }

  private static Map<String, Object> jsonBody(SolrQueryRequest req) throws IOException {
    Iterable<ContentStream> streams = req.getContentStreams();
    if (streams == null) {
      return null;
    }
    for (ContentStream s : streams) {
      String type = s.getContentType();
      if (type != null && !type.toLowerCase(Locale.ROOT).contains("json")) {
        throw new SolrException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "/rag takes a JSON body (application/json), got " + type);
      }
      try (InputStream in = s.getStream()) {
        Object parsed = JSON.readValue(in, Object.class);
        if (!(parsed instanceof Map)) {
          throw new SolrException(ErrorCode.BAD_REQUEST, "the JSON body must be an object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> body = (Map<String, Object>) parsed;
        return body;
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new SolrException(ErrorCode.BAD_REQUEST, "the JSON body is not valid JSON: " + e.getOriginalMessage());
      }
    }
    return null;
  }

  private static String collectionName(SolrCore core) {
    String collection = core.getCoreDescriptor().getCollectionName();
    return collection != null ? collection : core.getName();
  }

  private static String quoted(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"");
  }

  private static int intValue(Object v) {
    return v instanceof Number n ? n.intValue() : v == null ? 0 : Integer.parseInt(v.toString());
  }

  private static long millis(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }

  @Override
  public String getDescription() {
    return "grounded-ocr RAG retrieval: hybrid (BM25 + kNN, reciprocal rank fusion) passages with page regions";
  }

  @Override
  public Name getPermissionName(AuthorizationContext request) {
    return Name.READ_PERM;
  }
}
