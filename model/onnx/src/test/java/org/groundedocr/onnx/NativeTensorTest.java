package org.groundedocr.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.sun.jna.Pointer;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.groundedocr.engine.Device;
import org.junit.jupiter.api.Test;

/**
 * NativeTensor over ONNX Runtime's C API, and the OrtApi table indices OrtCApi reads: each index is
 * pinned by a call whose result only that function gives.
 */
class NativeTensorTest {

  @Test
  void loadsTheApiOfTheRuntimeTheJavaApiLoaded() {
    OrtCApi api = OrtCApi.get();
    // OrtApiBase->GetVersionString: the same runtime as the Java API (1.29.x)
    assertTrue(api.versionString().startsWith("1.29"), api.versionString());
    assertTrue(api.libraryPath().contains("libonnxruntime.so"), api.libraryPath());
    // index 254: GetBuildInfoString
    String build = api.callString(OrtCApi.GET_BUILD_INFO_STRING);
    assertTrue(build.startsWith("ORT Build Info"), build);
  }

  @Test
  void memoryInfoIndices() throws OrtException {
    OrtCApi api = OrtCApi.get();
    // 68 CreateMemoryInfo, 71 MemoryInfoGetName, 72 MemoryInfoGetId, 94 ReleaseMemoryInfo
    Pointer cpu = api.createMemoryInfo("Cpu", OrtCApi.ORT_ARENA_ALLOCATOR, 0);
    try {
      assertEquals("Cpu", api.memoryInfoName(cpu));
      assertEquals(0, api.callOutInt(OrtCApi.MEMORY_INFO_GET_ID, "MemoryInfoGetId", cpu));
    } finally {
      api.callVoid(OrtCApi.RELEASE_MEMORY_INFO, cpu);
    }
    Pointer cuda = api.createMemoryInfo("Cuda", OrtCApi.ORT_DEVICE_ALLOCATOR, 3);
    try {
      assertEquals("Cuda", api.memoryInfoName(cuda));
      assertEquals(3, api.callOutInt(OrtCApi.MEMORY_INFO_GET_ID, "MemoryInfoGetId", cuda));
    } finally {
      api.callVoid(OrtCApi.RELEASE_MEMORY_INFO, cuda);
    }
  }

  @Test
  void errorStatusBecomesOrtExceptionWithOrtsMessage() {
    // 1 GetErrorCode, 2 GetErrorMessage, 93 ReleaseStatus: a memory name ORT does not know
    OrtException e = assertThrows(OrtException.class,
        () -> OrtCApi.get().createMemoryInfo("NoSuchDevice", OrtCApi.ORT_DEVICE_ALLOCATOR, 0));
    // our context, then ORT's own message ("Specified device is not supported...")
    assertTrue(e.getMessage().contains("CreateMemoryInfo(NoSuchDevice, device 0): Specified device is not supported"),
        e.getMessage());
    assertEquals(OrtException.OrtErrorCode.ORT_INVALID_ARGUMENT, e.getCode(), e.getMessage());
  }

  @Test
  void cpuTensorReportsWhatOrtSees() throws OrtException {
    OrtCApi api = OrtCApi.get();
    // 78 GetAllocatorWithDefaultOptions, 48 CreateTensorAsOrtValue, 65/60/61/62/99 type and shape,
    // 51 GetTensorMutableData, 194 GetTensorMemoryInfo, 96 ReleaseValue
    try (NativeTensor t = NativeTensor.allocateCpu(OnnxJavaType.INT64, 2, 3, 4)) {
      assertArrayEquals(new long[] {2, 3, 4}, t.shape());
      assertEquals(OnnxJavaType.INT64, t.type());
      assertEquals(2 * 3 * 4 * 8, t.byteSize());
      assertEquals("Cpu", t.memoryName());
      assertEquals(0, t.deviceId());
      assertTrue(t.isHostMemory());
      // 318 GetTensorSizeInBytes agrees; 50 IsTensor says 1
      assertEquals(t.byteSize(), api.callOutSize(OrtCApi.GET_TENSOR_SIZE_IN_BYTES, "GetTensorSizeInBytes", t.handle()));
      assertEquals(1, api.callOutInt(OrtCApi.IS_TENSOR, "IsTensor", t.handle()));
      ByteBuffer b = t.buffer();
      assertEquals(t.byteSize(), b.capacity());
      for (int i = 0; i < b.capacity(); i++) {
        assertEquals(0, b.get(i), "zero-filled");
      }
      b.putLong(8 * 5, 42L);
      // the buffer is the tensor's memory: a fresh buffer over the data pointer sees the write
      assertEquals(42L, t.dataPointer().getLong(8 * 5));
    }
    for (OnnxJavaType type : new OnnxJavaType[] {OnnxJavaType.FLOAT, OnnxJavaType.FLOAT16, OnnxJavaType.INT32}) {
      try (NativeTensor t = NativeTensor.allocateCpu(type, 5)) {
        assertEquals(type, t.type());
        assertEquals(5L * type.size, t.byteSize());
      }
    }
    try (NativeTensor scalar = NativeTensor.allocateCpu(OnnxJavaType.FLOAT)) {
      assertArrayEquals(new long[0], scalar.shape());
      assertEquals(4, scalar.byteSize());
    }
  }

