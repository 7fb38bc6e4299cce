package org.groundedocr.solr.chunking;

import com.codahale.metrics.Counter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.apache.solr.common.SolrException;
import org.apache.solr.common.params.SolrParams;
import org.apache.solr.common.util.NamedList;
import org.apache.solr.core.SolrCore;
import org.apache.solr.core.SolrResourceLoader;
import org.apache.solr.request.SolrQueryRequest;
import org.apache.solr.response.SolrQueryResponse;
import org.apache.solr.schema.AbstractSpatialFieldType;
import org.apache.solr.schema.IndexSchema;
import org.apache.solr.schema.SchemaField;
import org.apache.solr.update.processor.UpdateRequestProcessor;
import org.apache.solr.update.processor.UpdateRequestProcessorFactory;
import org.apache.solr.util.plugin.SolrCoreAware;
import org.groundedocr.chunking.ChunkingConfig;
import org.groundedocr.chunking.GroundedChunker;
import org.groundedocr.chunking.HuggingFaceTokenCounter;
import org.groundedocr.chunking.TokenCounter;
import org.groundedocr.chunking.TokenCounters;
import org.groundedocr.chunking.WhitespaceTokenCounter;
import org.groundedocr.solr.IndexFields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a document carrying grounded-page JSON into the document plus its chunk documents.
 *
 * <pre>{@code
 * <updateRequestProcessorChain name="grounded-ocr" default="true">
 *   <processor class="org.groundedocr.solr.chunking.ChunkingUpdateProcessorFactory">
 *     <str name="groundedJsonField">grounded_json</str>
 *     <str name="tokenizer">bge-small-en-v15</str>
 *     <int name="targetTokens">256</int>
 *     <int name="maxTokens">500</int>
 *     <int name="overlapTokens">0</int>
 *     <str name="inheritFields">source,content_type,title,ocr_engine,*_s,*_ss</str>
 *   </processor>
 *   <processor class="solr.LogUpdateProcessorFactory"/>
 *   <processor class="solr.DistributedUpdateProcessorFactory"/>
 *   <processor class="solr.RunUpdateProcessorFactory"/>
 * </updateRequestProcessorChain>
 * }</pre>
 *
 * <p>Parameters (all optional):
 *
 * <ul>
 *   <li>{@code groundedJsonField}: the stored field holding the grounded-page JSON (default
 *       {@code grounded_json}). Documents without it pass through untouched, so the chain also
 *       serves plain updates and atomic updates of other fields.
 *   <li>{@code tokenizer}: {@code bge-small-en-v15} (default: the WordPiece vocabulary of the
 *       default embedding model), {@code whitespace}, or a Hugging Face {@code tokenizer.json}
 *       (absolute, or a resource of the configset). If the default cannot load its native library
 *       the processor falls back to {@code whitespace} and says so in the log and in each
 *       document's {@code chunker} field.
 *   <li>{@code targetTokens} (256), {@code maxTokens} (500), {@code overlapTokens} (0): see
 *       {@link ChunkingConfig}.
 *   <li>{@code inheritFields}: comma-separated field names or {@code *} globs copied from the
 *       document onto each chunk (so chunks filter by document metadata without a join).
 * </ul>
 *
 * <p>Place it before {@code DistributedUpdateProcessorFactory}: in SolrCloud it then runs once, on
 * the node that received the update, and leaders and replicas (and replicas replaying their update
 * log in recovery) only index the finished documents. Counters in the core's metrics
 * ({@code /admin/metrics}, group {@code core}): {@code UPDATE.groundedocr.chunking.documents},
 * {@code …chunks}, {@code …cascadingDeletes}.
 */
