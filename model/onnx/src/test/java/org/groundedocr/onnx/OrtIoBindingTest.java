package org.groundedocr.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.Map;
import org.groundedocr.engine.Device;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** I/O binding runs of real ONNX Runtime sessions (CPU provider) over the fixtures of make_iobinding_fixtures.py. */
class OrtIoBindingTest {

  private static final float[][] W = {{0.5f, -1.0f, 0.25f}, {1.5f, 0.75f, -0.5f}, {-0.25f, 2.0f, 1.0f}};
  private static final float[] B = {0.1f, -0.2f, 0.3f};

  private static OrtSession.SessionOptions options;
  private static OrtSession mixed;
  private static OrtSession accumulate;

  @BeforeAll
  static void sessions() throws Exception {
    options = new OrtSession.SessionOptions();
    options.setIntraOpNumThreads(1);
    mixed = OrtSupport.environment().createSession(fixture("mixed.onnx"), options);
    accumulate = OrtSupport.environment().createSession(fixture("accumulate.onnx"), options);
  }

  @AfterAll
  static void close() throws OrtException {
    mixed.close();
    accumulate.close();
    options.close();
  }

  private static String fixture(String name) throws Exception {
    return Path.of(OrtIoBindingTest.class.getResource("/onnx/" + name).toURI()).toString();
  }

  @Test
  void boundCpuInputsAndOutputsEqualSessionRun() throws Exception {
    float[] x = {0.2f, -0.4f, 1.0f, 3.0f, 0.5f, -2.0f};
    long[] ids = {7, 41};
    try (NativeTensor xIn = NativeTensor.allocateCpu(OnnxJavaType.FLOAT, 2, 3);
        NativeTensor idsIn = NativeTensor.allocateCpu(OnnxJavaType.INT64, 2);
        NativeTensor y = NativeTensor.allocateCpu(OnnxJavaType.FLOAT, 2, 3);
        NativeTensor yHalf = NativeTensor.allocateCpu(OnnxJavaType.FLOAT16, 2, 3);
        NativeTensor idsNext = NativeTensor.allocateCpu(OnnxJavaType.INT64, 2);
        NativeTensor rows = NativeTensor.allocateCpu(OnnxJavaType.INT32);
        OrtIoBinding binding = new OrtIoBinding(mixed)) {
      binding.bindInput("x", xIn);
      binding.bindInput("ids", idsIn);
      binding.bindOutput("y", y);
      binding.bindOutput("y_half", yHalf);
      binding.bindOutput("ids_next", idsNext);
      binding.bindOutput("rows", rows);
      // two runs over the same bindings: new inputs are written in place, outputs read in place
      for (int round = 0; round < 2; round++) {
        for (int i = 0; i < x.length; i++) {
          x[i] += round;
        }
        ids[0] += round * 100;
        xIn.buffer().asFloatBuffer().put(x);
        idsIn.buffer().asLongBuffer().put(ids);
        binding.synchronizeBoundInputs();
        binding.run();
        binding.synchronizeBoundOutputs();

        // independent expectation
        for (int r = 0; r < 2; r++) {
          for (int c = 0; c < 3; c++) {
            float pre = B[c];
            for (int k = 0; k < 3; k++) {
              pre += x[3 * r + k] * W[k][c];
            }
            assertEquals(Math.tanh(pre), y.buffer().getFloat(4 * (3 * r + c)), 1e-6);
          }
        }
        assertEquals(ids[0] + 1, idsNext.buffer().getLong(0));
        assertEquals(ids[1] + 1, idsNext.buffer().getLong(8));
        assertEquals(2, rows.buffer().getInt(0));

        // OrtSession.run on the same inputs gives the same bytes
        try (OnnxTensor xt = OnnxTensor.createTensor(OrtSupport.environment(), FloatBuffer.wrap(x), new long[] {2, 3});
            OnnxTensor it = OnnxTensor.createTensor(OrtSupport.environment(), LongBuffer.wrap(ids), new long[] {2});
            OrtSession.Result r = mixed.run(Map.of("x", xt, "ids", it))) {
          assertEquals(bytes(r, "y"), y.buffer());
          assertEquals(bytes(r, "y_half"), yHalf.buffer());
          assertEquals(bytes(r, "ids_next"), idsNext.buffer());
          assertEquals(bytes(r, "rows"), rows.buffer());
        }
      }
    }
  }

