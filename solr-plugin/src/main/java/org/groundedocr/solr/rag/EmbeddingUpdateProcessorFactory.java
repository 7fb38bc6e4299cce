package org.groundedocr.solr.rag;

import com.codahale.metrics.Counter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.apache.solr.common.SolrException.ErrorCode;
import org.apache.solr.common.SolrException;
import org.apache.solr.common.params.SolrParams;
import org.apache.solr.common.util.NamedList;
import org.apache.solr.core.SolrCore;
import org.apache.solr.request.SolrQueryRequest;
import org.apache.solr.response.SolrQueryResponse;
import org.apache.solr.schema.DenseVectorField;
import org.apache.solr.schema.IndexSchema;
import org.apache.solr.schema.SchemaField;
import org.apache.solr.update.processor.UpdateRequestProcessor;
import org.apache.solr.update.processor.UpdateRequestProcessorFactory;
import org.apache.solr.util.plugin.SolrCoreAware;
import org.groundedocr.embed.EmbedderOptions;
import org.groundedocr.embed.EmbeddingException;
import org.groundedocr.embed.EmbeddingModelFiles;
import org.groundedocr.embed.SentenceEmbedder;
import org.groundedocr.engine.Device;
import org.groundedocr.solr.IndexFields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Embeds every chunk's retrieval text in-process (ONNX Runtime) into a {@code DenseVectorField}.
 *
 * <pre>{@code
 * <updateRequestProcessorChain name="grounded-ocr" default="true">
 *   <processor class="org.groundedocr.solr.chunking.ChunkingUpdateProcessorFactory"/>
 *   <processor class="org.groundedocr.solr.rag.EmbeddingUpdateProcessorFactory">
 *     <str name="vectorField">chunk_vector</str>
 *     <str name="textField">retrieval_text</str>
 *     <!-- optional: a directory with model.onnx, tokenizer.json, embedding.json -->
 *     <str name="model">${groundedocr.embedding.model:}</str>
 *     <int name="batchSize">16</int>
 *     <int name="parallelism">2</int>
 *   </processor>
 *   <processor class="solr.LogUpdateProcessorFactory"/>
 *   <processor class="solr.DistributedUpdateProcessorFactory"/>
 *   <processor class="solr.RunUpdateProcessorFactory"/>
 * </updateRequestProcessorChain>
 * }</pre>
 *
 * <p>Parameters:
 *
 * <ul>
 *   <li>{@code vectorField} (required): a {@code DenseVectorField} whose {@code vectorDimension}
 *       is the model's (384 for the default model); cosine or dot-product similarity.
 *   <li>{@code textField} ({@code retrieval_text}): the text to embed. A document without it is
 *       not a chunk and passes through untouched (documents, atomic updates of other fields).
 *   <li>{@code breadcrumbsField} (none): a field whose value is put before the text, separated by
 *       a blank line, unless the text already starts with it; for schemas that keep the heading
 *       path apart from the text.
 *   <li>{@code model} (the default {@code bge-small-en-v1.5-q} from the class path): a model
 *       directory, absolute or relative to the Solr home (see {@code EmbeddingModelConfig}).
 *   <li>{@code device} ({@code cpu}) or {@code cuda}; {@code parallelism} (the cores, at most 4)
 *       model runs at once per node, each with {@code threads} (1) ONNX Runtime threads: side by
 *       side single-threaded runs use the CPU better than one multi-threaded run for a model this
 *       small, and the node-wide worker pool bounds the CPU that embedding takes from queries;
 *       {@code batchSize} (16) texts per model run and per flush of chunks that belong to no
 *       document; {@code maxBatchTokens} (8192) padded tokens per model run.
 *   <li>{@code parentField} ({@code parent_id}) and {@code chunkCountField} ({@code chunk_count}):
 *       when a document announcing its chunk count precedes its chunks (as the chunking processor
 *       sends them), all chunks of the document are embedded together before the next command,
 *       so a failure is reported in that document's call and takes the whole document out.
 *   <li>{@code blankText} ({@code skip}): a chunk whose text is blank has nothing to embed; it is
 *       indexed without a vector, counted and listed in the response; {@code error} rejects it.
 * </ul>
 *
 * <p>Place it after the chunking processor and before {@code DistributedUpdateProcessorFactory}:
 * in SolrCloud it then runs once per chunk, on the node that received the update; leaders,
 * replicas and recovering replicas index the vectors they are sent. The model is loaded once per
 * node (shared by all cores) when the core loads, so a bad model fails the core, not the first
 * update. Counters in the core's metrics ({@code /admin/metrics}, group {@code core}):
 * {@code UPDATE.groundedocr.embedding.chunks}, {@code …blank}, {@code …failedDocuments}.
 */