public class ChunkingUpdateProcessorFactory extends UpdateRequestProcessorFactory
    implements SolrCoreAware {

  private static final Logger log = LoggerFactory.getLogger(ChunkingUpdateProcessorFactory.class);

  public static final String GROUNDED_JSON_FIELD_PARAM = "groundedJsonField";
  public static final String TOKENIZER_PARAM = "tokenizer";
  public static final String TARGET_TOKENS_PARAM = "targetTokens";
  public static final String MAX_TOKENS_PARAM = "maxTokens";
  public static final String OVERLAP_TOKENS_PARAM = "overlapTokens";
  public static final String INHERIT_FIELDS_PARAM = "inheritFields";

  static final String METRICS_CATEGORY = "UPDATE";
  static final String METRICS_SCOPE = "groundedocr.chunking";

  /** Fields a chunk sets itself or that only make sense on the document: never inherited. */
  private static final Set<String> NEVER_INHERITED =
      Set.of(
          IndexFields.ID, IndexFields.DOC_TYPE, IndexFields.GROUNDED_JSON, IndexFields.CONTENT,
          IndexFields.PAGE_COUNT, IndexFields.CHUNK_COUNT, IndexFields.VERSION, "_root_", "_nest_path_");

  private String groundedJsonField = IndexFields.GROUNDED_JSON;
  private String tokenizerSpec = HuggingFaceTokenCounter.BGE_SMALL_EN_V15;
  private ChunkingConfig chunking = ChunkingConfig.defaults();
  private List<String> inheritFields =
      List.of(IndexFields.SOURCE, IndexFields.CONTENT_TYPE, IndexFields.TITLE, IndexFields.OCR_ENGINE);
  private Predicate<String> inherit;
  private volatile GroundedChunker chunker;
  private Counter documents;
  private Counter chunks;
  private Counter cascadingDeletes;

  @Override
  public void init(NamedList<?> args) {
    SolrParams params = args.toSolrParams();
    groundedJsonField = params.get(GROUNDED_JSON_FIELD_PARAM, groundedJsonField).strip();
    if (groundedJsonField.isEmpty()) {
      throw new SolrException(SolrException.ErrorCode.SERVER_ERROR, GROUNDED_JSON_FIELD_PARAM + " must not be empty");
    }
    tokenizerSpec = params.get(TOKENIZER_PARAM, tokenizerSpec).strip();
    int target = intParam(params, TARGET_TOKENS_PARAM, ChunkingConfig.DEFAULT_TARGET_TOKENS);
    int max = intParam(params, MAX_TOKENS_PARAM, ChunkingConfig.DEFAULT_MAX_TOKENS);
    int overlap = intParam(params, OVERLAP_TOKENS_PARAM, ChunkingConfig.DEFAULT_OVERLAP_TOKENS);
    try {
      chunking = new ChunkingConfig(target, max, overlap);
    } catch (IllegalArgumentException e) {
      throw new SolrException(
          SolrException.ErrorCode.SERVER_ERROR,
          "bad " + TARGET_TOKENS_PARAM + "/" + MAX_TOKENS_PARAM + "/" + OVERLAP_TOKENS_PARAM + ": " + e.getMessage());
    }
    String inheritList = params.get(INHERIT_FIELDS_PARAM);
    if (inheritList != null) {
      List<String> fields = new ArrayList<>();
      for (String f : inheritList.split(",")) {
        if (!f.isBlank()) {
          fields.add(f.strip());
        }
      }
      inheritFields = List.copyOf(fields);
    }
    inherit = inheritPredicate(inheritFields, groundedJsonField);
    super.init(args);
  }

  private static int intParam(SolrParams params, String name, int dflt) {
    String v = params.get(name);
    if (v == null) {
      return dflt;
    }
    try {
      return Integer.parseInt(v.strip());
    } catch (NumberFormatException e) {
      throw new SolrException(SolrException.ErrorCode.SERVER_ERROR, name + " must be an integer, got '" + v + "'");
    }
  }

  static Predicate<String> inheritPredicate(List<String> globs, String groundedJsonField) {
    List<Pattern> patterns = new ArrayList<>();
    for (String g : globs) {
      patterns.add(Pattern.compile(Pattern.quote(g).replace("*", "\\E.*\\Q")));
    }
    return name ->
        !NEVER_INHERITED.contains(name)
            && !name.equals(groundedJsonField)
            && patterns.stream().anyMatch(p -> p.matcher(name).matches());
  }

  @Override
  public void inform(SolrCore core) {
    checkSchema(core.getLatestSchema());
    chunker = new GroundedChunker(chunking, tokenizer(core));
    log.info("chunking {} with {}", groundedJsonField, chunker.describe());
    var metrics = core.getSolrMetricsContext();
    documents = metrics.counter("documents", METRICS_CATEGORY, METRICS_SCOPE);
    chunks = metrics.counter("chunks", METRICS_CATEGORY, METRICS_SCOPE);
    cascadingDeletes = metrics.counter("cascadingDeletes", METRICS_CATEGORY, METRICS_SCOPE);
  }

  private void checkSchema(IndexSchema schema) {
    List<String> needed = new ArrayList<>(IndexFields.CHUNKING_FIELDS);
    needed.add(groundedJsonField);
    for (String name : needed) {
      SchemaField f = schema.getFieldOrNull(name);
      if (f == null) {
        throw new SolrException(
            SolrException.ErrorCode.SERVER_ERROR,
            "the chunking processor needs field '" + name + "' in the schema (see the grounded-ocr configset)");
      }
    }
    if (!schema.getField(groundedJsonField).stored()) {
      throw new SolrException(
          SolrException.ErrorCode.SERVER_ERROR,
          groundedJsonField + " (" + GROUNDED_JSON_FIELD_PARAM + ") must be stored: re-chunking reads it back");
    }
    if (!(schema.getField(IndexFields.REGION_AREA).getType() instanceof AbstractSpatialFieldType)) {
      throw new SolrException(
          SolrException.ErrorCode.SERVER_ERROR,
          IndexFields.REGION_AREA + " must be a spatial field (RPT with geo=\"false\")");
    }
  }

  /**
   * The built-in vocabulary is loaded once per node (Solr's node-level object cache) and shared by
   * every core that chunks with it; a configset's own tokenizer.json is loaded per core.
   */
  private TokenCounter tokenizer(SolrCore core) {
    if (tokenizerSpec.isEmpty() || tokenizerSpec.equals(HuggingFaceTokenCounter.BGE_SMALL_EN_V15)) {
      String key =
          "org.groundedocr.chunking.tokenizer:" + HuggingFaceTokenCounter.BGE_SMALL_EN_V15
              + "@" + System.identityHashCode(TokenCounter.class.getClassLoader());
      return core.getCoreContainer()
          .getObjectCache()
          .computeIfAbsent(key, TokenCounter.class, k -> loadTokenizer(core.getResourceLoader()));
    }
    return loadTokenizer(core.getResourceLoader());
  }

  private TokenCounter loadTokenizer(SolrResourceLoader loader) {
    String spec = tokenizerSpec;
    try {
      if (spec.isEmpty() || spec.equals(HuggingFaceTokenCounter.BGE_SMALL_EN_V15)) {
        try {
          return HuggingFaceTokenCounter.bgeSmallEnV15();
        } catch (IOException | RuntimeException | UnsatisfiedLinkError e) {
          log.warn(
              "{}={} could not load ({}); chunking falls back to the whitespace tokenizer",
              TOKENIZER_PARAM, spec, e.toString());
          return new WhitespaceTokenCounter();
        }
      }
      if (spec.equals(WhitespaceTokenCounter.NAME)) {
        return new WhitespaceTokenCounter();
      }
      Path p = Path.of(spec);
      if (p.isAbsolute() && Files.isRegularFile(p)) {
        return TokenCounters.create(spec, null);
      }
      // a configset resource: on disk in standalone Solr, in ZooKeeper in SolrCloud
      Path tmp = Files.createTempFile("groundedocr-tokenizer", ".json");
      try (InputStream in = loader.openResource(spec)) {
        Files.copy(in, tmp, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return HuggingFaceTokenCounter.fromFile(tmp);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException | RuntimeException e) {
      throw new SolrException(
          SolrException.ErrorCode.SERVER_ERROR, TOKENIZER_PARAM + "=" + spec + " could not load: " + e.getMessage(), e);
    }
  }

  @Override
  public UpdateRequestProcessor getInstance(
      SolrQueryRequest req, SolrQueryResponse rsp, UpdateRequestProcessor next) {
    return new ChunkingUpdateProcessor(this, req, next);
  }

  String groundedJsonField() {
    return groundedJsonField;
  }

  GroundedChunker chunker() {
    return chunker;
  }

  Predicate<String> inherit() {
    return inherit;
  }

  void countDocument(int chunkCount) {
    documents.inc();
    chunks.inc(chunkCount);
  }

  void countCascadingDelete() {
    cascadingDeletes.inc();
  }
}
