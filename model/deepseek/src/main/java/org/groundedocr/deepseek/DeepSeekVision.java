package org.groundedocr.deepseek;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.Map;

/**
 * One {@code vision_{S}.onnx}: normalised pixels {@code [N, 3, S, S]} to projected vision tokens
 * {@code [N, tokens, hidden]}. Its size-dependent tables (interpolated positions) are baked in, so each
 * view size has its own graph; the session is shared by all callers.
 */
final class DeepSeekVision implements AutoCloseable {

  private final OrtEnvironment env;
  private final OrtSession session;
  private final int size;
  private final int tokens;
  private final int hidden;

  DeepSeekVision(OrtEnvironment env, OrtSession session, int size, int tokens, int hidden) {
    this.env = env;
    this.session = session;
    this.size = size;
    this.tokens = tokens;
    this.hidden = hidden;
  }

  int tokens() {
    return tokens;
  }

  /** Vision tokens of {@code count} views stored CHW one after the other in {@code pixels}. */
  float[] encode(float[] pixels, int count) throws OrtException {
    long plane = 3L * size * size;
    if (pixels.length != plane * count) {
      throw new IllegalArgumentException(
          "expected " + count + " views of 3x" + size + "x" + size + ", got " + pixels.length + " values");
    }
    try (OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(pixels), new long[] {count, 3, size, size});
        OrtSession.Result r = session.run(Map.of("pixel_values", in))) {
      OnnxTensor out = (OnnxTensor) r.get(0);
      long[] shape = out.getInfo().getShape();
      if (shape.length != 3 || shape[0] != count || shape[1] != tokens || shape[2] != hidden) {
        throw new IllegalStateException("vision_" + size + ".onnx gave shape " + java.util.Arrays.toString(shape)
            + ", expected [" + count + ", " + tokens + ", " + hidden + "]");
      }
      float[] values = new float[count * tokens * hidden];
      out.getFloatBuffer().get(values);
      return values;
    }
  }

  @Override
  public void close() {
    try {
      session.close();
    } catch (OrtException e) {
      throw new IllegalStateException("closing vision_" + size + ".onnx failed", e);
    }
  }
}
