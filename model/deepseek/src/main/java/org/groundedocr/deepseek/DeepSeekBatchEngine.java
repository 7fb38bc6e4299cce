package org.groundedocr.deepseek;

import ai.onnxruntime.OrtException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.groundedocr.deepseek.preprocess.PreparedImage;
import org.groundedocr.deepseek.preprocess.RgbImage;
import org.groundedocr.deepseek.preprocess.ViewBuilder;
import org.groundedocr.deepseek.preprocess.ViewSpec;
import org.groundedocr.deepseek.tokenizer.DeepSeekTokenizer;
import org.groundedocr.engine.EngineConfig;
import org.groundedocr.engine.OcrEngine;
import org.groundedocr.engine.OcrException;
import org.groundedocr.grounding.GroundingParser;
import org.groundedocr.model.GroundedPage;
import org.groundedocr.model.PageStats;
import org.groundedocr.onnx.OrtSupport;

/**
 * DeepSeek-OCR for a GPU: many pages decode together.
 *
 * <p>Each page's views are preprocessed in Java (pages in parallel) and run through the vision
 * graphs batched by view size (chunks of {@link #VISION_CHUNK} views); its prompt embeddings are
 * assembled exactly like {@link DeepSeekOcrEngine}'s. Two decoders, chosen by {@code decoder}:
 * <ul>
 *   <li>{@code step} (the default when the export has {@code decode_step.onnx}): continuous batching
 *       in {@link DeepSeekStepDecoder} — the KV cache of up to {@code batchSize} pages stays on the
 *       device in buffers bound through ONNX Runtime's C API I/O binding and updated in place; a page
 *       joins as soon as a slot is free and leaves when it emits EOS or reaches its budget; on CUDA the
 *       decode steps replay CUDA graphs of {@code decode_graph.onnx} ({@code decodeGraph});</li>
 *   <li>{@code loop}: waves of right-padded pages through {@code generate.onnx}
 *       ({@link DeepSeekGenerateGraph}), prefill and greedy decoding in one ONNX Runtime call; a page
 *       that arrives during a wave waits for the next one.</li>
 * </ul>
 * Both apply the model's no-repeat n-gram rule and give the step engine's ids (pinned by
 * DeepSeekBatchEngineTest on the CPU).
 *
 * <p>{@link #recognize} is thread-safe and is where batching across callers happens: each call puts
 * its page into a bounded queue ({@code queueCapacity}; a full queue blocks the caller — back-pressure
 * instead of running out of GPU memory). Two worker threads form a pipeline: one takes up to
 * {@code batchSize} waiting pages, preprocesses them and runs the vision graphs; the other decodes
 * (one prepared batch waits at most). A page that fails in vision or in its prefill (a prompt longer
 * than {@code kvCapacity}, say) fails alone.
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
  // 8 views a run: at 32 the SAM global-attention softmax of 1024-px views (32 x 12 x 4096 x 4096) exceeds what
  // cuDNN accepts (CUDNN_STATUS_NOT_SUPPORTED, seen on the H200)
  static final int VISION_CHUNK = 8;

  private final DeepSeekManifest manifest;
  private final DeepSeekOptions options;
  private final ViewBuilder views;
  private final DeepSeekTokenizer tokenizer;
  private final RawTensorFile embeddings;
  private final float[] newline;
  private final float[] separator;
  private final Map<Integer, DeepSeekVision> vision;
  /** generate.onnx (decoder=loop), else null. */
  private final DeepSeekGenerateGraph generator;
  /** decode_step.onnx (decoder=step), else null; every use holds its monitor (it is not thread-safe). */
  private final DeepSeekStepDecoder stepper;
  private final int[] textBefore;
  private final int[] textAfter;
  private final NoRepeatNGram ngram;
  /** Threads for the pages' Java preprocessing (one per core, at most one per page of a wave). */
  private final ExecutorService preprocessors;
  private final int batchSize;
  private final BlockingQueue<Request> queue;
  /** Prepared waves waiting for the decoder: one at most, so preparation runs one wave ahead. */
  private final BlockingQueue<Prepared> ready = new ArrayBlockingQueue<>(1);
  private final Thread preparer;
  private final Thread decoder;
  private volatile boolean closed;
  private final AtomicInteger peakBatch = new AtomicInteger();
  /** Pages of the queue in the step decoder's slots; guarded by the decoder's monitor. */
  private int ownActive;

  private record Request(BufferedImage image, CompletableFuture<DeepSeekOcrEngine.Generation> result) {}

  /** A wave's requests with their prepared pages. */
  private record Prepared(List<Request> requests, Wave wave) {}

  private DeepSeekBatchEngine(
      DeepSeekManifest manifest, DeepSeekOptions options, ViewBuilder views, DeepSeekTokenizer tokenizer,
      RawTensorFile embeddings, float[] newline, float[] separator, Map<Integer, DeepSeekVision> vision,
      DeepSeekGenerateGraph generator, DeepSeekStepDecoder stepper, int batchSize, int queueCapacity) {
    this.manifest = manifest;
    this.options = options;
    this.views = views;
    this.tokenizer = tokenizer;
    this.embeddings = embeddings;
    this.newline = newline;
    this.separator = separator;
    this.vision = vision;
    this.generator = generator;
    this.stepper = stepper;
    this.batchSize = batchSize;
    this.ngram = options.ngram();
    int cores = Math.max(1, Math.min(batchSize, Runtime.getRuntime().availableProcessors()));
    AtomicInteger threadNo = new AtomicInteger();
    this.preprocessors = Executors.newFixedThreadPool(cores, r -> {
      Thread t = new Thread(r, "deepseek-preprocess-" + threadNo.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    ImageTokenLayout.PromptText text = ImageTokenLayout.promptText(options.promptText(manifest), tokenizer);
    this.textBefore = text.before();
    this.textAfter = text.after();
    this.queue = new ArrayBlockingQueue<>(queueCapacity);
    this.preparer = new Thread(this::prepareWaves, "deepseek-batch-vision");
    this.preparer.setDaemon(true);
    this.decoder = new Thread(stepper != null ? this::decodeContinuously : this::decodeWaves, "deepseek-batch-decode");
    this.decoder.setDaemon(true);
    this.preparer.start();
    this.decoder.start();
  }

  /**
   * Opens {@code config.modelDir()}, which must hold {@code generate.onnx}; options as for
   * {@link DeepSeekOcrEngine} plus {@code batchSize} (pages per wave, default 32) and
   * {@code queueCapacity} (pages waiting, default 2 x batchSize).
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
      Path step = dir.resolve("decode_step.onnx");
      String decoder = config.option(DECODER, Files.isRegularFile(step) ? "step" : "loop");
      if (!decoder.equals("step") && !decoder.equals("loop")) {
        throw new OcrException(DECODER + " must be step or loop, got '" + decoder + "'");
      }
      Path gen = dir.resolve(decoder.equals("step") ? "decode_step.onnx" : "generate.onnx");
      if (!Files.isRegularFile(gen)) {
        throw new IOException("missing " + gen + ": run model/export/make_generate_graph.py --model-dir " + dir);
      }
      int kvCapacity = config.intOption(KV_CAPACITY, Math.min(manifest.maxTotalTokens(), 4096));
      if (kvCapacity < 2 || kvCapacity > manifest.maxTotalTokens()) {
        throw new OcrException(KV_CAPACITY + " must be 2.." + manifest.maxTotalTokens() + ", got " + kvCapacity);
      }
      DeepSeekModelParts parts = DeepSeekModelParts.open(manifest, spec, config.device(), options.threads(), opened);
      DeepSeekGenerateGraph generator = null;
      DeepSeekStepDecoder stepper = null;
      if (decoder.equals("loop")) {
        generator = new DeepSeekGenerateGraph(OrtSupport.environment(), gen, parts.sessionOptions, manifest.decoder());
        opened.add(generator);
      } else {
        ai.onnxruntime.OrtSession session = OrtSupport.createSession(gen, parts.sessionOptions);
        opened.add(session);
        stepper = new DeepSeekStepDecoder(session, manifest.decoder(), config.device(), batchSize, kvCapacity,
            options.ngram());
        opened.remove(session); // the step decoder owns it now
        opened.add(stepper);
        String graph = config.option(DECODE_GRAPH, "auto");
        Path graphFile = dir.resolve("decode_graph.onnx");
        boolean useGraph = switch (graph) {
          case "on" -> true;
          case "off" -> false;
          case "auto" -> config.device() == org.groundedocr.engine.Device.CUDA && Files.isRegularFile(graphFile);
          default -> throw new OcrException(DECODE_GRAPH + " must be auto, on or off, got '" + graph + "'");
        };
        if (useGraph) {
          // CUDA graphs need GroupQueryAttention on the GPU, which has no fp32 kernel
          boolean capture = config.device() == org.groundedocr.engine.Device.CUDA
              && !"float32".equals(manifest.decoder().kvDtype());
          try (ai.onnxruntime.OrtSession.SessionOptions graphOptions = OrtSupport.options(config.device(),
              options.threads(), capture ? Map.of("enable_cuda_graph", "1") : Map.of())) {
            stepper.useDecodeGraph(OrtSupport.createSession(DeepSeekModelParts.existing(dir, "decode_graph.onnx"),
                graphOptions), capture);
          } catch (OrtException | IOException | RuntimeException e) {
            if (graph.equals("on")) {
              throw e;
            }
            LOG.warn("decode_graph.onnx not used ({}); decoding with decode_step.onnx", e.getMessage());
          }
        }
      }
      return new DeepSeekBatchEngine(manifest, options, new ViewBuilder(spec), parts.tokenizer, parts.embeddings,
          parts.newline, parts.separator, parts.vision, generator, stepper, batchSize, queueCapacity);
    } catch (IOException | OrtException | RuntimeException e) {
      throw DeepSeekModelParts.failed(dir, opened, e);
    }
  }

  @Override
  public String name() {
    return DeepSeekOcrEngine.NAME;
  }

  public int batchSize() {
    return batchSize;
  }

  /** A wave's pages after vision: their prompt embeddings, ready to decode. */
  public static final class Wave {
    final float[][] prompts;
    final PreparedImage[] prepared;
    final int[] visionTokens;
    /** Milliseconds spent in preprocessing and the vision graphs for the whole wave. */
    public final long visionMillis;
    /** Of which: the pages' preprocessing (views in Java, on the engine's preprocessing threads). */
    public final long preprocessMillis;

    Wave(float[][] prompts, PreparedImage[] prepared, int[] visionTokens, long visionMillis) {
      this(prompts, prepared, visionTokens, visionMillis, 0);
    }

    Wave(float[][] prompts, PreparedImage[] prepared, int[] visionTokens, long visionMillis, long preprocessMillis) {
      this.prompts = prompts;
      this.prepared = prepared;
      this.visionTokens = visionTokens;
      this.visionMillis = visionMillis;
      this.preprocessMillis = preprocessMillis;
    }

    /** Page {@code i} alone (to retry a failed wave page by page). */
    Wave page(int i) {
      return new Wave(new float[][] {prompts[i]}, new PreparedImage[] {prepared[i]}, new int[] {visionTokens[i]},
          visionMillis / Math.max(1, prompts.length));
    }

    public int size() {
      return prompts.length;
    }

    /** Prompt length of page {@code i}. */
    public int promptLength(int i, int hidden) {
      return prompts[i].length / hidden;
    }
  }

  /** Preprocesses the pages and runs the vision graphs over all their views, batched by view size. */
  public Wave prepare(List<BufferedImage> images) throws OcrException {
    long t0 = System.nanoTime();
    int n = images.size();
    PreparedImage[] prepared = new PreparedImage[n];
    // the views of a page (resampling, padding, normalisation) are plain Java: pages in parallel
    List<Future<PreparedImage>> jobs = new ArrayList<>(n);
    for (BufferedImage image : images) {
      jobs.add(preprocessors.submit(() -> views.prepare(RgbImage.from(image))));
    }
    for (int i = 0; i < n; i++) {
      try {
        prepared[i] = jobs.get(i).get();
      } catch (InterruptedException e) {
        jobs.forEach(j -> j.cancel(true));
        Thread.currentThread().interrupt();
        throw new OcrException("interrupted while preparing pages", e);
      } catch (ExecutionException e) {
        jobs.forEach(j -> j.cancel(true));
        Throwable c = e.getCause();
        throw new OcrException("cannot prepare page " + i + " for DeepSeek-OCR: " + c.getMessage(), c);
      }
    }
    long preprocessMillis = (System.nanoTime() - t0) / 1_000_000;
    ViewSpec spec = views.spec();
    DeepSeekVision global = vision.get(spec.globalSize());
    DeepSeekVision tiles = spec.cropMode() ? vision.get(spec.tileSize()) : null;
    int hidden = manifest.decoder().hiddenSize();
    float[][] globals;
    float[][] tileFeatures = new float[n][];
    try {
      globals = encodeAll(global, prepared, false);
      if (tiles != null) {
        tileFeatures = encodeAll(tiles, prepared, true);
      }
    } catch (OrtException e) {
      throw new OcrException("DeepSeek-OCR vision failed: " + e.getMessage(), e);
    }
    float[][] prompts = new float[n][];
    int[] visionTokens = new int[n];
    for (int i = 0; i < n; i++) {
      boolean tiled = prepared[i].grid().isTiled();
      float[] placeholders = ImageTokenLayout.assemble(globals[i], global.tokens(),
          tiled ? tileFeatures[i] : new float[0], tiled ? tiles.tokens() : 0, prepared[i].grid(), newline, separator, hidden);
      int count = placeholders.length / hidden;
      if (count != prepared[i].imageTokens()) {
        throw new OcrException("internal error: " + count + " vision embeddings for " + prepared[i].imageTokens() + " placeholders");
      }
      visionTokens[i] = count;
      prompts[i] = ImageTokenLayout.promptEmbeddings(
          embeddings, manifest.tokens().bos(), textBefore, placeholders, textAfter, hidden);
    }
    return new Wave(prompts, prepared, visionTokens, (System.nanoTime() - t0) / 1_000_000, preprocessMillis);
  }

  /** The views of one kind (tiles or global) of all pages through one graph, {@link #VISION_CHUNK} views a run. */
  private static float[][] encodeAll(DeepSeekVision graph, PreparedImage[] pages, boolean tiles) throws OrtException {
    List<float[]> viewPixels = new ArrayList<>();
    int[] owner = new int[0];
    List<Integer> owners = new ArrayList<>();
    for (int i = 0; i < pages.length; i++) {
      if (tiles) {
        if (!pages[i].grid().isTiled()) {
          continue;
        }
        float[] all = pages[i].tiles();
        int plane = all.length / pages[i].tileCount();
        for (int t = 0; t < pages[i].tileCount(); t++) {
          viewPixels.add(Arrays.copyOfRange(all, t * plane, (t + 1) * plane));
          owners.add(i);
        }
      } else {
        viewPixels.add(pages[i].globalView());
        owners.add(i);
      }
    }
    owner = owners.stream().mapToInt(Integer::intValue).toArray();
    float[][] perPage = new float[pages.length][];
    int[] filled = new int[pages.length];
    for (int i = 0; i < pages.length; i++) {
      int views = tiles ? (pages[i].grid().isTiled() ? pages[i].tileCount() : 0) : 1;
      perPage[i] = new float[0];
      if (views > 0) {
        perPage[i] = null;
      }
    }
    for (int start = 0; start < viewPixels.size(); start += VISION_CHUNK) {
      int count = Math.min(VISION_CHUNK, viewPixels.size() - start);
      int plane = viewPixels.get(start).length;
      float[] batch = new float[plane * count];
      for (int v = 0; v < count; v++) {
        System.arraycopy(viewPixels.get(start + v), 0, batch, v * plane, plane);
      }
      float[] features = graph.encode(batch, count);
      int per = features.length / count;
      for (int v = 0; v < count; v++) {
        int page = owner[start + v];
        if (perPage[page] == null) {
          int views = tiles ? pages[page].tileCount() : 1;
          perPage[page] = new float[per * views];
        }
        System.arraycopy(features, v * per, perPage[page], filled[page] * per, per);
        filled[page]++;
      }
    }
    return perPage;
  }

  /**
   * Decodes a prepared wave in one {@code generate.onnx} run.
   *
   * @param maxNewTokens tokens per page at most (also bounded by the model's context)
   * @param ignoreEos generate exactly {@code maxNewTokens} tokens per page (benchmarks with random weights)
   */
  public List<DeepSeekOcrEngine.Generation> decode(Wave wave, int maxNewTokens, boolean ignoreEos) throws OcrException {
    if (stepper != null) {
      return decodeContinuously(List.of(CompletableFuture.completedFuture(wave)), maxNewTokens, ignoreEos);
    }
    int hidden = manifest.decoder().hiddenSize();
    int n = wave.size();
    int[] lengths = new int[n];
    int seqLen = 0;
    for (int i = 0; i < n; i++) {
      lengths[i] = wave.prompts[i].length / hidden;
      seqLen = Math.max(seqLen, lengths[i]);
    }
    int budget = Math.min(maxNewTokens, manifest.maxTotalTokens() - seqLen);
    if (budget < 1) {
      throw new OcrException("the prompt (" + seqLen + " tokens) leaves no room in the model's context");
    }
    // right padding: GroupQueryAttention reads row b's cache at positions 0 .. lengths[b] - 1
    float[] embeds = new float[n * seqLen * hidden];
    for (int i = 0; i < n; i++) {
      System.arraycopy(wave.prompts[i], 0, embeds, i * seqLen * hidden, wave.prompts[i].length);
    }
    long t0 = System.nanoTime();
    int[][] ids;
    try {
      ids = generator.generate(embeds, lengths, seqLen, budget, ignoreEos ? -1 : manifest.tokens().eos(),
          manifest.tokens().eos(), ngram); // a finished row repeats EOS; the ids are cut after the first
    } catch (OrtException e) {
      throw new OcrException("DeepSeek-OCR batched decoding failed: " + e.getMessage(), e);
    }
    long decodeMillis = (System.nanoTime() - t0) / 1_000_000;
    int eos = manifest.tokens().eos();
    List<DeepSeekOcrEngine.Generation> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      int[] g = ids[i];
      boolean finished = !ignoreEos && g.length > 0 && g[g.length - 1] == eos;
      String text = tokenizer.decode(finished ? Arrays.copyOf(g, g.length - 1) : g, false);
      // prefill is inside the one generate run: reported as 0 here, measured apart by the benchmark
      out.add(new DeepSeekOcrEngine.Generation(g, text, finished, wave.visionTokens[i], lengths[i],
          wave.prepared[i].grid(), wave.visionMillis, 0, wave.visionMillis + decodeMillis));
    }
    return out;
  }

  /**
   * Runs a list of pages in waves of {@code batchSize}: the caller's thread decodes while a helper
   * thread prepares the next wave (preprocessing and vision overlap decoding).
   */
  public List<DeepSeekOcrEngine.Generation> generateAll(List<BufferedImage> images, int maxNewTokens, boolean ignoreEos)
      throws OcrException {
    if (stepper != null) {
      // continuous: every wave's preparation is queued on one thread, each page joins when a slot frees
      ExecutorService ahead = prepareAhead();
      try {
        List<Future<Wave>> waves = new ArrayList<>();
        for (int start = 0; start < images.size(); start += batchSize) {
          List<BufferedImage> part = images.subList(start, Math.min(images.size(), start + batchSize));
          waves.add(ahead.submit(() -> prepare(part)));
        }
        return decodeContinuously(waves, maxNewTokens, ignoreEos);
      } finally {
        ahead.shutdownNow();
      }
    }
    List<DeepSeekOcrEngine.Generation> out = new ArrayList<>(images.size());
    ExecutorService ahead = prepareAhead();
    try {
      Future<Wave> next = ahead.submit(() -> prepare(images.subList(0, Math.min(images.size(), batchSize))));
      for (int start = 0; start < images.size(); start += batchSize) {
        Wave w = await(next);
        int following = start + batchSize;
        if (following < images.size()) {
          next = ahead.submit(() -> prepare(images.subList(following, Math.min(images.size(), following + batchSize))));
        }
        out.addAll(decode(w, maxNewTokens, ignoreEos));
      }
      return out;
    } finally {
      ahead.shutdownNow();
    }
  }

  /** The thread that prepares the next pages (preprocessing, vision) while the caller's thread decodes. */
  private static ExecutorService prepareAhead() {
    return Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "deepseek-batch-prepare");
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * The pages of {@code waves}, in order, through the step decoder on the calling thread: a page
   * joins as soon as a slot is free and its wave is prepared, and leaves when it is over. A page
   * that fails fails the whole call (benchmarks and bulk callers; the queue path answers each page
   * on its own): no further page joins, the call's pages in the slots finish, then it throws.
   */
  private List<DeepSeekOcrEngine.Generation> decodeContinuously(List<? extends Future<Wave>> waves, int maxNewTokens,
      boolean ignoreEos) throws OcrException {
    List<DeepSeekOcrEngine.Generation> out = new ArrayList<>();
    List<DeepSeekStepDecoder.Sequence> failed = new ArrayList<>();
    int[] left = {0};
    int next = 0;
    java.util.ArrayDeque<DeepSeekStepDecoder.Sequence> pending = new java.util.ArrayDeque<>();
    while (true) {
      synchronized (stepper) {
        while (stepper.hasFreeSlot()) {
          if (pending.isEmpty() && failed.isEmpty() && next < waves.size()
              && (stepper.active() == 0 || waves.get(next).isDone())) {
            Wave w = await(waves.get(next++));
            for (int i = 0; i < w.size(); i++) {
              int index = out.size();
              out.add(null);
              left[0]++;
              Wave page = w;
              int pageIndex = i;
              pending.add(sequence(w, i, maxNewTokens, ignoreEos, s -> {
                // under the decoder's monitor, on whichever thread stepped (the engine's own may too)
                if (s.error != null) {
                  failed.add(s);
                } else {
                  out.set(index, generation(s, page, pageIndex));
                }
                left[0]--;
              }));
            }
          }
          if (!failed.isEmpty()) {
            left[0] -= pending.size(); // the call fails: its waiting pages are not started
            pending.clear();
          }
          if (pending.isEmpty()) {
            break;
          }
          stepper.admit(pending.poll());
        }
        if (stepper.active() > 0) {
          stepper.step();
        }
        if (left[0] == 0 && pending.isEmpty() && (next == waves.size() || !failed.isEmpty())) {
          // a failed page fails the call, once this call's other pages have left the slots (the slots
          // may hold the queue's pages too, which must not be touched)
          if (!failed.isEmpty()) {
            Throwable e = failed.get(0).error;
            throw e instanceof OcrException oe ? oe : new OcrException("DeepSeek-OCR decoding failed: " + e.getMessage(), e);
          }
          return out;
        }
      }
    }
  }

  /** Page {@code i} of a wave as a sequence for the step decoder. */
  private DeepSeekStepDecoder.Sequence sequence(Wave w, int i, int maxNewTokens, boolean ignoreEos,
      java.util.function.Consumer<DeepSeekStepDecoder.Sequence> done) {
    int hidden = manifest.decoder().hiddenSize();
    int length = w.prompts[i].length / hidden;
    int budget = Math.max(1, Math.min(maxNewTokens, manifest.maxTotalTokens() - length));
    return new DeepSeekStepDecoder.Sequence(w.prompts[i], length, budget, ignoreEos ? -1 : manifest.tokens().eos(), done);
  }

  private DeepSeekOcrEngine.Generation generation(DeepSeekStepDecoder.Sequence s, Wave w, int i) {
    int[] g = s.tokens();
    String text = tokenizer.decode(s.finished ? Arrays.copyOf(g, g.length - 1) : g, false);
    long prefill = s.prefillNanos / 1_000_000;
    return new DeepSeekOcrEngine.Generation(g, text, s.finished, w.visionTokens[i], s.promptLength, w.prepared[i].grid(),
        w.visionMillis, prefill, w.visionMillis + (s.endNanos - s.startNanos) / 1_000_000);
  }

  private static Wave await(Future<Wave> f) throws OcrException {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OcrException("interrupted while preparing pages", e);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      throw c instanceof OcrException oe ? oe : new OcrException("DeepSeek-OCR vision failed: " + c.getMessage(), c);
    }
  }

  /** Queues the page (blocking while {@code queueCapacity} pages wait) and waits for its wave. */
  public DeepSeekOcrEngine.Generation generate(BufferedImage image) throws OcrException {
    CompletableFuture<DeepSeekOcrEngine.Generation> f = enqueue(image);
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OcrException("interrupted while waiting for the GPU", e);
    } catch (ExecutionException e) {
      throw unwrap(e.getCause());
    }
  }

  /**
   * Puts the page into the queue, blocking while {@code queueCapacity} pages wait (back-pressure);
   * the future completes when its page leaves the batch.
   */
  private CompletableFuture<DeepSeekOcrEngine.Generation> enqueue(BufferedImage image) throws OcrException {
    Objects.requireNonNull(image, "image");
    if (closed) {
      throw new OcrException("the engine is closed");
    }
    CompletableFuture<DeepSeekOcrEngine.Generation> f = new CompletableFuture<>();
    try {
      Request request = new Request(image, f);
      queue.put(request);
      if (closed && queue.remove(request)) {
        // close() ran between the check above and the put: nobody would take this page
        f.completeExceptionally(new OcrException("the engine was closed"));
      }
      return f;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OcrException("interrupted while waiting for room in the GPU queue", e);
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
      g = enqueue(image);
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
    return peakBatch.get();
  }

  private GroundedPage page(DeepSeekOcrEngine.Generation g, BufferedImage image, int pageNumber) {
    PageStats stats = new PageStats(DeepSeekOcrEngine.NAME, options.mode(), g.visionTokens(), g.tokenIds().length,
        g.millis(), g.finished());
    return GroundingParser.parsePage(g.text(), pageNumber, image.getWidth(), image.getHeight(), stats);
  }

  /** Pipeline stage 1: takes up to batchSize waiting pages, preprocesses them, runs vision. */
  private void prepareWaves() {
    while (!closed) {
      try {
        Request first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        List<Request> wave = new ArrayList<>(batchSize);
        wave.add(first);
        queue.drainTo(wave, batchSize - 1);
        List<Prepared> prepared = prepareOrSplit(wave);
        for (int i = 0; i < prepared.size(); i++) {
          try {
            ready.put(prepared.get(i));
          } catch (InterruptedException e) {
            // closing: pages prepared but not handed over would otherwise never be answered
            for (Prepared left : prepared.subList(i, prepared.size())) {
              left.requests().forEach(r -> r.result().completeExceptionally(new OcrException("the engine was closed")));
            }
            throw e;
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** The wave prepared, or on failure each page alone (one bad page must not fail the others). */
  private List<Prepared> prepareOrSplit(List<Request> wave) {
    List<BufferedImage> images = new ArrayList<>(wave.size());
    wave.forEach(r -> images.add(r.image()));
    try {
      return List.of(new Prepared(wave, prepare(images)));
    } catch (OcrException | RuntimeException | Error e) { // an Error (OutOfMemoryError) too: a dead worker would hang every caller
      if (wave.size() == 1) {
        wave.get(0).result().completeExceptionally(e);
        return List.of();
      }
      List<Prepared> out = new ArrayList<>();
      for (Request r : wave) {
        out.addAll(prepareOrSplit(List.of(r)));
      }
      return out;
    }
  }

  /**
   * Pipeline stage 2 with the step decoder: pages of prepared waves join the running batch as slots
   * free up (continuous batching); each caller is answered when its page is over.
   */
  private void decodeContinuously() {
    java.util.ArrayDeque<DeepSeekStepDecoder.Sequence> pending = new java.util.ArrayDeque<>();
    try {
      while (!closed) {
        boolean idle;
        synchronized (stepper) {
          // the queue's own pages only: pages a bulk caller (generateAll) admitted are stepped by that caller
          idle = ownActive == 0;
        }
        if (idle && pending.isEmpty()) {
          // nothing of ours decodes: wait for a prepared wave without holding the decoder
          Prepared p = ready.poll(100, TimeUnit.MILLISECONDS);
          if (p != null) {
            enqueue(p, pending);
          }
          continue;
        }
        synchronized (stepper) {
          while (stepper.hasFreeSlot()) {
            if (pending.isEmpty()) {
              Prepared p = ready.poll(); // what is ready joins now; nothing waits for more
              if (p == null) {
                break;
              }
              enqueue(p, pending);
            }
            ownActive++;
            stepper.admit(pending.poll()); // a page over at once has already been answered (and counted down)
          }
          peakBatch.accumulateAndGet(stepper.active(), Math::max);
          stepper.step();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      OcrException closing = new OcrException("the engine was closed");
      synchronized (stepper) {
        pending.forEach(s -> {
          s.error = closing;
          s.done.accept(s);
        });
        stepper.failAll(closing);
      }
    }
  }

  /** The pages of a prepared wave as sequences that answer their callers. */
  private void enqueue(Prepared p, java.util.Deque<DeepSeekStepDecoder.Sequence> pending) {
    for (int i = 0; i < p.requests().size(); i++) {
      CompletableFuture<DeepSeekOcrEngine.Generation> f = p.requests().get(i).result();
      Wave w = p.wave();
      int page = i;
      pending.add(sequence(w, i, options.maxNewTokens(), false, s -> {
        ownActive--;
        if (s.error != null) {
          f.completeExceptionally(s.error instanceof OcrException oe ? oe
              : new OcrException("DeepSeek-OCR decoding failed: " + s.error.getMessage(), s.error));
        } else {
          f.complete(generation(s, w, page));
        }
      }));
    }
  }

  /** Pipeline stage 2: decodes prepared waves one after the other. */
  private void decodeWaves() {
    while (!closed) {
      try {
        Prepared p = ready.poll(100, TimeUnit.MILLISECONDS);
        if (p != null) {
          peakBatch.accumulateAndGet(p.requests().size(), Math::max);
          decodeOrSplit(p.requests(), p.wave());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void decodeOrSplit(List<Request> requests, Wave wave) {
    try {
      List<DeepSeekOcrEngine.Generation> gens = decode(wave, options.maxNewTokens(), false);
      for (int i = 0; i < requests.size(); i++) {
        requests.get(i).result().complete(gens.get(i));
      }
    } catch (OcrException | RuntimeException | Error e) { // an Error (OutOfMemoryError) too: a dead worker would hang every caller
      if (requests.size() == 1) {
        requests.get(0).result().completeExceptionally(e);
        return;
      }
      // one bad page must not fail the others: retry each page alone
      for (int i = 0; i < requests.size(); i++) {
        decodeOrSplit(List.of(requests.get(i)), wave.page(i));
      }
    }
  }

  /** Whether pages are decoding now. */
  boolean decoding() {
    if (stepper != null) {
      synchronized (stepper) {
        return stepper.active() > 0;
      }
    }
    return generator.runsInProgress() > 0;
  }

  @Override
  public void close() {
    closed = true;
    // a wave may be inside generate.onnx for tens of seconds: stop it, then wait for the workers,
    // because closing a session while a run uses it crashes the JVM
    if (generator != null) {
      generator.terminate();
    }
    preparer.interrupt();
    decoder.interrupt();
    boolean interrupted = false;
    for (Thread worker : List.of(preparer, decoder)) {
      while (worker.isAlive()) {
        try {
          worker.join();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    // taken out, not just answered: a caller blocked in put() on a full queue must get in, see
    // that the engine is closed and leave
    for (Request r; (r = queue.poll()) != null; ) {
      r.result().completeExceptionally(new OcrException("the engine was closed"));
    }
    for (Prepared p; (p = ready.poll()) != null; ) {
      p.requests().forEach(r -> r.result().completeExceptionally(new OcrException("the engine was closed")));
    }
    preprocessors.shutdownNow();
    if (generator != null) {
      generator.close();
    } else {
      stepper.close();
    }
    vision.values().forEach(DeepSeekVision::close);
    tokenizer.close();
  }
}
