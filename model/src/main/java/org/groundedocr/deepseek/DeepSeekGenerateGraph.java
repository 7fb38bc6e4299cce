package org.groundedocr.deepseek;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.groundedocr.onnx.OrtSupport;

/**
 * {@code generate.onnx} (made by {@code model/export/make_generate_graph.py}): prefill plus greedy
 * decoding of a batch of left-padded prompts in one {@code OrtSession.run}.
 *
 * <p>Why one run for the whole generation: ONNX Runtime's Java API (1.29) has no I/O binding and no
 * public device allocator, so each run copies its inputs from and its outputs to host memory. With
 * the step graph ({@code decoder.onnx}) the whole KV cache would cross PCIe twice per token; here the
 * cache, the mask, the positions and the next token are loop-carried state of an ONNX {@code Loop}
 * and stay on the device. Only the prompt embeddings go in and only token ids come out.
 *
 * <p>Not applied on this path: the no-repeat n-gram rule (it needs the logits on the host at every
 * step); pages decoded here report it.
 */
final class DeepSeekGenerateGraph implements AutoCloseable {

  private final OrtEnvironment env;
  private final OrtSession session;
  private final DeepSeekManifest.Decoder spec;
  private final boolean fp16Cache;

  DeepSeekGenerateGraph(OrtEnvironment env, Path file, OrtSession.SessionOptions options, DeepSeekManifest.Decoder spec)
      throws OrtException {
    this.env = env;
    this.spec = spec;
    this.fp16Cache = spec.kvDtype().equals("float16");
    this.session = OrtSupport.createSession(file, options);
  }

  /**
   * Generates {@code maxNewTokens} tokens per row (fewer when every row has emitted {@code eos}).
   *
   * @param embeds {@code [batch, seqLen, hidden]} prompt embeddings, each row left-padded
   * @param lengths each row's prompt length (the last {@code lengths[b]} positions are real)
   * @param eos the id that ends a row, or -1 to generate exactly {@code maxNewTokens} (benchmarks)
   * @param pad the id a finished row emits for the remaining steps
   * @return per row the generated ids, up to and including its EOS
   */
  int[][] generate(float[] embeds, int[] lengths, int seqLen, int maxNewTokens, int eos, int pad) throws OrtException {
    int batch = lengths.length;
    int hidden = spec.hiddenSize();
    if ((long) batch * seqLen * hidden != embeds.length || maxNewTokens < 1) {
      throw new IllegalArgumentException("need " + batch + " x " + seqLen + " x " + hidden + " embeddings and maxNewTokens >= 1");
    }
    long[] positions = new long[batch * seqLen];
    long[] mask = new long[batch * seqLen];
    for (int b = 0; b < batch; b++) {
      int padCount = seqLen - lengths[b];
      if (padCount < 0) {
        throw new IllegalArgumentException("prompt " + b + " is longer than " + seqLen);
      }
      for (int s = padCount; s < seqLen; s++) {
        positions[b * seqLen + s] = s - padCount;
        mask[b * seqLen + s] = 1;
      }
    }
    Map<String, OnnxTensor> in = new HashMap<>();
    try {
      in.put("inputs_embeds", OnnxTensor.createTensor(env, FloatBuffer.wrap(embeds), new long[] {batch, seqLen, hidden}));
      in.put("position_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(positions), new long[] {batch, seqLen}));
      in.put("attention_mask", OnnxTensor.createTensor(env, LongBuffer.wrap(mask), new long[] {batch, seqLen}));
      in.put("max_new_tokens", OnnxTensor.createTensor(env, LongBuffer.wrap(new long[] {maxNewTokens}), new long[0]));
      in.put("eos_id", OnnxTensor.createTensor(env, LongBuffer.wrap(new long[] {eos}), new long[0]));
      in.put("pad_id", OnnxTensor.createTensor(env, LongBuffer.wrap(new long[] {pad}), new long[0]));
      long[] empty = {batch, spec.kvHeads(), 0, spec.headDim()};
      for (int i = 0; i < spec.layers(); i++) {
        for (String kind : new String[] {"key", "value"}) {
          in.put("past_" + kind + "_" + i, fp16Cache
              ? OnnxTensor.createTensor(env, ByteBuffer.allocateDirect(0).order(ByteOrder.nativeOrder()), empty, OnnxJavaType.FLOAT16)
              : OnnxTensor.createTensor(env, FloatBuffer.allocate(0), empty));
        }
      }
      try (OrtSession.Result r = session.run(in)) {
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
    } finally {
      for (OnnxTensor t : in.values()) {
        t.close();
      }
    }
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