public class EmbeddingUpdateProcessorFactory extends UpdateRequestProcessorFactory
    implements SolrCoreAware {

  private static final Logger log = LoggerFactory.getLogger(EmbeddingUpdateProcessorFactory.class);

  public static final String VECTOR_FIELD_PARAM = "vectorField";
  public static final String TEXT_FIELD_PARAM = "textField";
  public static final String BREADCRUMBS_FIELD_PARAM = "breadcrumbsField";
  public static final String MODEL_PARAM = "model";
  public static final String DEVICE_PARAM = "device";
  public static final String THREADS_PARAM = "threads";
  public static final String PARALLELISM_PARAM = "parallelism";
  public static final String BATCH_SIZE_PARAM = "batchSize";
  public static final String MAX_BATCH_TOKENS_PARAM = "maxBatchTokens";
  public static final String PARENT_FIELD_PARAM = "parentField";
  public static final String CHUNK_COUNT_FIELD_PARAM = "chunkCountField";
  public static final String BLANK_TEXT_PARAM = "blankText";

  static final String METRICS_CATEGORY = "UPDATE";
  static final String METRICS_SCOPE = "groundedocr.embedding";

  /** Chunks held back at most while waiting for the rest of a document: bounds memory. */
  static final int MAX_PENDING = 4096;

  private String vectorField;
  private String textField = IndexFields.RETRIEVAL_TEXT;
  private String breadcrumbsField;
  private String model;
  private String parentField = IndexFields.PARENT_ID;
  private String chunkCountField = IndexFields.CHUNK_COUNT;
  private boolean blankIsError;
  private EmbedderOptions options;

  private volatile SentenceEmbedder embedder;
  private Counter chunks;
  private Counter blank;
  private Counter failedDocuments;

  @Override
  public void init(NamedList<?> args) {
    SolrParams params = args.toSolrParams();
    vectorField = nonBlank(params.required().get(VECTOR_FIELD_PARAM), VECTOR_FIELD_PARAM);
    textField = nonBlank(params.get(TEXT_FIELD_PARAM, textField), TEXT_FIELD_PARAM);
    breadcrumbsField = blankToNull(params.get(BREADCRUMBS_FIELD_PARAM));
    model = blankToNull(params.get(MODEL_PARAM));
    parentField = blankToNull(params.get(PARENT_FIELD_PARAM, parentField));
    chunkCountField = blankToNull(params.get(CHUNK_COUNT_FIELD_PARAM, chunkCountField));
    String blankMode = params.get(BLANK_TEXT_PARAM, "skip").strip().toLowerCase(Locale.ROOT);
    if (!blankMode.equals("skip") && !blankMode.equals("error")) {
      throw new SolrException(
          ErrorCode.SERVER_ERROR, BLANK_TEXT_PARAM + " must be skip or error, got '" + blankMode + "'");
    }
    blankIsError = blankMode.equals("error");
    Device device;
    try {
      device = Device.parse(params.get(DEVICE_PARAM, "cpu"));
    } catch (IllegalArgumentException e) {
      throw new SolrException(ErrorCode.SERVER_ERROR, DEVICE_PARAM + ": " + e.getMessage());
    }
    try {
      options = new EmbedderOptions(
          device,
          intParam(params, THREADS_PARAM, 1),
          intParam(params, BATCH_SIZE_PARAM, EmbedderOptions.DEFAULT_BATCH_SIZE),
          intParam(params, MAX_BATCH_TOKENS_PARAM, EmbedderOptions.DEFAULT_MAX_BATCH_TOKENS),
          intParam(params, PARALLELISM_PARAM, EmbedderOptions.DEFAULT_PARALLELISM));
    } catch (IllegalArgumentException e) {
      throw new SolrException(
          ErrorCode.SERVER_ERROR,
          "bad " + THREADS_PARAM + "/" + BATCH_SIZE_PARAM + "/" + MAX_BATCH_TOKENS_PARAM + "/" + PARALLELISM_PARAM
              + ": " + e.getMessage());
    }
    super.init(args);
  }

  @Override
  public void inform(SolrCore core) {
    EmbeddingModelFiles files;
    try {
      files = model == null
          ? EmbeddingModelFiles.bgeSmallEnV15Quantized()
          : EmbeddingModelFiles.directory(
              Path.of(core.getCoreContainer().getSolrHome()).resolve(model));
      embedder = SharedEmbedders.get(core.getCoreContainer(), files, options);
    } catch (EmbeddingException e) {
      throw new SolrException(ErrorCode.SERVER_ERROR, MODEL_PARAM + ": " + e.getMessage(), e);
    }
    checkSchema(core.getLatestSchema());
    log.info("embedding {} into {} with {}", textField, vectorField, embedder);
    var metrics = core.getSolrMetricsContext();
    chunks = metrics.counter("chunks", METRICS_CATEGORY, METRICS_SCOPE);
    blank = metrics.counter("blank", METRICS_CATEGORY, METRICS_SCOPE);
    failedDocuments = metrics.counter("failedDocuments", METRICS_CATEGORY, METRICS_SCOPE);
  }

  /** Fails naming the parameter when the schema cannot hold what this processor writes. */
  void checkSchema(IndexSchema schema) {
    SchemaField vf = schema.getFieldOrNull(vectorField);
    if (vf == null) {
      throw new SolrException(
          ErrorCode.SERVER_ERROR,
          VECTOR_FIELD_PARAM + ": field '" + vectorField + "' is not in the schema (a DenseVectorField"
              + " with vectorDimension=\"" + embedder.dimension() + "\" is needed)");
    }
    if (!(vf.getType() instanceof DenseVectorField vectorType)) {
      throw new SolrException(
          ErrorCode.SERVER_ERROR,
          VECTOR_FIELD_PARAM + ": field '" + vectorField + "' is a " + vf.getType().getClass().getSimpleName()
              + ", not a DenseVectorField");
    }
    if (vectorType.getDimension() != embedder.dimension()) {
      throw new SolrException(
          ErrorCode.SERVER_ERROR,
          VECTOR_FIELD_PARAM + ": field '" + vectorField + "' has vectorDimension="
              + vectorType.getDimension() + " but model " + embedder.modelId() + " makes "
              + embedder.dimension() + "-dimensional vectors");
    }
    if (schema.getFieldOrNull(textField) == null) {
      throw new SolrException(
          ErrorCode.SERVER_ERROR, TEXT_FIELD_PARAM + ": field '" + textField + "' is not in the schema");
    }
    if (breadcrumbsField != null && schema.getFieldOrNull(breadcrumbsField) == null) {
      throw new SolrException(
          ErrorCode.SERVER_ERROR,
          BREADCRUMBS_FIELD_PARAM + ": field '" + breadcrumbsField + "' is not in the schema");
    }
  }

  @Override
  public UpdateRequestProcessor getInstance(
      SolrQueryRequest req, SolrQueryResponse rsp, UpdateRequestProcessor next) {
    if (embedder == null) {
      throw new SolrException(ErrorCode.SERVER_ERROR, getClass().getSimpleName() + " was not informed of its core");
    }
    // the schema may have changed since the core loaded (managed schema)
    checkSchema(req.getSchema());
    return new EmbeddingUpdateProcessor(this, req, rsp, next);
  }

  /** The node's shared embedder this chain indexes with: queries must use the same one. */
  public SentenceEmbedder embedder() {
    return embedder;
  }

  public String vectorField() {
    return vectorField;
  }

  public String textField() {
    return textField;
  }

  String breadcrumbsField() {
    return breadcrumbsField;
  }

  String parentField() {
    return parentField;
  }

  String chunkCountField() {
    return chunkCountField;
  }

  boolean blankIsError() {
    return blankIsError;
  }

  int batchSize() {
    return options.batchSize();
  }

  /** Embeds passages with this processor's batching. */
  float[][] embed(List<String> texts) throws EmbeddingException {
    return embedder.embedPassages(texts, options.batchSize(), options.maxBatchTokens());
  }

  void countChunks(int n) {
    chunks.inc(n);
  }

  void countBlank() {
    blank.inc();
  }

  void countFailedDocument() {
    failedDocuments.inc();
  }

  private static String nonBlank(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new SolrException(ErrorCode.SERVER_ERROR, name + " must not be empty");
    }
    return value.strip();
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }

  private static int intParam(SolrParams params, String name, int dflt) {
    String v = params.get(name);
    if (v == null || v.isBlank()) {
      return dflt; // absent, or a ${property:} left empty
    }
    try {
      return Integer.parseInt(v.strip());
    } catch (NumberFormatException e) {
      throw new SolrException(ErrorCode.SERVER_ERROR, name + " must be an integer, got '" + v + "'");
    }
  }
}
