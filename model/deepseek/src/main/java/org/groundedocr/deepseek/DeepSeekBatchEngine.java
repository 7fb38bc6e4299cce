package org.groundedocr.deepseek;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.groundedocr.deepseek.preprocess.ViewBuilder;
import org.groundedocr.deepseek.preprocess.ViewSpec;
import org.groundedocr.deepseek.tokenizer.DeepSeekTokenizer;
import org.groundedocr.engine.Device;
import org.groundedocr.engine.EngineConfig;
import org.groundedocr.engine.OcrEngine;
import org.groundedocr.engine.OcrException;
import org.groundedocr.grounding.GroundingParser;
import org.groundedocr.model.GroundedPage;
import org.groundedocr.model.PageStats;
import org.groundedocr.onnx.OrtSupport;

/**
 * DeepSeek-OCR for a GPU: many pages decode together. This class opens the model and answers the
 * {@link OcrEngine} contract; the work is done by parts with one job each:
 * <ul>
 *   <li>{@link WavePreparer}: a wave of pages → prompt embeddings (Java preprocessing, pages in
 *       parallel; the vision graphs batched by view size);</li>
 *   <li>two decoders, chosen by {@code decoder}: {@link StepBatchDecoder} ({@code step}, the default
 *       when the export has {@code decode_step.onnx}: continuous batching in {@link
 *       DeepSeekStepDecoder} — the KV cache of up to {@code batchSize} pages stays on the device in
 *       buffers bound through ONNX Runtime's C API I/O binding and updated in place; on CUDA the decode
 *       steps replay CUDA graphs of {@code decode_graph.onnx}, {@code decodeGraph}) and {@link
 *       LoopWaveDecoder} ({@code loop}: waves through {@code generate.onnx}, prefill and greedy
 *       decoding in one ONNX Runtime call). Both apply the model's no-repeat n-gram rule and give the
 *       step engine's ids (pinned by DeepSeekBatchEngineTest on the CPU);</li>
 *   <li>{@link BatchPageQueue}: where batching across callers happens — {@link #recognize} and
 *       {@link #submit} (thread-safe) put pages into its bounded queue ({@code queueCapacity}; a full
 *       queue blocks the caller) and its two workers prepare and decode them; a page that fails in
 *       vision or in its prefill fails alone.</li>
 * </ul>
 * {@link #generateAll}, {@link #prepare} and {@link #decode} drive the parts on the caller's thread
 * (benchmarks and bulk callers).
 */
