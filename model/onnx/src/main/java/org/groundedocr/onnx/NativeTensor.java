package org.groundedocr.onnx;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.sun.jna.Pointer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.groundedocr.engine.Device;

/**
 * A tensor ({@code OrtValue}) made through ONNX Runtime's C API over memory that stays where it is:
 * host memory the caller reads and writes in place ({@link #buffer()}), or device memory from a
 * session's allocator, to be bound to an {@link OrtIoBinding} run after run (a KV cache that a decode
 * step reads as {@code past_*} and writes as {@code present_*}).
 *
 * <p>Lifetimes, which the caller keeps: close bindings that hold a tensor before the tensor, views
 * ({@link #rows}, {@link #view}) before their parent, and tensors from a session's allocator before
 * that session. Using a closed tensor (or a view of a closed parent) throws IllegalStateException.
 * Not thread-safe: one thread uses (and closes) a tensor at a time.
 */
public final class NativeTensor implements AutoCloseable {

  private final OrtCApi api;
  /** The OrtValue; null once closed. */
  private Pointer value;
  /** The allocator this tensor's memory came from when we created it (CreateAllocator); released after the value. */
  private final Pointer ownedAllocator;
  /** For views: the tensor that owns the memory. */
  private final NativeTensor parent;
  private final OnnxJavaType type;
  private final long[] shape;
  private final Pointer data;
  private final long byteSize;
  /** Memory info of the value (owned by the value, valid while it lives). */
  private final Pointer memoryInfo;
  private final String memoryName;
  private final int deviceId;

  private NativeTensor(OrtCApi api, Pointer value, Pointer ownedAllocator, NativeTensor parent) throws OrtException {
    this.api = api;
    this.value = value;
    this.ownedAllocator = ownedAllocator;
    this.parent = parent;
    // type and shape as ONNX Runtime reports them, so what callers see is what a run sees
    Pointer info = api.callOut(OrtCApi.GET_TENSOR_TYPE_AND_SHAPE, "GetTensorTypeAndShape", value);
    try {
      this.type = javaType(api.callOutInt(OrtCApi.GET_TENSOR_ELEMENT_TYPE, "GetTensorElementType", info));
      int rank = (int) api.callOutSize(OrtCApi.GET_DIMENSIONS_COUNT, "GetDimensionsCount", info);
      long[] dims = new long[rank];
      if (rank > 0) {
        api.call(OrtCApi.GET_DIMENSIONS, "GetDimensions", info, dims, (long) rank);
      }
      this.shape = dims;
    } finally {
      api.callVoid(OrtCApi.RELEASE_TENSOR_TYPE_AND_SHAPE_INFO, info);
    }
    this.data = api.callOut(OrtCApi.GET_TENSOR_MUTABLE_DATA, "GetTensorMutableData", value);
    this.byteSize = elementCount(shape) * type.size;
    this.memoryInfo = api.callOut(OrtCApi.GET_TENSOR_MEMORY_INFO, "GetTensorMemoryInfo", value);
    this.memoryName = api.memoryInfoName(memoryInfo);
    this.deviceId = api.callOutInt(OrtCApi.MEMORY_INFO_GET_ID, "MemoryInfoGetId", memoryInfo);
  }

  /**
   * A tensor in host memory from ONNX Runtime's default CPU allocator, zero-filled. {@link #buffer()}
   * reads and writes it in place.
   */
  public static NativeTensor allocateCpu(OnnxJavaType type, long... shape) throws OrtException {
    OrtCApi api = OrtCApi.get();
    int onnxType = onnxType(type);
    long[] dims = checkShape(shape);
    // the default allocator is ORT's process-wide CPU allocator: never released
    Pointer allocator = api.callOut(OrtCApi.GET_ALLOCATOR_WITH_DEFAULT_OPTIONS, "GetAllocatorWithDefaultOptions");
    Pointer value = api.callOut(OrtCApi.CREATE_TENSOR_AS_ORT_VALUE, "CreateTensorAsOrtValue(" + type + Arrays.toString(dims) + ")",
        allocator, dims, (long) dims.length, onnxType);
    NativeTensor t = wrap(api, value, null, null);
    if (t.byteSize > 0) {
      t.data.setMemory(0, t.byteSize, (byte) 0);
    }
    return t;
  }