  private static ByteBuffer bytes(OrtSession.Result result, String name) {
    return ((OnnxTensor) result.get(name).orElseThrow()).getByteBuffer().order(java.nio.ByteOrder.nativeOrder());
  }

  @Test
  void outputsBoundToADeviceAreAllocatedByOrtAndReturnedInBindingOrder() throws OrtException {
    try (NativeTensor xIn = NativeTensor.allocateCpu(OnnxJavaType.FLOAT, 4, 3);
        NativeTensor idsIn = NativeTensor.allocateCpu(OnnxJavaType.INT64, 4);
        NativeTensor rows = NativeTensor.allocateCpu(OnnxJavaType.INT32);
        OrtIoBinding binding = new OrtIoBinding(mixed)) {
      for (int i = 0; i < 4; i++) {
        idsIn.buffer().putLong(8 * i, 10L * i);
      }
      binding.bindInput("x", xIn);
      binding.bindInput("ids", idsIn);
      binding.bindOutputToDevice("ids_next", Device.CPU, 0);
      binding.bindOutput("rows", rows);
      binding.bindOutputToDevice("y", Device.CPU, 0);
      binding.run();
      java.util.List<NativeTensor> outputs = binding.boundOutputValues();
      try {
        assertEquals(3, outputs.size());
        NativeTensor idsNext = outputs.get(0);
        assertEquals(OnnxJavaType.INT64, idsNext.type());
        assertArrayEquals(new long[] {4}, idsNext.shape());
        for (int i = 0; i < 4; i++) {
          assertEquals(10L * i + 1, idsNext.buffer().getLong(8 * i));
        }
        // a preallocated output comes back as a handle over the bound memory
        assertEquals(rows.dataPointer(), outputs.get(1).dataPointer());
        assertEquals(4, outputs.get(1).buffer().getInt(0));
        NativeTensor y = outputs.get(2);
        assertArrayEquals(new long[] {4, 3}, y.shape());
        assertEquals(Math.tanh(B[1]), y.buffer().getFloat(4), 1e-6); // x = 0: y = tanh(b)
      } finally {
        outputs.forEach(NativeTensor::close);
      }
    }
  }

  @Test
  void oneBufferBoundAsInputAndOutputIsUpdatedInPlace() throws OrtException {
    try (NativeTensor state = NativeTensor.allocate(accumulate, Device.CPU, OnnxJavaType.FLOAT, 4, 3);
        NativeTensor x = NativeTensor.allocateCpu(OnnxJavaType.FLOAT, 4, 3);
        OrtIoBinding binding = new OrtIoBinding(accumulate)) {
      for (int i = 0; i < 12; i++) {
        x.buffer().putFloat(4 * i, i + 0.5f);
      }
      binding.bindInput("state_in", state);
      binding.bindInput("x", x);
      binding.bindOutput("state_out", state);
      for (int run = 0; run < 3; run++) {
        binding.run();
      }
      binding.synchronizeBoundOutputs();
      for (int i = 0; i < 12; i++) {
        assertEquals(3 * (i + 0.5f), state.buffer().getFloat(4 * i), "element " + i);
      }
    }
  }