public final class DeepSeekBatchEngine implements OcrEngine {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DeepSeekBatchEngine.class);

  public static final String BATCH_SIZE = "batchSize";
  public static final String QUEUE_CAPACITY = "queueCapacity";
  /**
   * {@code step} (default when the model has {@code decode_step.onnx}): continuous batching over a KV
   * cache kept on the device ({@link DeepSeekStepDecoder}); {@code loop}: waves through
   * {@code generate.onnx}, prefill and decoding in one run.
   */
  public static final String DECODER = "decoder";
  /** Cache positions per page in the step decoder (prompt + generated tokens at most). */
  public static final String KV_CAPACITY = "kvCapacity";
  /**
   * {@code auto} (default: on for CUDA when the export has {@code decode_graph.onnx}), {@code on},
   * {@code off}: the step decoder's decode steps through {@code decode_graph.onnx}, captured as CUDA
   * graphs on the GPU.
   */
  public static final String DECODE_GRAPH = "decodeGraph";

  private final DeepSeekOptions options;
  private final DeepSeekTokenizer tokenizer;
  private final WavePreparer preparer;
  /** Exactly one of the two decoders is set. */
  private final StepBatchDecoder steps;
  private final LoopWaveDecoder loop;
  private final BatchPageQueue queue;
  private final int batchSize;

  private DeepSeekBatchEngine(DeepSeekOptions options, DeepSeekTokenizer tokenizer, WavePreparer preparer,
      StepBatchDecoder steps, LoopWaveDecoder loop, int batchSize, int queueCapacity) {
    this.options = options;
    this.tokenizer = tokenizer;
    this.preparer = preparer;
    this.steps = steps;
    this.loop = loop;
    this.batchSize = batchSize;
    this.queue = new BatchPageQueue(preparer, steps, loop, batchSize, queueCapacity, options.maxNewTokens());
  }

  /**
   * Opens {@code config.modelDir()}, which must hold {@code decode_step.onnx} or {@code
   * generate.onnx}; options as for {@link DeepSeekOcrEngine} plus {@code batchSize} (pages decoded
   * together, default 32), {@code queueCapacity} (pages waiting, default 2 x batchSize), {@code
   * decoder}, {@code kvCapacity} and {@code decodeGraph}.
   */
  public static DeepSeekBatchEngine open(EngineConfig config) throws OcrException {
    Objects.requireNonNull(config, "config");
    Path dir = config.modelDir();
    if (dir == null) {
      throw new OcrException("the deepseek batch engine needs a model directory (modelDir)");
    }
    int batchSize = config.intOption(BATCH_SIZE, 32);
    int queueCapacity = config.intOption(QUEUE_CAPACITY, 2 * Math.max(1, batchSize));
    if (batchSize < 1 || batchSize > 256) {
      throw new OcrException(BATCH_SIZE + " must be 1..256, got " + batchSize);
    }
    if (queueCapacity < 1) {
      throw new OcrException(QUEUE_CAPACITY + " must be >= 1, got " + queueCapacity);
    }
    List<AutoCloseable> opened = new ArrayList<>();
    try {
      DeepSeekManifest manifest = DeepSeekManifest.load(dir);
      DeepSeekOptions options = DeepSeekOptions.from(config, manifest);
      ViewSpec spec = ViewSpec.of(manifest.family(), options.mode()).withMaxTiles(options.maxTiles());
      String decoder = config.option(DECODER, Files.isRegularFile(dir.resolve("decode_step.onnx")) ? "step" : "loop");
      if (!decoder.equals("step") && !decoder.equals("loop")) {
        throw new OcrException(DECODER + " must be step or loop, got '" + decoder + "'");
      }
      Path graph = dir.resolve(decoder.equals("step") ? "decode_step.onnx" : "generate.onnx");
      if (!Files.isRegularFile(graph)) {
        throw new IOException("missing " + graph + ": run model/export/make_generate_graph.py --model-dir " + dir);
      }
      int kvCapacity = config.intOption(KV_CAPACITY, Math.min(manifest.maxTotalTokens(), 4096));
      if (kvCapacity < 2 || kvCapacity > manifest.maxTotalTokens()) {
        throw new OcrException(KV_CAPACITY + " must be 2.." + manifest.maxTotalTokens() + ", got " + kvCapacity);
      }
      DeepSeekModelParts parts = DeepSeekModelParts.open(manifest, spec, config.device(), options.threads(), opened);
      StepBatchDecoder steps = null;
      LoopWaveDecoder loop = null;
      if (decoder.equals("loop")) {
        DeepSeekGenerateGraph generator =
            new DeepSeekGenerateGraph(OrtSupport.environment(), graph, parts.sessionOptions, manifest.decoder());
        opened.add(generator);
        loop = new LoopWaveDecoder(generator, manifest, parts.tokenizer, options.ngram());
      } else {
        DeepSeekStepDecoder stepper = openStepDecoder(config, dir, graph, manifest, options, parts, batchSize,
            kvCapacity, opened);
        steps = new StepBatchDecoder(stepper, manifest, parts.tokenizer);
      }
      WavePreparer preparer = new WavePreparer(manifest, options, new ViewBuilder(spec), parts.tokenizer, parts,
          batchSize);
      return new DeepSeekBatchEngine(options, parts.tokenizer, preparer, steps, loop, batchSize, queueCapacity);
    } catch (IOException | OrtException | RuntimeException e) {
      throw DeepSeekModelParts.failed(dir, opened, e);
    }
  }

  /** {@code decode_step.onnx}, and {@code decode_graph.onnx} for its decode steps where asked or fitting. */
  private static DeepSeekStepDecoder openStepDecoder(EngineConfig config, Path dir, Path step,
      DeepSeekManifest manifest, DeepSeekOptions options, DeepSeekModelParts parts, int batchSize, int kvCapacity,
      List<AutoCloseable> opened) throws OrtException, IOException, OcrException {
    OrtSession session = OrtSupport.createSession(step, parts.sessionOptions);
    opened.add(session);
    DeepSeekStepDecoder stepper = new DeepSeekStepDecoder(session, manifest.decoder(), config.device(), batchSize,
        kvCapacity, options.ngram());
    opened.remove(session); // the step decoder owns it now
    opened.add(stepper);
    String graph = config.option(DECODE_GRAPH, "auto");
    boolean useGraph = switch (graph) {
      case "on" -> true;
      case "off" -> false;
      case "auto" -> config.device() == Device.CUDA && Files.isRegularFile(dir.resolve("decode_graph.onnx"));
      default -> throw new OcrException(DECODE_GRAPH + " must be auto, on or off, got '" + graph + "'");
    };
    if (useGraph) {
      // CUDA graphs need GroupQueryAttention on the GPU, which has no fp32 kernel
      boolean capture = config.device() == Device.CUDA && !"float32".equals(manifest.decoder().kvDtype());
      try (OrtSession.SessionOptions graphOptions = OrtSupport.options(config.device(), options.threads(),
          capture ? Map.of("enable_cuda_graph", "1") : Map.of())) {
        stepper.useDecodeGraph(OrtSupport.createSession(DeepSeekModelParts.existing(dir, "decode_graph.onnx"),
            graphOptions), capture);
      } catch (OrtException | IOException | RuntimeException e) {
        if (graph.equals("on")) {
          throw e;
        }
        LOG.warn("decode_graph.onnx not used ({}); decoding with decode_step.onnx", e.getMessage());
      }
    }
    return stepper;
  }

  @Override
  public String name() {
    return DeepSeekOcrEngine.NAME;
  }

  public int batchSize() {
    return batchSize;
  }

  /** Preprocesses the pages and runs the vision graphs over all their views, batched by view size. */
  public PreparedWave prepare(List<BufferedImage> images) throws OcrException {
    return preparer.prepare(images);
  }

  /**
   * Decodes a prepared wave on the caller's thread.
   *
   * @param maxNewTokens tokens per page at most (also bounded by the model's context)
   * @param ignoreEos generate exactly {@code maxNewTokens} tokens per page (benchmarks with random weights)
   */
  public List<DeepSeekOcrEngine.Generation> decode(PreparedWave wave, int maxNewTokens, boolean ignoreEos)
      throws OcrException {
    if (steps != null) {
      return steps.decodeAll(List.of(CompletableFuture.completedFuture(wave)), maxNewTokens, ignoreEos);
    }
    return loop.decode(wave, maxNewTokens, ignoreEos);
  }

  /**
   * Runs a list of pages in waves of {@code batchSize}: the caller's thread decodes while a helper
   * thread prepares the next wave (preprocessing and vision overlap decoding).
   */
  public List<DeepSeekOcrEngine.Generation> generateAll(List<BufferedImage> images, int maxNewTokens, boolean ignoreEos)
      throws OcrException {
    ExecutorService ahead = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "deepseek-batch-prepare");
      t.setDaemon(true);
      return t;
    });
    try {
      if (steps != null) {
        // continuous: every wave's preparation is queued on one thread, each page joins when a slot frees
        List<Future<PreparedWave>> waves = new ArrayList<>();
        for (int start = 0; start < images.size(); start += batchSize) {
          List<BufferedImage> part = images.subList(start, Math.min(images.size(), start + batchSize));
          waves.add(ahead.submit(() -> preparer.prepare(part)));
        }
        return steps.decodeAll(waves, maxNewTokens, ignoreEos);
      }
      List<DeepSeekOcrEngine.Generation> out = new ArrayList<>(images.size());
      Future<PreparedWave> next =
          ahead.submit(() -> preparer.prepare(images.subList(0, Math.min(images.size(), batchSize))));
      for (int start = 0; start < images.size(); start += batchSize) {
        PreparedWave w = StepBatchDecoder.await(next);
        int following = start + batchSize;
        if (following < images.size()) {
          next = ahead.submit(() -> preparer.prepare(
              images.subList(following, Math.min(images.size(), following + batchSize))));
        }
        out.addAll(loop.decode(w, maxNewTokens, ignoreEos));
      }
      return out;
    } finally {
      ahead.shutdownNow();
    }
  }

  /** Queues the page (blocking while {@code queueCapacity} pages wait) and waits for its wave. */
  public DeepSeekOcrEngine.Generation generate(BufferedImage image) throws OcrException {
    CompletableFuture<DeepSeekOcrEngine.Generation> f = queue.enqueue(image);
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OcrException("interrupted while waiting for the GPU", e);
    } catch (ExecutionException e) {
      throw unwrap(e.getCause());
    }
  }

  private static OcrException unwrap(Throwable c) {
    if (c instanceof java.util.concurrent.CompletionException && c.getCause() != null) {
      c = c.getCause();
    }
    return c instanceof OcrException oe ? oe : new OcrException("DeepSeek-OCR failed: " + c.getMessage(), c);
  }

  @Override
  public GroundedPage recognize(BufferedImage image, int pageNumber) throws OcrException {
    return page(generate(image), image, pageNumber);
  }

  /**
   * The page joins the continuous batch beside every other page waiting, of this caller or
   * another; blocks only while {@code queueCapacity} pages wait.
   */
  @Override
  public CompletableFuture<GroundedPage> submit(BufferedImage image, int pageNumber) {
    CompletableFuture<DeepSeekOcrEngine.Generation> g;
    try {
      g = queue.enqueue(image);
    } catch (OcrException e) {
      return CompletableFuture.failedFuture(e);
    }
    CompletableFuture<GroundedPage> page = new CompletableFuture<>();
    g.whenComplete((gen, error) -> {
      if (error != null) {
        page.completeExceptionally(unwrap(error));
        return;
      }
      try {
        page.complete(page(gen, image, pageNumber));
      } catch (RuntimeException e) {
        page.completeExceptionally(new OcrException("page " + pageNumber + ": the model's output could not be parsed: "
            + e.getMessage(), e));
      }
    });
    return page;
  }

  /** Two batches' worth: the slots full, and the next wave prepared while they decode. */
  @Override
  public int pagesInFlight() {
    return 2 * batchSize;
  }

  /** The most pages that decoded together since the engine opened (pages of one wave with {@code decoder=loop}). */
  public int peakBatch() {
    return queue.peakBatch();
  }

  private GroundedPage page(DeepSeekOcrEngine.Generation g, BufferedImage image, int pageNumber) {
    PageStats stats = new PageStats(DeepSeekOcrEngine.NAME, options.mode(), g.visionTokens(), g.tokenIds().length,
        g.millis(), g.finished());
    return GroundingParser.parsePage(g.text(), pageNumber, image.getWidth(), image.getHeight(), stats);
  }

  /** Whether pages are decoding now. */
  boolean decoding() {
    return steps != null ? steps.decoding() : loop.decoding();
  }

  @Override
  public void close() {
    // the queue's workers first (they stop a wave in generate.onnx and wait): closing a session while
    // a run uses it crashes the JVM
    queue.close();
    preparer.close();
    if (loop != null) {
      loop.close();
    } else {
      steps.close();
    }
    tokenizer.close();
  }
}