  /**
   * A tensor in the memory of {@code session}'s CUDA allocator for device {@code cudaDeviceId}
   * (uninitialised). Fails with ONNX Runtime's message where the session has no CUDA execution
   * provider for that device. Close it before the session.
   */
  public static NativeTensor allocateOnDevice(OrtSession session, int cudaDeviceId, OnnxJavaType type, long... shape)
      throws OrtException {
    return allocateFromSession(session, OrtCApi.CUDA, cudaDeviceId, type, shape);
  }

  /**
   * A tensor from {@code session}'s allocator for {@code device}: CUDA device 0, or the session's CPU
   * allocator (then host memory, zero-filled, with {@link #buffer()}). Close it before the session.
   */
  public static NativeTensor allocate(OrtSession session, Device device, OnnxJavaType type, long... shape)
      throws OrtException {
    if (device == Device.CUDA) {
      return allocateOnDevice(session, 0, type, shape);
    }
    NativeTensor t = allocateFromSession(session, OrtCApi.CPU, 0, type, shape);
    if (t.byteSize > 0) {
      t.data.setMemory(0, t.byteSize, (byte) 0);
    }
    return t;
  }

  private static NativeTensor allocateFromSession(OrtSession session, String memory, int deviceId, OnnxJavaType type,
      long... shape) throws OrtException {
    OrtCApi api = OrtCApi.get();
    int onnxType = onnxType(type);
    long[] dims = checkShape(shape);
    if (deviceId < 0) {
      throw new IllegalArgumentException("device id must be >= 0, got " + deviceId);
    }
    Pointer sessionHandle = api.session(session);
    // the session's allocators are keyed by device: the arena type in the query does not select one
    Pointer memoryInfo = api.createMemoryInfo(memory, OrtCApi.ORT_ARENA_ALLOCATOR, deviceId);
    Pointer allocator;
    try {
      allocator = api.callOut(OrtCApi.CREATE_ALLOCATOR, "CreateAllocator(" + memory + ", device " + deviceId
          + "): the session has no allocator for it (for Cuda: was it created with the CUDA execution provider?)",
          sessionHandle, memoryInfo);
    } finally {
      api.callVoid(OrtCApi.RELEASE_MEMORY_INFO, memoryInfo);
    }
    Pointer value = null;
    try {
      value = api.callOut(OrtCApi.CREATE_TENSOR_AS_ORT_VALUE, "CreateTensorAsOrtValue(" + type + Arrays.toString(dims)
          + " on " + memory + ":" + deviceId + ")", allocator, dims, (long) dims.length, onnxType);
      return new NativeTensor(api, value, allocator, null);
    } catch (OrtException | RuntimeException e) {
      if (value != null) {
        api.callVoid(OrtCApi.RELEASE_VALUE, value);
      }
      // the tensor frees its memory through this allocator: released only after the tensor
      api.callVoid(OrtCApi.RELEASE_ALLOCATOR, allocator);
      throw e;
    }
  }

  /** Takes ownership of an OrtValue ONNX Runtime made (a bound output); released by {@link #close()}. */
  static NativeTensor adopt(OrtCApi api, Pointer value) throws OrtException {
    return wrap(api, value, null, null);
  }

  private static NativeTensor wrap(OrtCApi api, Pointer value, Pointer ownedAllocator, NativeTensor parent)
      throws OrtException {
    try {
      return new NativeTensor(api, value, ownedAllocator, parent);
    } catch (OrtException | RuntimeException e) {
      api.callVoid(OrtCApi.RELEASE_VALUE, value);
      throw e;
    }
  }

