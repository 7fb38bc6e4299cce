package org.groundedocr.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * NativeTensor and OrtIoBinding on CUDA memory: a KV-cache-like buffer in the session's CUDA
 * allocator, bound as input and output, updated in place; a rows view of it. Runs where ONNX
 * Runtime has the CUDA provider (the onnxruntime_gpu build and a GPU), skipped elsewhere; on the
 * lent GPU machine run {@link #main} with the GPU bundle (../shared/gpu/README.md): with
 * model/target/classes (org/groundedocr/onnx, engine/Device), this class, onnx/accumulate.onnx and
 * the jna, junit-jupiter-api, opentest4j, apiguardian and slf4j-api jars in D,
 * {@code java $ORT_JAVA_OPTS -cp "$ORT_CLASSES:$D/classes:$D/test:$D/jars/*"
 * org.groundedocr.onnx.NativeTensorCudaTest}. Passed on an H200 (ORT 1.29.0 CUDA provider),
 * 2026-11-22.
 */
class NativeTensorCudaTest {

  @Test
  void deviceBufferBoundAsInputAndOutputIsUpdatedInPlace() throws Exception {
    assumeTrue(OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA), "ONNX Runtime without CUDA");
    try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
      o.addCUDA(0);
      try (OrtSession session = OrtSupport.environment().createSession(fixture(), o)) {
        check(session);
      }
    }
  }

  private static String fixture() throws Exception {
    return Path.of(NativeTensorCudaTest.class.getResource("/onnx/accumulate.onnx").toURI()).toString();
  }

  static void check(OrtSession session) throws OrtException {
    try (NativeTensor state = NativeTensor.allocateOnDevice(session, 0, OnnxJavaType.FLOAT, 5, 3);
        NativeTensor zeros = NativeTensor.allocateCpu(OnnxJavaType.FLOAT, 5, 3);
        NativeTensor x = NativeTensor.allocateCpu(OnnxJavaType.FLOAT, 5, 3);
        NativeTensor ones = NativeTensor.allocateCpu(OnnxJavaType.FLOAT, 2, 3);
        NativeTensor host = NativeTensor.allocateCpu(OnnxJavaType.FLOAT, 5, 3);
        OrtIoBinding update = new OrtIoBinding(session);
        OrtIoBinding readBack = new OrtIoBinding(session)) {
      assertEquals("Cuda", state.memoryName());
      assertEquals(0, state.deviceId());
      assertFalse(state.isHostMemory());
      assertThrows(IllegalStateException.class, state::buffer);
      for (int i = 0; i < 15; i++) {
        x.buffer().putFloat(4 * i, i + 0.5f);
        ones.buffer().putFloat(4 * (i % 6), 1f);
      }
      // state = 0 (device memory is uninitialised): state_out(device) = zeros + zeros
      update.bindInput("state_in", zeros);
      update.bindInput("x", zeros);
      update.bindOutput("state_out", state);
      update.run();
      // state += x, three times, the device buffer bound as input and output
      update.clearBoundInputs();
      update.clearBoundOutputs();
      update.bindInput("state_in", state);
      update.bindInput("x", x);
      update.bindOutput("state_out", state);
      for (int run = 0; run < 3; run++) {
        update.run();
      }
      update.synchronizeBoundOutputs();
      // read back: host = state + 0 (ORT copies the device input, writes the CPU output)
      readBack.bindInput("state_in", state);
      readBack.bindInput("x", zeros);
      readBack.bindOutput("state_out", host);
      readBack.run();
      readBack.synchronizeBoundOutputs();
      for (int i = 0; i < 15; i++) {
        assertEquals(3 * (i + 0.5f), host.buffer().getFloat(4 * i), "element " + i);
      }
      // a view of device rows [2, 4): only those rows change
      try (NativeTensor rows = state.rows(2, 2)) {
        assertEquals("Cuda", rows.memoryName());
        assertArrayEquals(new long[] {2, 3}, rows.shape());
        try (OrtIoBinding viewUpdate = new OrtIoBinding(session)) {
          viewUpdate.bindInput("state_in", rows);
          viewUpdate.bindInput("x", ones);
          viewUpdate.bindOutput("state_out", rows);
          viewUpdate.run();
          viewUpdate.synchronizeBoundOutputs();
        }
      }
      readBack.run();
      readBack.synchronizeBoundOutputs();
      for (int i = 0; i < 15; i++) {
        int row = i / 3;
        float expected = 3 * (i + 0.5f) + (row == 2 || row == 3 ? 1 : 0);
        assertEquals(expected, host.buffer().getFloat(4 * i), "element " + i);
      }
      // a host input of a CUDA node is copied to the device when it is BOUND, not at each run:
      // rewriting it without binding it again leaves the run on the old copy
      for (int i = 0; i < 15; i++) {
        x.buffer().putFloat(4 * i, 100f);
      }
      update.run();
      readBack.run();
      readBack.synchronizeBoundOutputs();
      for (int i = 0; i < 15; i++) {
        int row = i / 3;
        float expected = 4 * (i + 0.5f) + (row == 2 || row == 3 ? 1 : 0);
        assertEquals(expected, host.buffer().getFloat(4 * i), "stale copy, element " + i);
      }
      update.bindInput("x", x);
      update.run();
      readBack.run();
      readBack.synchronizeBoundOutputs();
      for (int i = 0; i < 15; i++) {
        int row = i / 3;
        float expected = 4 * (i + 0.5f) + 100 + (row == 2 || row == 3 ? 1 : 0);
        assertEquals(expected, host.buffer().getFloat(4 * i), "rebound, element " + i);
      }
    }
  }

  /** For the GPU machine (no Maven there): exits non-zero where a check fails. */
  public static void main(String[] args) throws Exception {
    System.out.println("providers " + OrtEnvironment.getAvailableProviders() + ", C API " + OrtCApi.get().versionString()
        + " from " + OrtCApi.get().libraryPath());
    new NativeTensorCudaTest().deviceBufferBoundAsInputAndOutputIsUpdatedInPlace();
    System.out.println("CUDA I/O binding checks passed");
  }
}
