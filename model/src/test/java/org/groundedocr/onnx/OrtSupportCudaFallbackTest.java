package org.groundedocr.onnx;

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
    // a small fixture graph (tiny vision encoder); the CPU build of ONNX Runtime has no CUDA provider
    Path model = Path.of(OrtSupportCudaFallbackTest.class.getResource("/deepseek/engine/deepseek-ocr2/model/vision_768.onnx").toURI());
    assertTrue(Files.isRegularFile(model));
    try (OrtSession.SessionOptions o = OrtSupport.options(Device.CUDA, 1);
        OrtSession s = OrtSupport.createSession(model, o)) {
      assertFalse(s.getInputNames().isEmpty());
      float[] pixels = new float[3 * 768 * 768];
      try (OnnxTensor in = OnnxTensor.createTensor(OrtSupport.environment(), FloatBuffer.wrap(pixels), new long[] {1, 3, 768, 768});
          OrtSession.Result r = s.run(Map.of(s.getInputNames().iterator().next(), in))) {
        assertTrue(r.size() > 0);
      }
    }
  }
}