  @Test
  void rowsViewBoundAsInputAndOutputTouchesOnlyItsRows() throws OrtException {
    try (NativeTensor state = NativeTensor.allocateCpu(OnnxJavaType.FLOAT, 5, 3);
        NativeTensor ones = NativeTensor.allocateCpu(OnnxJavaType.FLOAT, 2, 3);
        OrtIoBinding binding = new OrtIoBinding(accumulate)) {
      for (int i = 0; i < 15; i++) {
        state.buffer().putFloat(4 * i, 100 * (i / 3) + i % 3);
      }
      for (int i = 0; i < 6; i++) {
        ones.buffer().putFloat(4 * i, 1f);
      }
      try (NativeTensor rows = state.rows(2, 2)) {
        binding.bindInput("state_in", rows);
        binding.bindInput("x", ones);
        binding.bindOutput("state_out", rows);
        binding.run();
        binding.run();
        binding.clearBoundInputs();
        binding.clearBoundOutputs();
      }
      for (int r = 0; r < 5; r++) {
        for (int c = 0; c < 3; c++) {
          float expected = 100 * r + c + (r == 2 || r == 3 ? 2 : 0);
          assertEquals(expected, state.buffer().getFloat(4 * (3 * r + c)), "row " + r + " col " + c);
        }
      }
    }
  }

  @Test
  void ortErrorsComeBackWithOrtsMessage() throws OrtException {
    try (NativeTensor x = NativeTensor.allocateCpu(OnnxJavaType.FLOAT, 2, 3);
        NativeTensor wrongType = NativeTensor.allocateCpu(OnnxJavaType.INT32, 2, 3);
        OrtIoBinding binding = new OrtIoBinding(accumulate)) {
      OrtException unknown = assertThrows(OrtException.class, () -> binding.bindInput("no_such_input", x));
      assertTrue(unknown.getMessage().contains("BindInput('no_such_input') failed, all bound inputs cleared: "
          + "Failed to find input name"), unknown.getMessage());
      assertTrue(unknown.getMessage().endsWith(": no_such_input"), unknown.getMessage());
      // ORT checks output names at run time
      binding.bindInput("state_in", x);
      binding.bindInput("x", x);
      binding.bindOutput("no_such_output", x);
      OrtException unknownOut = assertThrows(OrtException.class, binding::run);
      assertTrue(unknownOut.getMessage().contains("RunWithBinding: "), unknownOut.getMessage());
      assertTrue(unknownOut.getMessage().contains("no_such_output"), unknownOut.getMessage());
      binding.clearBoundInputs();
      binding.clearBoundOutputs();

      // a run with an input of the wrong element type fails in ORT, not in the JVM
      binding.bindInput("state_in", wrongType);
      binding.bindInput("x", x);
      binding.bindOutput("state_out", x);
      OrtException type = assertThrows(OrtException.class, binding::run);
      assertTrue(type.getMessage().contains("RunWithBinding: "), type.getMessage());
      assertTrue(type.getMessage().toLowerCase(java.util.Locale.ROOT).contains("type"), type.getMessage());

      // run options reach ORT: a run with the terminate flag set is refused
      binding.bindInput("state_in", x);
      try (OrtSession.RunOptions terminate = new OrtSession.RunOptions()) {
        terminate.setTerminate(true);
        OrtException stopped = assertThrows(OrtException.class, () -> binding.run(terminate));
        assertTrue(stopped.getMessage().toLowerCase(java.util.Locale.ROOT).contains("terminate"), stopped.getMessage());
      }
      try (OrtSession.RunOptions plain = new OrtSession.RunOptions()) {
        binding.run(plain);
      }
    }
  }

  @Test
  void closedBindingsTensorsAndSessionsFailClearly() throws Exception {
    OrtIoBinding binding = new OrtIoBinding(accumulate);
    NativeTensor x = NativeTensor.allocateCpu(OnnxJavaType.FLOAT, 2, 3);
    x.close();
    assertThrows(IllegalStateException.class, () -> binding.bindInput("x", x));
    binding.close();
    binding.close(); // idempotent
    assertThrows(IllegalStateException.class, binding::run);
    assertThrows(IllegalStateException.class, binding::clearBoundInputs);

    OrtSession closed = OrtSupport.environment().createSession(fixture("accumulate.onnx"), options);
    closed.close();
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> new OrtIoBinding(closed));
    assertEquals("OrtSession is closed", e.getMessage());
    assertThrows(IllegalStateException.class,
        () -> NativeTensor.allocate(closed, Device.CPU, OnnxJavaType.FLOAT, 1));
  }
}