  @Test
  void rowsViewSharesTheParentsMemory() throws OrtException {
    try (NativeTensor t = NativeTensor.allocateCpu(OnnxJavaType.FLOAT, 5, 2, 3)) {
      ByteBuffer all = t.buffer();
      for (int i = 0; i < 30; i++) {
        all.putFloat(4 * i, i);
      }
      try (NativeTensor view = t.rows(2, 2)) {
        assertTrue(view.isView());
        assertArrayEquals(new long[] {2, 2, 3}, view.shape());
        assertEquals(OnnxJavaType.FLOAT, view.type());
        assertEquals(2 * 6 * 4, view.byteSize());
        assertEquals(t.dataPointer().share(2 * 6 * 4), view.dataPointer());
        ByteBuffer b = view.buffer();
        assertEquals(12f, b.getFloat(0));
        assertEquals(23f, b.getFloat(4 * 11));
        b.putFloat(0, -1f);
        assertEquals(-1f, all.getFloat(4 * 12));
      }
      try (NativeTensor flat = t.view(7, 4)) {
        assertArrayEquals(new long[] {4}, flat.shape());
        assertEquals(7f, flat.buffer().getFloat(0));
      }
      assertThrows(IndexOutOfBoundsException.class, () -> t.rows(4, 2));
      assertThrows(IndexOutOfBoundsException.class, () -> t.rows(-1, 1));
      assertThrows(IndexOutOfBoundsException.class, () -> t.view(25, 6));
    }
  }

  @Test
  void sessionAllocatorOnCpuAndClearErrorWithoutCuda() throws Exception {
    Path model = Path.of(NativeTensorTest.class.getResource("/onnx/accumulate.onnx").toURI());
    try (OrtSession.SessionOptions o = new OrtSession.SessionOptions();
        OrtSession session = OrtSupport.environment().createSession(model.toString(), o)) {
      // 131 CreateAllocator, 132 ReleaseAllocator
      try (NativeTensor t = NativeTensor.allocate(session, Device.CPU, OnnxJavaType.FLOAT, 4, 3)) {
        assertEquals("Cpu", t.memoryName());
        assertArrayEquals(new long[] {4, 3}, t.shape());
        assertEquals(0f, t.buffer().getFloat(44));
      }
      OrtException e = assertThrows(OrtException.class,
          () -> NativeTensor.allocateOnDevice(session, 0, OnnxJavaType.FLOAT, 4, 3));
      assertTrue(e.getMessage().contains("CreateAllocator(Cuda, device 0)"), e.getMessage());
      assertTrue(e.getMessage().endsWith("No requested allocator available"), e.getMessage());
    }
  }

  @Test
  void closedTensorsAndViewsOfClosedTensorsFailClearly() throws OrtException {
    NativeTensor t = NativeTensor.allocateCpu(OnnxJavaType.INT32, 4, 2);
    NativeTensor view = t.rows(1, 2);
    assertFalse(view.isClosed());
    t.close();
    assertTrue(view.isClosed());
    assertThrows(IllegalStateException.class, view::buffer);
    assertThrows(IllegalStateException.class, t::buffer);
    assertThrows(IllegalStateException.class, t::shape);
    assertThrows(IllegalStateException.class, () -> t.rows(0, 1));
    view.close();
    t.close(); // idempotent
    assertThrows(IllegalArgumentException.class, () -> NativeTensor.allocateCpu(OnnxJavaType.STRING, 2));
    assertThrows(IllegalArgumentException.class, () -> NativeTensor.allocateCpu(OnnxJavaType.FLOAT, 2, -1));
  }
}