  /**
   * A view (no memory of its own) over rows {@code [first, first + count)} of dimension 0: shape
   * {@code [count, rest...]}, same memory (CPU or device). Close it before this tensor.
   */
  public NativeTensor rows(long first, long count) throws OrtException {
    ensureOpen();
    if (shape.length == 0) {
      throw new IllegalArgumentException("rows() needs a tensor of rank >= 1, got a scalar");
    }
    if (first < 0 || count < 0 || first + count > shape[0]) {
      throw new IndexOutOfBoundsException("rows [" + first + ", " + (first + count) + ") of a tensor with "
          + shape[0] + " rows");
    }
    long[] viewShape = shape.clone();
    viewShape[0] = count;
    long rowElements = elementCount(shape) / Math.max(1, shape[0]);
    return view(first * rowElements, viewShape);
  }

  /**
   * A view (no memory of its own) over the contiguous elements {@code [firstElement, firstElement +
   * product(shape))} of this tensor, with {@code shape}. Close it before this tensor.
   */
  public NativeTensor view(long firstElement, long... shape) throws OrtException {
    ensureOpen();
    long[] dims = checkShape(shape);
    long count = elementCount(dims);
    long total = elementCount(this.shape);
    if (firstElement < 0 || firstElement + count > total) {
      throw new IndexOutOfBoundsException("elements [" + firstElement + ", " + (firstElement + count)
          + ") of a tensor with " + total);
    }
    NativeTensor owner = parent == null ? this : parent;
    Pointer start = data.share(firstElement * type.size);
    Pointer v = api.callOut(OrtCApi.CREATE_TENSOR_WITH_DATA_AS_ORT_VALUE, "CreateTensorWithDataAsOrtValue",
        memoryInfo, start, count * type.size, dims, (long) dims.length, onnxType(type));
    return wrap(api, v, null, owner);
  }

  /**
   * Direct, native-order buffer over the data (host memory only), valid while this tensor is open:
   * writes are seen by the next run, a run's outputs are read here without copies.
   */
  public ByteBuffer buffer() {
    ensureOpen();
    if (!isHostMemory()) {
      throw new IllegalStateException("tensor lives in " + memoryName + ":" + deviceId + " memory, not host memory");
    }
    return data.getByteBuffer(0, byteSize).order(ByteOrder.nativeOrder());
  }

  /**
   * Copies this tensor's bytes into {@code dst} (same byte size; either may be in host or CUDA
   * memory). Synchronous: a device-to-host copy waits for the copy, not for work queued on ONNX
   * Runtime's stream, so after a run call {@link OrtIoBinding#synchronizeBoundOutputs} first.
   */
  public void copyTo(NativeTensor dst) {
    ensureOpen();
    dst.ensureOpen();
    if (dst.byteSize != byteSize) {
      throw new IllegalArgumentException("cannot copy " + byteSize + " bytes into a tensor of " + dst.byteSize);
    }
    if (isHostMemory() && dst.isHostMemory()) {
      dst.buffer().put(buffer());
    } else {
      CudaRuntime.copy(dst.data, data, byteSize);
    }
  }

  public long[] shape() {
    ensureOpen();
    return shape.clone();
  }

  public OnnxJavaType type() {
    ensureOpen();
    return type;
  }

  /** {@code GetTensorMutableData}: the address of the first element (host or device). */
  public Pointer dataPointer() {
    ensureOpen();
    return data;
  }

  public long byteSize() {
    ensureOpen();
    return byteSize;
  }

  /** ONNX Runtime's name of the memory: "Cpu", "Cuda", "CudaPinned"… */
  public String memoryName() {
    ensureOpen();
    return memoryName;
  }

  /** The device id of the memory (0 for the CPU). */
  public int deviceId() {
    ensureOpen();
    return deviceId;
  }

  /** Whether {@link #buffer()} can read the data: CPU memory (pinned host memory included). */
  public boolean isHostMemory() {
    return memoryName.equals(OrtCApi.CPU) || memoryName.equals("CudaPinned");
  }

