package org.groundedocr.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.groundedocr.engine.Device;
import org.junit.jupiter.api.Test;

/** CUDA options (with the provider settings OrtSupport adds) on a machine or build without CUDA. */
class OrtSupportCudaFallbackTest {

  @Test
  void cudaOptionsStillRunAModelWhereCudaIsMissing() throws Exception {
    // a tiny fixture graph of this module's; the CPU build of ONNX Runtime has no CUDA provider
    Path model = Path.of(OrtSupportCudaFallbackTest.class.getResource("/onnx/accumulate.onnx").toURI());
    assertTrue(Files.isRegularFile(model));
    try (OrtSession.SessionOptions o = OrtSupport.options(Device.CUDA, 1);
        OrtSession s = OrtSupport.createSession(model, o)) {
      // accumulate.onnx: state_out = state_in + x, float [rows, cols]
      long[] shape = {2, 3};
      try (OnnxTensor state = OnnxTensor.createTensor(OrtSupport.environment(), FloatBuffer.wrap(new float[6]), shape);
          OnnxTensor x = OnnxTensor.createTensor(OrtSupport.environment(), FloatBuffer.wrap(new float[] {1, 2, 3, 4, 5, 6}), shape);
          OrtSession.Result r = s.run(Map.of("state_in", state, "x", x))) {
        float[][] out = (float[][]) r.get(0).getValue();
        assertEquals(6f, out[1][2]);
      }
    }
  }
}
