package org.groundedocr.deepseek;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.groundedocr.engine.Device;
import org.groundedocr.onnx.NativeTensor;
import org.groundedocr.onnx.OrtIoBinding;

/**
 * Continuous batching over {@code decode_step.onnx} (format {@code grounded-ocr-step/1}, made by
 * {@code model/export/make_generate_graph.py}): the KV cache of up to {@code slots} pages lives in
 * one buffer per layer and direction, {@code [slots, kvHeads, capacity, headDim]}, allocated once on
 * the device and bound through ONNX Runtime's C API I/O binding ({@link OrtIoBinding}) as both the
 * graph's {@code past_*} input and its {@code present_*} output, so GroupQueryAttention writes each
 * new token's K/V in place: nothing of the cache is copied per step (the in-graph loop of
 * {@code generate.onnx} copies the whole cache every step, because ONNX Runtime never lets a loop
 * output alias its input).
 *
 * <p>A page joins ({@link #admit}) by a prefill of its prompt alone into a free slot (a view of that
 * slot's rows); then each {@link #step} decodes one token for every page in the slots
 * {@code [0, width)}, width = the highest busy slot + 1 (a free slot inside it costs one wasted row,
 * and the lowest free slot is always taken first). A page that emits EOS or reaches its budget
 * leaves at once and its slot takes the next page: pages of different output lengths no longer wait
 * for the longest one of a wave. The no-repeat n-gram rule runs here on the host over the graph's
 * {@code top_k} best ids ({@link NoRepeatNGram}: at most {@code window - n + 1} ids can be banned, so
 * that many + 1 candidates always hold the best unbanned id) — the same ids as the step engine.
 *
 * <p>Not thread-safe: one decoding thread owns it.
 */