  public boolean isView() {
    return parent != null;
  }

  public boolean isClosed() {
    return value == null || (parent != null && parent.isClosed());
  }

  /** The OrtValue, for OrtIoBinding. */
  Pointer handle() {
    ensureOpen();
    return value;
  }

  private void ensureOpen() {
    if (value == null) {
      throw new IllegalStateException("NativeTensor is closed");
    }
    if (parent != null && parent.isClosed()) {
      throw new IllegalStateException("NativeTensor is a view of a closed tensor");
    }
  }

  /** Releases the OrtValue (and then, for allocated tensors, the session allocator). Idempotent. */
  @Override
  public void close() {
    Pointer v = value;
    if (v == null) {
      return;
    }
    value = null;
    api.callVoid(OrtCApi.RELEASE_VALUE, v);
    if (ownedAllocator != null) {
      api.callVoid(OrtCApi.RELEASE_ALLOCATOR, ownedAllocator);
    }
  }

  @Override
  public String toString() {
    return "NativeTensor[" + type + Arrays.toString(shape) + " " + memoryName + ":" + deviceId
        + (parent != null ? " view" : "") + (value == null ? " closed" : "") + "]";
  }

  // ---- element types -------------------------------------------------------------------------

  // enum ONNXTensorElementDataType (onnxruntime_c_api.h)
  private static final int ONNX_FLOAT = 1;
  private static final int ONNX_UINT8 = 2;
  private static final int ONNX_INT8 = 3;
  private static final int ONNX_INT16 = 5;
  private static final int ONNX_INT32 = 6;
  private static final int ONNX_INT64 = 7;
  private static final int ONNX_BOOL = 9;
  private static final int ONNX_FLOAT16 = 10;
  private static final int ONNX_DOUBLE = 11;
  private static final int ONNX_BFLOAT16 = 16;

  static int onnxType(OnnxJavaType type) {
    switch (type) {
      case FLOAT:
        return ONNX_FLOAT;
      case UINT8:
        return ONNX_UINT8;
      case INT8:
        return ONNX_INT8;
      case INT16:
        return ONNX_INT16;
      case INT32:
        return ONNX_INT32;
      case INT64:
        return ONNX_INT64;
      case BOOL:
        return ONNX_BOOL;
      case FLOAT16:
        return ONNX_FLOAT16;
      case DOUBLE:
        return ONNX_DOUBLE;
      case BFLOAT16:
        return ONNX_BFLOAT16;
      default:
        throw new IllegalArgumentException("unsupported tensor element type " + type);
    }
  }

  static OnnxJavaType javaType(int onnxType) {
    switch (onnxType) {
      case ONNX_FLOAT:
        return OnnxJavaType.FLOAT;
      case ONNX_UINT8:
        return OnnxJavaType.UINT8;
      case ONNX_INT8:
        return OnnxJavaType.INT8;
      case ONNX_INT16:
        return OnnxJavaType.INT16;
      case ONNX_INT32:
        return OnnxJavaType.INT32;
      case ONNX_INT64:
        return OnnxJavaType.INT64;
      case ONNX_BOOL:
        return OnnxJavaType.BOOL;
      case ONNX_FLOAT16:
        return OnnxJavaType.FLOAT16;
      case ONNX_DOUBLE:
        return OnnxJavaType.DOUBLE;
      case ONNX_BFLOAT16:
        return OnnxJavaType.BFLOAT16;
      default:
        throw new IllegalStateException("unsupported ONNX tensor element type " + onnxType);
    }
  }

  private static long[] checkShape(long[] shape) {
    if (shape == null) {
      throw new IllegalArgumentException("shape must not be null");
    }
    for (long d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException("shape dimensions must be >= 0, got " + Arrays.toString(shape));
      }
    }
    return shape.clone();
  }

  private static long elementCount(long[] shape) {
    long n = 1;
    for (long d : shape) {
      n = Math.multiplyExact(n, d);
    }
    return n;
  }
}
