package org.groundedocr.embed;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import org.groundedocr.onnx.OrtSupport;

/**
 * A sentence-embedding model (BERT-style encoder exported to ONNX) run in-process by ONNX Runtime,
 * with the model's own Hugging Face tokenizer through DJL's binding.
 *
 * <p>One instance holds one {@link OrtSession} and one tokenizer and is shared: every method is
 * thread-safe ({@code OrtSession.run} is, and the tokenizer is only read after construction).
 * Texts are cut at the model's maximum length rather than rejected; a batch is padded to its
 * longest text, and texts are grouped by length so that little padding is computed.
 *
 * <p>Note for int8-quantised models such as the default: ONNX Runtime's dynamic quantisation
 * scales activations per tensor, so a text's vector moves very slightly (cosine above 0.99) with
 * the other texts of its batch. Retrieval is unaffected; set {@code batchSize=1} where
 * bit-for-bit reproducible vectors matter more than throughput.
 */
public final class SentenceEmbedder implements AutoCloseable {

  private static final String INPUT_IDS = "input_ids";
  private static final String ATTENTION_MASK = "attention_mask";
  private static final String TOKEN_TYPE_IDS = "token_type_ids";

  private final EmbeddingModelFiles files;
  private final EmbeddingModelConfig config;
  private final EmbedderOptions options;
  private final OrtEnvironment env;
  private final OrtSession session;
  private final HuggingFaceTokenizer tokenizer;
  private final boolean takesTokenTypes;
  private final String outputName;
  private final int outputRank;
  private final int dimension;
  /** Runs batches side by side; null with parallelism 1. */
  private final java.util.concurrent.ExecutorService runs;

  private final LongAdder texts = new LongAdder();
  private final LongAdder tokens = new LongAdder();
  private final LongAdder truncated = new LongAdder();
  private final LongAdder batches = new LongAdder();
  private final LongAdder nanos = new LongAdder();

  private SentenceEmbedder(
      EmbeddingModelFiles files,
      EmbedderOptions options,
      OrtEnvironment env,
      OrtSession session,
      HuggingFaceTokenizer tokenizer)
      throws OrtException, EmbeddingException {
    this.files = files;
    this.config = files.config();
    this.options = options;
    this.env = env;
    this.session = session;
    this.tokenizer = tokenizer;
    Set<String> inputs = session.getInputNames();
    if (!inputs.contains(INPUT_IDS) || !inputs.contains(ATTENTION_MASK)) {
      throw new EmbeddingException(
          files + ": the ONNX model must take input_ids and attention_mask, it takes " + inputs);
    }
    for (String input : inputs) {
      if (!input.equals(INPUT_IDS) && !input.equals(ATTENTION_MASK) && !input.equals(TOKEN_TYPE_IDS)) {
        throw new EmbeddingException(files + ": unsupported model input '" + input + "'");
      }
    }
    this.takesTokenTypes = inputs.contains(TOKEN_TYPE_IDS);
    Map<String, NodeInfo> outputs = session.getOutputInfo();
    // token vectors (last_hidden_state, [batch, tokens, dim]) are pooled here; a model that already
    // pools ([batch, dim], e.g. sentence_embedding) is taken as is
    String chosen = outputs.containsKey("last_hidden_state")
        ? "last_hidden_state"
        : outputs.keySet().iterator().next();
    TensorInfo info = (TensorInfo) outputs.get(chosen).getInfo();
    long[] shape = info.getShape();
    if (shape.length != 2 && shape.length != 3) {
      throw new EmbeddingException(
          files + ": output '" + chosen + "' has shape " + Arrays.toString(shape)
              + ", expected [batch, tokens, dim] or [batch, dim]");
    }
    this.outputName = chosen;
    this.outputRank = shape.length;
    long dim = shape[shape.length - 1];
    this.dimension = dim > 0 ? (int) dim : probeDimension();
    this.runs = options.parallelism() > 1 ? workers(options.parallelism()) : null;
  }

