package org.groundedocr.deepseek;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
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
import java.util.Optional;
import org.groundedocr.onnx.OrtSupport;

/**
 * {@code decoder.onnx}: the DeepSeek-MoE language model with its KV cache, one graph for prefill and
 * single-token steps. The session is shared by all callers ({@code OrtSession.run} is thread-safe);
 * each generation keeps its own cache in a {@link Sequence}.
 *
 * <p>The graph has a batch dimension; this class runs batch 1 (the GPU issue can batch sequences
 * without another export).
 */
final class DeepSeekDecoder implements AutoCloseable {

  private final OrtEnvironment env;
  private final OrtSession session;
  private final DeepSeekManifest.Decoder spec;
  private final boolean fp16Cache;

  DeepSeekDecoder(OrtEnvironment env, Path file, OrtSession.SessionOptions options, DeepSeekManifest.Decoder spec)
      throws OrtException {
    this.env = env;
    this.spec = spec;
    this.fp16Cache = spec.kvDtype().equals("float16");
    this.session = OrtSupport.createSession(file, options);
  }

  int hiddenSize() {
    return spec.hiddenSize();
  }

  int vocabSize() {
    return spec.vocabSize();
  }

  /** A new, empty sequence (one per generation; not thread-safe). */
  Sequence newSequence() {
    return new Sequence();
  }

  @Override
  public void close() {
    try {
      session.close();
    } catch (OrtException e) {
      throw new IllegalStateException("closing the decoder session failed", e);
    }
  }

  /** The cache of one sequence: the last run's {@code present_*} tensors, fed back as {@code past_*}. */
  final class Sequence implements AutoCloseable {
    private OrtSession.Result last;
    private int cached;

    /** Tokens in the cache. */
    int length() {
      return cached;
    }

    /**
     * Appends {@code count} positions whose input embeddings are {@code embeds[0 .. count * hidden)}
     * and returns the logits of the last one.
     */
    float[] append(float[] embeds, int count) throws OrtException {
      int hidden = spec.hiddenSize();
      if (embeds.length < count * hidden || count < 1) {
        throw new IllegalArgumentException("need " + count + " x " + hidden + " embeddings");
      }
      Map<String, OnnxTensor> inputs = new HashMap<>();
      Map<String, OnnxTensor> owned = new HashMap<>();
      try {
        owned.put("inputs_embeds",
            OnnxTensor.createTensor(env, FloatBuffer.wrap(embeds, 0, count * hidden), new long[] {1, count, hidden}));
        long[] positions = new long[count];
        for (int i = 0; i < count; i++) {
          positions[i] = cached + i;
        }
        owned.put("position_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(positions), new long[] {1, count}));
        long[] mask = new long[cached + count];
        java.util.Arrays.fill(mask, 1L);
        owned.put("attention_mask", OnnxTensor.createTensor(env, LongBuffer.wrap(mask), new long[] {1, mask.length}));
        inputs.putAll(owned);
        for (int i = 0; i < spec.layers(); i++) {
          for (String kind : new String[] {"key", "value"}) {
            String past = "past_" + kind + "_" + i;
            if (last == null) {
              OnnxTensor empty = emptyCache();
              owned.put(past, empty);
              inputs.put(past, empty);
            } else {
              String present = "present_" + kind + "_" + i;
              Optional<OnnxValue> v = last.get(present);
              inputs.put(past, (OnnxTensor) v.orElseThrow(
                  () -> new IllegalStateException("decoder.onnx gave no " + present)));
            }
          }
        }
        OrtSession.Result result = session.run(inputs);
        if (last != null) {
          last.close();
        }
        last = result;
        cached += count;
        OnnxTensor logits = (OnnxTensor) result.get("logits").orElseThrow(
            () -> new IllegalStateException("decoder.onnx has no 'logits' output"));
        FloatBuffer fb = logits.getFloatBuffer();
        float[] out = new float[spec.vocabSize()];
        fb.get(out);
        return out;
      } finally {
        for (OnnxTensor t : owned.values()) {
          t.close();
        }
      }
    }

    private OnnxTensor emptyCache() throws OrtException {
      long[] shape = {1, spec.kvHeads(), 0, spec.headDim()};
      if (fp16Cache) {
        return OnnxTensor.createTensor(env, ByteBuffer.allocateDirect(0).order(ByteOrder.nativeOrder()), shape,
            OnnxJavaType.FLOAT16);
      }
      return OnnxTensor.createTensor(env, FloatBuffer.allocate(0), shape);
    }

    @Override
    public void close() {
      if (last != null) {
        last.close();
        last = null;
      }
    }
  }
}