final class DeepSeekStepDecoder implements AutoCloseable {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DeepSeekStepDecoder.class);

  /** The graph contract this class speaks ({@code format} in the model's metadata). */
  static final String FORMAT = "grounded-ocr-step/1";
  static final String GRAPH_FORMAT = "grounded-ocr-step-graph/1";

  /** A page being decoded; {@code done} is called on the decoding thread when it leaves. */
  static final class Sequence {
    final float[] prompt;
    final int promptLength;
    final int eos;
    final Consumer<Sequence> done;
    int budget;
    int[] ids;
    int count;
    boolean finished;
    long prefillNanos;
    long startNanos;
    long endNanos;
    Throwable error;

    /**
     * @param prompt {@code [promptLength, hidden]} prompt embeddings
     * @param budget tokens to generate at most
     * @param eos the id that ends the page, or -1 to generate exactly {@code budget} (benchmarks)
     */
    Sequence(float[] prompt, int promptLength, int budget, int eos, Consumer<Sequence> done) {
      this.prompt = prompt;
      this.promptLength = promptLength;
      this.budget = budget;
      this.eos = eos;
      this.done = done;
      this.ids = new int[Math.max(1, Math.min(budget, 256))];
    }

    int[] tokens() {
      return Arrays.copyOf(ids, count);
    }

    void add(int id) {
      if (count == ids.length) {
        ids = Arrays.copyOf(ids, Math.min(budget, ids.length * 2));
      }
      ids[count++] = id;
      finished = id == eos;
    }

    boolean over() {
      return finished || count >= budget;
    }
  }

  private final OrtSession session;
  private final DeepSeekManifest.Decoder spec;
  private final NoRepeatNGram ngram;
  private final int slots;
  private final int capacity;
  private final int topK;
  /** past/present buffers, [slots, kvHeads, capacity, headDim] each, in the graph's order. */
  private final NativeTensor[] cache;
  private final String[] cacheNames;
  private final NativeTensor zeroEmbeds;
  private final NativeTensor topKInput;
  private final Sequence[] busy;
  private final OrtIoBinding stepBinding;
  private final OrtIoBinding prefillBinding;
  /** Per width: the cache views of slots [0, width) and that width's small inputs and outputs. */
  private final Map<Integer, Width> widths = new HashMap<>();
  /** Per slot: the cache views of that slot's rows (prefill), made when the slot is first used. */
  private final NativeTensor[][] slotViews;
  private final List<NativeTensor> owned = new ArrayList<>();
  private int boundWidth = -1;
  private int active;
  /** decode_graph.onnx for the decode steps (null: decode_step.onnx), see {@link #useDecodeGraph}. */
  private OrtSession graphSession;
  private boolean captureGraphs;
  private final Map<Integer, Bucket> buckets = new HashMap<>();
  private NativeTensor capacityInput;

  /**
   * A batch-size bucket of the decode graph: its inputs and outputs at fixed addresses, bound once
   * (a captured CUDA graph replays with the addresses it was captured with), the host staging copies.
   */
  private record Bucket(OrtIoBinding binding, OrtSession.RunOptions runOptions, NativeTensor ids,
      NativeTensor seqlens, NativeTensor top, NativeTensor idsHost, NativeTensor seqlensHost, NativeTensor topHost) {}

  private record Width(NativeTensor[] views, NativeTensor ids, NativeTensor seqlens, NativeTensor total, NativeTensor top) {}

  /**
   * @param session a session of {@code decode_step.onnx}; closed with this decoder
   * @param slots pages decoding together at most
   * @param capacity cache positions per slot: prompt + generated tokens of a page at most
   */
  DeepSeekStepDecoder(OrtSession session, DeepSeekManifest.Decoder spec, Device device, int slots, int capacity,
      NoRepeatNGram ngram) throws OrtException {
    String format = session.getMetadata().getCustomMetadata().get("format");
    if (!FORMAT.equals(format)) {
      throw new IllegalArgumentException("decode_step.onnx is not a " + FORMAT + " graph (found " + format
          + "): rebuild it with model/export/make_generate_graph.py");
    }
    if (slots < 1 || capacity < 2) {
      throw new IllegalArgumentException("need slots >= 1 and capacity >= 2, got " + slots + ", " + capacity);
    }
    this.session = session;
    this.spec = spec;
    this.ngram = ngram;
    this.slots = slots;
    this.capacity = capacity;
    int candidates = ngram.size() > 0 ? Math.max(ngram.window() - ngram.size() + 1, 0) + 1 : 1;
    this.topK = Math.min(candidates, spec.vocabSize());
    this.busy = new Sequence[slots];
    this.slotViews = new NativeTensor[slots][];
    OnnxJavaType kvType = switch (spec.kvDtype()) {
      case "float32" -> OnnxJavaType.FLOAT;
      case "float16" -> OnnxJavaType.FLOAT16;
      default -> throw new IllegalArgumentException("decode_step.onnx: unsupported cache dtype " + spec.kvDtype());
    };
    // GroupQueryAttention has CUDA kernels for fp16/bf16 only: an fp32 graph runs it on ONNX Runtime's CPU
    // provider, so an fp32 cache lives in host memory, where that kernel updates it in place
    Device cacheDevice = kvType == OnnxJavaType.FLOAT ? Device.CPU : device;
    int layers = spec.layers();
    this.cache = new NativeTensor[2 * layers];
    this.cacheNames = new String[2 * layers];
    OrtIoBinding step = null;
    OrtIoBinding prefill = null;
    try {
      for (int i = 0; i < layers; i++) {
        for (int k = 0; k < 2; k++) {
          int j = 2 * i + k;
          cacheNames[j] = (k == 0 ? "key_" : "value_") + i;
          cache[j] = own(NativeTensor.allocate(session, cacheDevice, kvType, slots, spec.kvHeads(), capacity, spec.headDim()));
        }
      }
      zeroEmbeds = own(NativeTensor.allocateCpu(OnnxJavaType.FLOAT, 1, 1, spec.hiddenSize()));
      FloatBuffer z = zeroEmbeds.buffer().asFloatBuffer();
      while (z.hasRemaining()) {
        z.put(0f);
      }
      topKInput = own(NativeTensor.allocateCpu(OnnxJavaType.INT64, 1));
      topKInput.buffer().asLongBuffer().put(0, topK);
      step = new OrtIoBinding(session);
      prefill = new OrtIoBinding(session);
    } catch (OrtException | RuntimeException e) {
      if (step != null) {
        step.close();
      }
      owned.forEach(NativeTensor::close);
      throw e;
    }
    this.stepBinding = step;
    this.prefillBinding = prefill;
  }

  private NativeTensor own(NativeTensor t) {
    owned.add(t);
    return t;
  }

  /**
   * Decode steps through {@code decode_graph.onnx} (format {@code grounded-ocr-step-graph/1}): one
   * token per row, every shape constant, no host-side node. With {@code captureGraphs} (a session
   * made with the CUDA provider's {@code enable_cuda_graph}) ONNX Runtime captures one CUDA graph per
   * batch bucket (powers of two up to the slots, {@code gpu_graph_id}) and replays it: one launch per
   * step instead of one per kernel (~260), which is what a step costs at small batches. Prefill stays
   * on {@code decode_step.onnx}. The session is closed with this decoder.
   */
  void useDecodeGraph(OrtSession session, boolean captureGraphs) throws OrtException {
    String format = session.getMetadata().getCustomMetadata().get("format");
    if (!GRAPH_FORMAT.equals(format)) {
      session.close();
      throw new IllegalArgumentException("decode_graph.onnx is not a " + GRAPH_FORMAT + " graph (found " + format
          + "): rebuild it with model/export/make_generate_graph.py");
    }
    this.graphSession = session;
    // a cache in host memory means GroupQueryAttention runs on the CPU provider: nothing to capture
    this.captureGraphs = captureGraphs && !cache[0].isHostMemory();
    this.capacityInput = own(NativeTensor.allocateCpu(OnnxJavaType.INT32));
    // a replayed graph cannot see a new total length: the buffer's capacity, each row's own length from seqlens_k
    capacityInput.buffer().asIntBuffer().put(0, capacity);
  }

  /** Whether decode steps run through decode_graph.onnx (false after a failure there made it fall back). */
  boolean usesDecodeGraph() {
    return graphSession != null;
  }

  int capacity() {
    return capacity;
  }

  int slots() {
    return slots;
  }

  int active() {
    return active;
  }

  boolean hasFreeSlot() {
    return active < slots;
  }

  /**
   * Prefills {@code s} into the lowest free slot and picks its first token; a page that is then
   * already over (EOS first, budget 1) leaves at once. A failure here fails this page alone.
   */
  void admit(Sequence s) {
    int slot = 0;
    while (busy[slot] != null) {
      slot++; // the caller checked hasFreeSlot()
    }
    int hidden = spec.hiddenSize();
    s.startNanos = System.nanoTime();
    try {
      if (s.promptLength < 1 || s.prompt.length != s.promptLength * hidden) {
        throw new IllegalArgumentException("prompt of " + s.prompt.length + " values is not " + s.promptLength + " x " + hidden);
      }
      if (s.promptLength >= capacity) {
        throw new IllegalArgumentException("the prompt (" + s.promptLength + " tokens) leaves no room in the KV cache of "
            + capacity + " positions (kvCapacity)");
      }
      s.budget = Math.min(s.budget, capacity - s.promptLength);
      try (NativeTensor ids = NativeTensor.allocateCpu(OnnxJavaType.INT64, 1, s.promptLength);
          NativeTensor embeds = NativeTensor.allocateCpu(OnnxJavaType.FLOAT, 1, s.promptLength, hidden);
          NativeTensor seqlens = NativeTensor.allocateCpu(OnnxJavaType.INT32, 1);
          NativeTensor total = NativeTensor.allocateCpu(OnnxJavaType.INT32);
          NativeTensor top = NativeTensor.allocateCpu(OnnxJavaType.INT64, 1, topK)) {
        LongBuffer idb = ids.buffer().asLongBuffer();
        for (int p = 0; p < s.promptLength; p++) {
          idb.put(p, -1); // every position takes its vector from inputs_embeds
        }
        embeds.buffer().asFloatBuffer().put(s.prompt);
        seqlens.buffer().asIntBuffer().put(0, s.promptLength - 1);
        total.buffer().asIntBuffer().put(0, s.promptLength);
        if (slotViews[slot] == null) {
          slotViews[slot] = viewsOfSlot(slot);
        }
        OrtIoBinding b = prefillBinding;
        b.bindInput("inputs_embeds", embeds);
        bindInputs(b, ids, seqlens, total);
        bindCache(b, slotViews[slot]);
        b.bindOutput("top_ids", top);
        b.run();
        b.synchronizeBoundOutputs();
        s.add(choose(s, top.buffer().asLongBuffer(), 0));
        b.clearBoundInputs();
        b.clearBoundOutputs();
      }
    } catch (OrtException | RuntimeException e) {
      s.error = e;
      s.endNanos = System.nanoTime();
      s.done.accept(s);
      return;
    } finally {
      s.prefillNanos = System.nanoTime() - s.startNanos;
    }
    if (s.over()) {
      s.endNanos = System.nanoTime();
      s.done.accept(s);
      return;
    }
    busy[slot] = s;
    active++;
  }

  /**
   * One token for every busy slot. A failure here (the device, not a page) fails every page in
   * the slots, which are then free.
   */
  void step() {
    if (active == 0) {
      return;
    }
    int width = 0;
    int longest = 0;
    for (int i = 0; i < slots; i++) {
      if (busy[i] != null) {
        width = i + 1;
        longest = Math.max(longest, busy[i].promptLength + busy[i].count);
      }
    }
    if (graphSession != null) {
      try {
        stepWithGraph(width);
        return;
      } catch (OrtException | RuntimeException e) {
        // the step writes each row's K/V at its own length, so running it again on decode_step.onnx is exact
        LOG.warn("decode_graph.onnx failed ({}); decoding on with decode_step.onnx", e.getMessage());
        closeGraph();
      }
    }
    try {
      Width w = widths.get(width);
      if (w == null) {
        w = newWidth(width);
        widths.put(width, w);
      }
      fillRows(w.ids.buffer().asLongBuffer(), w.seqlens.buffer().asIntBuffer(), width);
      w.total.buffer().asIntBuffer().put(0, longest);
      OrtIoBinding b = stepBinding;
      if (boundWidth != width) {
        bindCache(b, w.views);
        b.bindOutput("top_ids", w.top);
        boundWidth = width;
      }
      // bound again every step: ONNX Runtime copies a host input to the device when it is bound
      b.bindInput("inputs_embeds", zeroEmbeds);
      bindInputs(b, w.ids, w.seqlens, w.total);
      b.run();
      b.synchronizeBoundOutputs();
      LongBuffer top = w.top.buffer().asLongBuffer();
      takeTokens(top, width);
    } catch (OrtException | RuntimeException | Error e) {
      failAll(e);
      if (e instanceof Error err) {
        throw err;
      }
    }
  }

  private void stepWithGraph(int width) throws OrtException {
    int b = Integer.highestOneBit(width) == width ? width : Math.min(slots, Integer.highestOneBit(width) << 1);
    Bucket k = buckets.get(b);
    if (k == null) {
      k = newBucket(b);
      buckets.put(b, k);
    }
    fillRows(k.idsHost.buffer().asLongBuffer(), k.seqlensHost.buffer().asIntBuffer(), b); // slots >= width are free
    k.idsHost.copyTo(k.ids);
    k.seqlensHost.copyTo(k.seqlens);
    if (k.ids.isHostMemory()) {
      // host-memory inputs (a cache in host memory: no capture) are copied to a CUDA consumer when bound,
      // not when run: bound again after every write
      k.binding.bindInput("input_ids", k.ids);
      k.binding.bindInput("seqlens_k", k.seqlens);
    }
    k.binding.run(k.runOptions);
    k.binding.synchronizeBoundOutputs();
    k.top.copyTo(k.topHost);
    takeTokens(k.topHost.buffer().asLongBuffer(), width);
  }

  /** Each busy slot's next id from its row of candidates; a page that is over leaves its slot. */
  private void takeTokens(LongBuffer top, int width) {
    long now = System.nanoTime();
    for (int i = 0; i < width; i++) {
      Sequence s = busy[i];
      if (s == null) {
        continue;
      }
      s.add(choose(s, top, i));
      if (s.over()) {
        busy[i] = null;
        active--;
        s.endNanos = now;
        s.done.accept(s);
      }
    }
  }

  /** Rows [0, rows) of a step's inputs: a busy slot's last id at its cached length, a free one id 0 at 0. */
  private void fillRows(LongBuffer ids, IntBuffer seqlens, int rows) {
    for (int i = 0; i < rows; i++) {
      Sequence s = busy[i];
      // the new token's position is the page's cached length: prompt + generated - 1 (the last id is not cached yet)
      ids.put(i, s == null ? 0 : s.ids[s.count - 1]);
      seqlens.put(i, s == null ? 0 : s.promptLength + s.count - 1);
    }
  }

  private Bucket newBucket(int b) throws OrtException {
    // from the step session's allocator, like the cache: it outlives the graph session, which may be closed first
    Device device = cache[0].isHostMemory() ? Device.CPU : Device.CUDA;
    NativeTensor ids = own(NativeTensor.allocate(session, device, OnnxJavaType.INT64, b, 1));
    NativeTensor seqlens = own(NativeTensor.allocate(session, device, OnnxJavaType.INT32, b));
    NativeTensor top = own(NativeTensor.allocate(session, device, OnnxJavaType.INT64, b, topK));
    NativeTensor[] views = new NativeTensor[cache.length];
    for (int j = 0; j < cache.length; j++) {
      views[j] = own(cache[j].rows(0, b));
    }
    OrtIoBinding binding = new OrtIoBinding(graphSession);
    OrtSession.RunOptions options = new OrtSession.RunOptions();
    try {
      bindInputs(binding, ids, seqlens, capacityInput);
      bindCache(binding, views);
      binding.bindOutput("top_ids", top);
      if (captureGraphs) {
        options.addRunConfigEntry("gpu_graph_id", String.valueOf(b));
      }
    } catch (OrtException | RuntimeException e) {
      binding.close();
      options.close();
      throw e;
    }
    return new Bucket(binding, options, ids, seqlens, top,
        own(NativeTensor.allocateCpu(OnnxJavaType.INT64, b, 1)), own(NativeTensor.allocateCpu(OnnxJavaType.INT32, b)),
        own(NativeTensor.allocateCpu(OnnxJavaType.INT64, b, topK)));
  }

  private void closeGraph() {
    for (Bucket k : buckets.values()) {
      k.binding.close();
      k.runOptions.close();
    }
    buckets.clear();
    if (graphSession != null) {
      try {
        graphSession.close();
      } catch (OrtException e) {
        LOG.warn("closing decode_graph.onnx failed: {}", e.getMessage());
      }
      graphSession = null;
    }
  }

  /** Fails every page in the slots (closing, or a failed step); the slots are free afterwards. */
  void failAll(Throwable e) {
    long now = System.nanoTime();
    for (int i = 0; i < slots; i++) {
      Sequence s = busy[i];
      if (s != null) {
        busy[i] = null;
        s.error = e;
        s.endNanos = now;
        s.done.accept(s);
      }
    }
    active = 0;
  }

  /** The best candidate of row {@code row} that the n-gram rule does not ban. */
  private int choose(Sequence s, LongBuffer top, int row) {
    int[] banned = ngram.banned(s.ids, s.count);
    for (int c = 0; c < topK; c++) {
      int id = (int) top.get(row * topK + c);
      boolean ok = true;
      for (int x : banned) {
        if (x == id) {
          ok = false;
          break;
        }
      }
      if (ok) {
        return id;
      }
    }
    throw new IllegalStateException("all " + topK + " candidates banned: the graph's top_k is too small for the n-gram rule");
  }

  /** The inputs both step graphs share (decode_step.onnx's inputs_embeds is bound apart). */
  private void bindInputs(OrtIoBinding b, NativeTensor ids, NativeTensor seqlens, NativeTensor total) throws OrtException {
    b.bindInput("input_ids", ids);
    b.bindInput("seqlens_k", seqlens);
    b.bindInput("total_sequence_length", total);
    b.bindInput("top_k", topKInput);
  }

  private void bindCache(OrtIoBinding b, NativeTensor[] views) throws OrtException {
    for (int j = 0; j < views.length; j++) {
      b.bindInput("past_" + cacheNames[j], views[j]);
      b.bindOutput("present_" + cacheNames[j], views[j]); // the same memory: updated in place
    }
  }

  private NativeTensor[] viewsOfSlot(int slot) throws OrtException {
    NativeTensor[] v = new NativeTensor[cache.length];
    for (int j = 0; j < cache.length; j++) {
      v[j] = own(cache[j].rows(slot, 1));
    }
    return v;
  }

  private Width newWidth(int width) throws OrtException {
    NativeTensor[] v = new NativeTensor[cache.length];
    for (int j = 0; j < cache.length; j++) {
      v[j] = own(cache[j].rows(0, width));
    }
    return new Width(v, own(NativeTensor.allocateCpu(OnnxJavaType.INT64, width, 1)),
        own(NativeTensor.allocateCpu(OnnxJavaType.INT32, width)), own(NativeTensor.allocateCpu(OnnxJavaType.INT32)),
        own(NativeTensor.allocateCpu(OnnxJavaType.INT64, width, topK)));
  }

  @Override
  public void close() {
    closeGraph();
    stepBinding.close();
    prefillBinding.close();
    // views before the buffers they look into
    for (int i = owned.size() - 1; i >= 0; i--) {
      owned.get(i).close();
    }
    owned.clear();
    try {
      session.close();
    } catch (OrtException e) {
      throw new IllegalStateException("closing decode_step.onnx failed", e);
    }
  }
}
