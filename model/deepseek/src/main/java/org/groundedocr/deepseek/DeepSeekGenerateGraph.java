package org.groundedocr.deepseek;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.groundedocr.onnx.OrtSupport;

/**
 * {@code generate.onnx} (made by {@code model/export/make_generate_graph.py}): prefill plus greedy
 * decoding of a batch of right-padded prompts in one {@code OrtSession.run}.
 *
 * <p>The wave decoder ({@code decoder=loop}); the default is {@link DeepSeekStepDecoder}, which keeps
 * the cache on the device through the C API's I/O binding. Why one run for the whole generation here:
 * ONNX Runtime's Java API (1.29) has no I/O binding, so each {@code OrtSession.run} copies its inputs
 * from and its outputs to host memory. With the step graph ({@code decoder.onnx}) the whole KV cache
 * would cross PCIe twice per token; here the
 * cache, the lengths, the next token and the generated ids are loop-carried state of an ONNX
 * {@code Loop} and stay on the device. Only the prompt embeddings go in and only token ids come out.
 * The no-repeat n-gram rule ({@link NoRepeatNGram}) runs inside the loop with the same parameters.
 */
final class DeepSeekGenerateGraph implements AutoCloseable {

  /** The graph contract this class speaks ({@code format} in the model's metadata). */
  static final String FORMAT = "grounded-ocr-generate/2";

  private final OrtEnvironment env;
  private final OrtSession session;
  private final DeepSeekManifest.Decoder spec;
  /** Options of the runs in progress, so that {@link #terminate} can stop them (a wave lasts seconds). */
  private final Set<OrtSession.RunOptions> running = new HashSet<>();
  private boolean terminated; // guarded by running

  DeepSeekGenerateGraph(OrtEnvironment env, Path file, OrtSession.SessionOptions options, DeepSeekManifest.Decoder spec)
      throws OrtException {
    this.env = env;
    this.spec = spec;
    this.session = OrtSupport.createSession(file, options);
    String format = session.getMetadata().getCustomMetadata().get("format");
    if (!FORMAT.equals(format)) {
      session.close();
      throw new IllegalArgumentException(file + " is not a " + FORMAT + " graph (found " + format
          + "): rebuild it with model/export/make_generate_graph.py --model-dir " + file.getParent());
    }
  }

  /**
   * Generates {@code maxNewTokens} tokens per row (fewer when every row has emitted {@code eos}).
   *
   * @param embeds {@code [batch, seqLen, hidden]} prompt embeddings, each row right-padded (row b's
   *     first {@code lengths[b]} positions are its prompt)
   * @param lengths each row's prompt length
   * @param eos the id that ends a row, or -1 to generate exactly {@code maxNewTokens} (benchmarks)
   * @param pad the id a finished row emits for the remaining steps
   * @param ngram the no-repeat rule applied at every step (size 0: none)
   * @return per row the generated ids, up to and including its EOS
   */
  int[][] generate(float[] embeds, int[] lengths, int seqLen, int maxNewTokens, int eos, int pad, NoRepeatNGram ngram)
      throws OrtException {
    int batch = lengths.length;
    int hidden = spec.hiddenSize();
    if ((long) batch * seqLen * hidden != embeds.length || maxNewTokens < 1) {
      throw new IllegalArgumentException("need " + batch + " x " + seqLen + " x " + hidden + " embeddings and maxNewTokens >= 1");
    }
    long[] promptLengths = new long[batch];
    for (int b = 0; b < batch; b++) {
      if (lengths[b] < 1 || lengths[b] > seqLen) {
        throw new IllegalArgumentException("prompt " + b + " has length " + lengths[b] + ", not 1.." + seqLen);
      }
      promptLengths[b] = lengths[b];
    }
    long[] whitelist = ngram.whitelist().stream().mapToLong(Integer::longValue).sorted().toArray();
    Map<String, OnnxTensor> in = new HashMap<>();
    try {
      in.put("inputs_embeds", OnnxTensor.createTensor(env, FloatBuffer.wrap(embeds), new long[] {batch, seqLen, hidden}));
      in.put("prompt_lengths", OnnxTensor.createTensor(env, LongBuffer.wrap(promptLengths), new long[] {batch}));
      in.put("max_new_tokens", scalar(maxNewTokens));
      in.put("eos_id", scalar(eos));
      in.put("pad_id", scalar(pad));
      in.put("ngram_size", scalar(ngram.size()));
      in.put("ngram_window", scalar(ngram.window()));
      in.put("ngram_whitelist", OnnxTensor.createTensor(env, LongBuffer.wrap(whitelist), new long[] {whitelist.length}));
      OrtSession.RunOptions runOptions = new OrtSession.RunOptions();
      synchronized (running) {
        if (terminated) {
          runOptions.close();
          throw new IllegalStateException("generate.onnx was terminated: the engine is closing");
        }
        running.add(runOptions);
      }
      try {
        return run(in, runOptions, batch, eos);
      } finally {
        synchronized (running) { // never close options that terminate() is about to touch
          running.remove(runOptions);
          runOptions.close();
        }
      }
    } finally {
      for (OnnxTensor t : in.values()) {
        t.close();
      }
    }
  }

  private int[][] run(Map<String, OnnxTensor> in, OrtSession.RunOptions runOptions, int batch, int eos)
      throws OrtException {
    try (OrtSession.Result r = session.run(in, runOptions)) {
      LongBuffer firstBuf = ((OnnxTensor) r.get("first_token").orElseThrow()).getLongBuffer();
      long[] first = new long[firstBuf.remaining()];
      firstBuf.get(first);
      OnnxTensor nextT = (OnnxTensor) r.get("next_tokens").orElseThrow();
      long[] nextShape = nextT.getInfo().getShape();
      // zero iterations (maxNewTokens 1) may come back as shape [0]
      int steps = nextShape.length == 2 ? (int) nextShape[0] : 0;
      LongBuffer next = nextT.getLongBuffer();
      if (first.length != batch || (steps > 0 && nextShape[1] != batch)) {
        throw new IllegalStateException("generate.onnx gave tokens of an unexpected shape");
      }
      int[][] out = new int[batch][];
      for (int b = 0; b < batch; b++) {
        int[] ids = new int[1 + steps];
        ids[0] = (int) first[b];
        int n = 1;
        boolean done = ids[0] == eos;
        for (int s = 0; s < steps && !done; s++) {
          int id = (int) next.get(s * batch + b);
          ids[n++] = id;
          done = id == eos;
        }
        out[b] = java.util.Arrays.copyOf(ids, n);
      }
      return out;
    }
  }

  /**
   * Asks every run in progress to stop (ONNX Runtime checks between nodes and fails the run) and
   * refuses new ones: called before {@link #close}, which must not free the session under a run.
   */
  void terminate() {
    synchronized (running) {
      terminated = true;
      for (OrtSession.RunOptions o : running) {
        try {
          o.setTerminate(true);
        } catch (OrtException e) {
          // nothing more to do: the run then ends on its own (bounded by max_new_tokens)
        }
      }
    }
  }

  /** Runs in progress now (tests and monitoring). */
  int runsInProgress() {
    synchronized (running) {
      return running.size();
    }
  }

  private OnnxTensor scalar(long value) throws OrtException {
    return OnnxTensor.createTensor(env, LongBuffer.wrap(new long[] {value}), new long[0]);
  }

  @Override
  public void close() {
    try {
      session.close();
    } catch (OrtException e) {
      throw new IllegalStateException("closing generate.onnx failed", e);
    }
  }
}