  private static java.util.concurrent.ExecutorService workers(int n) {
    java.util.concurrent.atomic.AtomicInteger count = new java.util.concurrent.atomic.AtomicInteger();
    return java.util.concurrent.Executors.newFixedThreadPool(n, task -> {
      Thread t = new Thread(task, "embedder-run-" + count.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  /** The default model ({@link EmbeddingModelFiles#bgeSmallEnV15Quantized()}) with default options. */
  public static SentenceEmbedder bgeSmallEnV15Quantized() throws EmbeddingException {
    return open(EmbeddingModelFiles.bgeSmallEnV15Quantized(), EmbedderOptions.defaults());
  }

  /** Loads the model and its tokenizer; fails with a message naming what is missing or wrong. */
  public static SentenceEmbedder open(EmbeddingModelFiles files, EmbedderOptions options)
      throws EmbeddingException {
    return open(files, options, OrtSession.SessionOptions.OptLevel.ALL_OPT);
  }

  /**
   * With a chosen graph optimisation level: the parity test runs the unfused graph, whose int8
   * kernels give the same numbers in every ONNX Runtime release.
   */
  static SentenceEmbedder open(
      EmbeddingModelFiles files, EmbedderOptions options, OrtSession.SessionOptions.OptLevel level)
      throws EmbeddingException {
    Objects.requireNonNull(files, "files");
    Objects.requireNonNull(options, "options");
    try {
      // native libraries load and the graph is optimised here: on a thread with stack to spare
      return OrtSupport.onLargeStack("embedder-session-init", () -> load(files, options, level));
    } catch (EmbeddingException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new EmbeddingException("cannot load embedding model " + files + ": " + e.getMessage(), e);
    }
  }

  private static SentenceEmbedder load(
      EmbeddingModelFiles files, EmbedderOptions options, OrtSession.SessionOptions.OptLevel level)
      throws EmbeddingException {
    OrtEnvironment env = OrtSupport.environment();
    HuggingFaceTokenizer tokenizer = null;
    OrtSession session = null;
    try (InputStream tokenizerJson = files.openTokenizer()) {
      Map<String, String> tokenizerOptions = new HashMap<>();
      tokenizerOptions.put("addSpecialTokens", "true");
      tokenizerOptions.put("truncation", "true");
      tokenizerOptions.put("maxLength", Integer.toString(files.config().maxLength()));
      // DJL caps maxLength at modelMaxLength (512 unless told): models with longer inputs need both
      tokenizerOptions.put("modelMaxLength", Integer.toString(files.config().maxLength()));
      tokenizerOptions.put("padding", "false");
      tokenizer = HuggingFaceTokenizer.newInstance(tokenizerJson, tokenizerOptions);
      try (OrtSession.SessionOptions so = OrtSupport.options(options.device(), options.intraOpThreads())) {
        so.setOptimizationLevel(level);
        session = files.openSession(env, so);
      }
      return new SentenceEmbedder(files, options, env, session, tokenizer);
    } catch (IOException | OrtException | RuntimeException e) {
      closeQuietly(session, tokenizer);
      throw new EmbeddingException("cannot load embedding model " + files + ": " + e.getMessage(), e);
    } catch (EmbeddingException e) {
      closeQuietly(session, tokenizer);
      throw e;
    }
  }

  /** Length of the vectors. */
  public int dimension() {
    return dimension;
  }

  /** The model's id: {@link EmbeddingModelFiles#id()}. */
  public String modelId() {
    return files.id();
  }

  public EmbeddingModelConfig config() {
    return config;
  }

  public EmbedderOptions options() {
    return options;
  }

  /** Vectors of texts to be indexed, with the model's passage prefix. */
  public float[][] embedPassages(List<String> passages) throws EmbeddingException {
    return embed(prefixed(config.passagePrefix(), passages));
  }

  /** {@link #embedPassages(List)} with this call's batching (one shared embedder, callers' own batch sizes). */
  public float[][] embedPassages(List<String> passages, int batchSize, int maxBatchTokens)
      throws EmbeddingException {
    return embed(prefixed(config.passagePrefix(), passages), batchSize, maxBatchTokens);
  }

  /** The vector of a question, with the model's query prefix. */
  public float[] embedQuery(String question) throws EmbeddingException {
    return embed(prefixed(config.queryPrefix(), List.of(question)))[0];
  }

  /** Vectors of {@code input} as given (no prefix), in input order. */
  public float[][] embed(List<String> input) throws EmbeddingException {
    return embed(input, options.batchSize(), options.maxBatchTokens());
  }

  /**
   * Vectors of {@code input} as given, in input order, with at most {@code batchSize} texts and
   * {@code maxBatchTokens} padded tokens in one model run.
   */
  public float[][] embed(List<String> input, int batchSize, int maxBatchTokens) throws EmbeddingException {
    if (batchSize < 1 || maxBatchTokens < 1) {
      throw new IllegalArgumentException("batchSize and maxBatchTokens must be >= 1");
    }
    for (int i = 0; i < input.size(); i++) {
      Objects.requireNonNull(input.get(i), () -> "text to embed is null");
    }
    long start = System.nanoTime();
    Encoding[] encodings = new Encoding[input.size()];
    try {
      for (int i = 0; i < encodings.length; i++) {
        encodings[i] = tokenizer.encode(input.get(i));
      }
    } catch (RuntimeException e) {
      throw new EmbeddingException("tokenizer failed: " + e.getMessage(), e);
    }
    float[][] vectors = new float[input.size()][];
    int parallel = runs == null ? 1 : options.parallelism();
    // enough batches to keep every worker busy, but no more than batchSize texts in one
    int perBatch = Math.max(1, Math.min(batchSize, (input.size() + parallel - 1) / parallel));
    List<int[]> batches = batches(encodings, perBatch, maxBatchTokens);
    if (runs == null || batches.size() == 1) {
      for (int[] batch : batches) {
        runBatch(encodings, batch, vectors);
      }
    } else {
      runInParallel(encodings, batches, vectors);
    }
    for (Encoding e : encodings) {
      tokens.add(e.getIds().length);
      if (e.getIds().length >= config.maxLength() && e.exceedMaxLength()) {
        truncated.increment();
      }
    }
    texts.add(input.size());
    nanos.add(System.nanoTime() - start);
    return vectors;
  }

  /** Tokens of {@code text} as the model reads it: special tokens included, at most the maximum length. */
  public int tokenCount(String text) {
    return tokenizer.encode(text).getIds().length;
  }

  public EmbedderStats stats() {
    return new EmbedderStats(texts.sum(), tokens.sum(), truncated.sum(), batches.sum(), nanos.sum());
  }

  /**
   * Groups text indexes into model runs: longest texts first, so that each run pads to a length
   * close to all its members', capped by the batch size and the padded-token budget.
   */
  private static List<int[]> batches(Encoding[] encodings, int batchSize, int maxBatchTokens) {
    Integer[] order = new Integer[encodings.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingInt((Integer i) -> encodings[i].getIds().length).reversed());
    List<int[]> result = new ArrayList<>();
    int from = 0;
    while (from < order.length) {
      int longest = encodings[order[from]].getIds().length;
      int size = Math.max(1, Math.min(batchSize, maxBatchTokens / longest));
      int to = Math.min(order.length, from + size);
      int[] batch = new int[to - from];
      for (int i = from; i < to; i++) {
        batch[i - from] = order[i];
      }
      result.add(batch);
      from = to;
    }
    return result;
  }

  private void runInParallel(Encoding[] encodings, List<int[]> batches, float[][] vectors)
      throws EmbeddingException {
    List<java.util.concurrent.Future<?>> futures = new ArrayList<>(batches.size());
    try {
      for (int[] batch : batches) {
        futures.add(runs.submit(() -> {
          runBatch(encodings, batch, vectors); // each batch writes its own rows
          return null;
        }));
      }
      for (java.util.concurrent.Future<?> f : futures) {
        f.get();
      }
    } catch (java.util.concurrent.ExecutionException e) {
      futures.forEach(f -> f.cancel(false));
      if (e.getCause() instanceof EmbeddingException ee) {
        throw ee;
      }
      throw new EmbeddingException("embedding failed: " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      futures.forEach(f -> f.cancel(false));
      Thread.currentThread().interrupt();
      throw new EmbeddingException("interrupted while embedding", e);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      throw new EmbeddingException("embedding model " + files + " is closed", e);
    }
  }

  private void runBatch(Encoding[] encodings, int[] batch, float[][] vectors) throws EmbeddingException {
    int rows = batch.length;
    int length = 0;
    for (int i : batch) {
      length = Math.max(length, encodings[i].getIds().length);
    }
    LongBuffer ids = directLongs(rows * length);
    LongBuffer mask = directLongs(rows * length);
    LongBuffer types = takesTokenTypes ? directLongs(rows * length) : null;
    for (int r = 0; r < rows; r++) {
      Encoding e = encodings[batch[r]];
      int base = r * length;
      ids.put(base, e.getIds());
      mask.put(base, e.getAttentionMask());
      if (types != null) {
        types.put(base, e.getTypeIds());
      }
      // the rest of the row stays 0: [PAD] with a zero attention mask
    }
    long[] shape = {rows, length};
    Map<String, OnnxTensor> in = new HashMap<>();
    try {
      in.put(INPUT_IDS, OnnxTensor.createTensor(env, ids, shape));
      in.put(ATTENTION_MASK, OnnxTensor.createTensor(env, mask, shape));
      if (types != null) {
        in.put(TOKEN_TYPE_IDS, OnnxTensor.createTensor(env, types, shape));
      }
      try (OrtSession.Result result = session.run(in, Set.of(outputName))) {
        OnnxTensor out = (OnnxTensor) result.get(0);
        FloatBuffer values = out.getFloatBuffer();
        for (int r = 0; r < rows; r++) {
          vectors[batch[r]] = pool(values, r, length, encodings[batch[r]].getAttentionMask());
        }
      }
      batches.increment();
    } catch (OrtException | RuntimeException e) {
      throw new EmbeddingException(
          "embedding model " + files + " failed on a batch of " + rows + " texts of up to "
              + length + " tokens: " + e.getMessage(), e);
    } finally {
      in.values().forEach(OnnxTensor::close);
    }
  }

  private float[] pool(FloatBuffer values, int row, int length, long[] mask) {
    float[] v = new float[dimension];
    if (outputRank == 2) {
      values.get(row * dimension, v);
    } else if (config.pooling() == Pooling.CLS) {
      values.get(row * length * dimension, v);
    } else {
      int base = row * length * dimension;
      int n = 0;
      for (int t = 0; t < mask.length; t++) {
        if (mask[t] != 0) {
          for (int d = 0; d < dimension; d++) {
            v[d] += values.get(base + t * dimension + d);
          }
          n++;
        }
      }
      for (int d = 0; d < dimension; d++) {
        v[d] /= Math.max(n, 1);
      }
    }
    if (config.normalize()) {
      double sum = 0;
      for (float x : v) {
        sum += (double) x * x;
      }
      float norm = (float) Math.sqrt(sum);
      if (norm > 1e-12f) {
        for (int d = 0; d < dimension; d++) {
          v[d] /= norm;
        }
      }
    }
    return v;
  }

  private int probeDimension() throws EmbeddingException {
    // a model exported with a symbolic hidden size: ask it once
    Encoding e = tokenizer.encode("dimension");
    long[] shape = {1, e.getIds().length};
    Map<String, OnnxTensor> in = new HashMap<>();
    try {
      in.put(INPUT_IDS, OnnxTensor.createTensor(env, LongBuffer.wrap(e.getIds()), shape));
      in.put(ATTENTION_MASK, OnnxTensor.createTensor(env, LongBuffer.wrap(e.getAttentionMask()), shape));
      if (takesTokenTypes) {
        in.put(TOKEN_TYPE_IDS, OnnxTensor.createTensor(env, LongBuffer.wrap(e.getTypeIds()), shape));
      }
      try (OrtSession.Result result = session.run(in, Set.of(outputName))) {
        long[] s = ((OnnxTensor) result.get(0)).getInfo().getShape();
        return (int) s[s.length - 1];
      }
    } catch (OrtException ex) {
      throw new EmbeddingException(files + ": cannot run the model: " + ex.getMessage(), ex);
    } finally {
      in.values().forEach(OnnxTensor::close);
    }
  }

  private static List<String> prefixed(String prefix, List<String> texts) {
    if (prefix.isEmpty()) {
      return texts;
    }
    List<String> out = new ArrayList<>(texts.size());
    for (String t : texts) {
      out.add(prefix + Objects.requireNonNull(t, "text to embed is null"));
    }
    return out;
  }

  private static LongBuffer directLongs(int n) {
    return ByteBuffer.allocateDirect(n * Long.BYTES).order(ByteOrder.nativeOrder()).asLongBuffer();
  }

  private static void closeQuietly(OrtSession session, HuggingFaceTokenizer tokenizer) {
    if (tokenizer != null) {
      tokenizer.close();
    }
    if (session != null) {
      try {
        session.close();
      } catch (OrtException ignored) {
        // already failing; the first error is the one reported
      }
    }
  }

  @Override
  public void close() throws EmbeddingException {
    if (runs != null) {
      runs.shutdown();
    }
    tokenizer.close();
    try {
      session.close();
    } catch (OrtException e) {
      throw new EmbeddingException("cannot close embedding model " + files + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return "SentenceEmbedder[" + files.id() + ", dim " + dimension + ", " + config.pooling() + "]";
  }
}
