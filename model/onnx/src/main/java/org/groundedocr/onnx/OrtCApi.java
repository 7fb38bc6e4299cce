package org.groundedocr.onnx;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.sun.jna.Function;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The few functions of ONNX Runtime's C API ({@code OrtApi}) that its Java API does not expose: I/O
 * binding, allocators and tensors over memory we own (CPU or CUDA). Hand-written with JNA because
 * it must be exact: the {@code OrtApi} struct is a table of function pointers, read here by index.
 *
 * <p>The table belongs to the very {@code libonnxruntime.so} that ONNX Runtime's Java API loaded into
 * this JVM, so the handles of Java objects ({@link OrtSession}, {@link OrtSession.RunOptions}) and
 * the handles made here belong to one runtime. Loaded once, lazily; immutable afterwards.
 *
 * <p>Linux only (LP64: {@code size_t} is passed as a Java {@code long}).
 */
final class OrtCApi {

  /** {@code ORT_API_VERSION} of the 1.29 header ({@code #define ORT_API_VERSION 29}). */
  static final int ORT_API_VERSION = 29;

  // Indices into struct OrtApi: 0-based member positions in onnxruntime_c_api.h (ORT_API_VERSION 29).
  // The struct is append-only, so an index never changes once released. Counted by parsing the
  // struct of the 1.29 header; NativeTensorTest and OrtIoBindingTest pin them by behaviour.
  static final int GET_ERROR_CODE = 1; // OrtErrorCode GetErrorCode(const OrtStatus*)
  static final int GET_ERROR_MESSAGE = 2; // const char* GetErrorMessage(const OrtStatus*)
  static final int CREATE_TENSOR_AS_ORT_VALUE = 48; // (OrtAllocator*, const int64_t* shape, size_t, type, OrtValue**)
  static final int CREATE_TENSOR_WITH_DATA_AS_ORT_VALUE = 49; // (const OrtMemoryInfo*, void*, size_t, const int64_t*, size_t, type, OrtValue**)
  static final int IS_TENSOR = 50; // (const OrtValue*, int* out)
  static final int GET_TENSOR_MUTABLE_DATA = 51; // (OrtValue*, void** out)
  static final int GET_TENSOR_ELEMENT_TYPE = 60; // (const OrtTensorTypeAndShapeInfo*, ONNXTensorElementDataType*)
  static final int GET_DIMENSIONS_COUNT = 61; // (const OrtTensorTypeAndShapeInfo*, size_t*)
  static final int GET_DIMENSIONS = 62; // (const OrtTensorTypeAndShapeInfo*, int64_t*, size_t)
  static final int GET_TENSOR_TYPE_AND_SHAPE = 65; // (const OrtValue*, OrtTensorTypeAndShapeInfo**)
  static final int CREATE_MEMORY_INFO = 68; // (const char* name, OrtAllocatorType, int id, OrtMemType, OrtMemoryInfo**)
  static final int MEMORY_INFO_GET_NAME = 71; // (const OrtMemoryInfo*, const char**)
  static final int MEMORY_INFO_GET_ID = 72; // (const OrtMemoryInfo*, int*)
  static final int ALLOCATOR_FREE = 76; // (OrtAllocator*, void*)
  static final int GET_ALLOCATOR_WITH_DEFAULT_OPTIONS = 78; // (OrtAllocator**): not to be released
  static final int RELEASE_STATUS = 93; // void (OrtStatus*)
  static final int RELEASE_MEMORY_INFO = 94; // void (OrtMemoryInfo*)
  static final int RELEASE_VALUE = 96; // void (OrtValue*)
  static final int RELEASE_TENSOR_TYPE_AND_SHAPE_INFO = 99; // void (OrtTensorTypeAndShapeInfo*)
  static final int CREATE_ALLOCATOR = 131; // (const OrtSession*, const OrtMemoryInfo*, OrtAllocator**)
  static final int RELEASE_ALLOCATOR = 132; // void (OrtAllocator*)
  static final int RUN_WITH_BINDING = 133; // (OrtSession*, const OrtRunOptions*, const OrtIoBinding*)
  static final int CREATE_IO_BINDING = 134; // (OrtSession*, OrtIoBinding**)
  static final int RELEASE_IO_BINDING = 135; // void (OrtIoBinding*)
  static final int BIND_INPUT = 136; // (OrtIoBinding*, const char*, const OrtValue*)
  static final int BIND_OUTPUT = 137; // (OrtIoBinding*, const char*, const OrtValue*)
  static final int BIND_OUTPUT_TO_DEVICE = 138; // (OrtIoBinding*, const char*, const OrtMemoryInfo*)
  static final int GET_BOUND_OUTPUT_VALUES = 140; // (const OrtIoBinding*, OrtAllocator*, OrtValue*** out, size_t* count)
  static final int CLEAR_BOUND_INPUTS = 141; // void (OrtIoBinding*)
  static final int CLEAR_BOUND_OUTPUTS = 142; // void (OrtIoBinding*)
  static final int GET_TENSOR_MEMORY_INFO = 194; // (const OrtValue*, const OrtMemoryInfo**): owned by the value
  static final int SYNCHRONIZE_BOUND_INPUTS = 202; // (OrtIoBinding*)
  static final int SYNCHRONIZE_BOUND_OUTPUTS = 203; // (OrtIoBinding*)
  static final int GET_BUILD_INFO_STRING = 254; // const char* GetBuildInfoString(void)
  static final int GET_TENSOR_SIZE_IN_BYTES = 318; // (const OrtValue*, size_t*)

  /** The highest index used: the table must have at least this many entries (checked by version). */
  private static final int TABLE_SIZE = 319;

  // enum OrtAllocatorType and OrtMemType values (onnxruntime_c_api.h)
  static final int ORT_DEVICE_ALLOCATOR = 0;
  static final int ORT_ARENA_ALLOCATOR = 1;
  static final int ORT_MEM_TYPE_DEFAULT = 0;

  /** ORT's OrtMemoryInfo names (onnxruntime::CPU, onnxruntime::CUDA). */
  static final String CPU = "Cpu";
  static final String CUDA = "Cuda";

  private final String libraryPath;
  private final String versionString;
  private final Function[] table;
  private final Field sessionHandle;
  private final Field sessionClosed;
  private final Field runOptionsHandle;
  private final Field runOptionsClosed;

  private OrtCApi(String libraryPath, String versionString, Function[] table, Field sessionHandle,
      Field sessionClosed, Field runOptionsHandle, Field runOptionsClosed) {
    this.libraryPath = libraryPath;
    this.versionString = versionString;
    this.table = table;
    this.sessionHandle = sessionHandle;
    this.sessionClosed = sessionClosed;
    this.runOptionsHandle = runOptionsHandle;
    this.runOptionsClosed = runOptionsClosed;
  }

  /** Lazy, thread-safe loading by the JVM's class initialisation; a failure is kept and rethrown. */
  private static final class Holder {
    static final OrtCApi API;
    static final RuntimeException FAILURE;

    static {
      OrtCApi api = null;
      RuntimeException failure = null;
      try {
        api = load();
      } catch (RuntimeException | LinkageError e) {
        failure = new IllegalStateException("ONNX Runtime's C API is not available: " + e.getMessage(), e);
      }
      API = api;
      FAILURE = failure;
    }
  }

  /** The loaded API; an {@link IllegalStateException} naming the cause where it cannot be loaded. */
  static OrtCApi get() {
    if (Holder.API == null) {
      throw new IllegalStateException(Holder.FAILURE.getMessage(), Holder.FAILURE.getCause());
    }
    return Holder.API;
  }

  private static OrtCApi load() {
    if (Native.POINTER_SIZE != 8 || Native.SIZE_T_SIZE != 8) {
      throw new IllegalStateException("needs a 64-bit JVM (size_t passed as long)");
    }
    // ONNX Runtime Java loads its native libraries on first use of the environment
    OrtEnvironment.getEnvironment();
    String path = loadedLibraryPath();
    // dlopen of a path that is already loaded returns that same library (glibc matches the name
    // before it opens a file, so it works although ORT Java deleted its extracted copy): the table
    // below belongs to the runtime that owns the Java API's sessions, never to a second copy
    NativeLibrary library = NativeLibrary.getInstance(path);
    Pointer apiBase = library.getFunction("OrtGetApiBase").invokePointer(new Object[0]);
    // struct OrtApiBase { const OrtApi* (*GetApi)(uint32_t version); const char* (*GetVersionString)(void); }
    Function getApi = Function.getFunction(apiBase.getPointer(0));
    Function getVersionString = Function.getFunction(apiBase.getPointer(Native.POINTER_SIZE));
    String version = getVersionString.invokePointer(new Object[0]).getString(0, "UTF-8");
    Pointer api = getApi.invokePointer(new Object[] {ORT_API_VERSION});
    if (api == null) {
      throw new IllegalStateException("libonnxruntime " + version + " (" + path + ") does not provide ORT_API_VERSION "
          + ORT_API_VERSION + "; ONNX Runtime 1.29 or later is needed");
    }
    Function[] table = new Function[TABLE_SIZE];
    for (int i = 0; i < TABLE_SIZE; i++) {
      Pointer fn = api.getPointer((long) i * Native.POINTER_SIZE);
      table[i] = fn == null ? null : Function.getFunction(fn);
    }
    return new OrtCApi(path, version, table,
        field(OrtSession.class, "nativeHandle"), field(OrtSession.class, "closed"),
        field(OrtSession.RunOptions.class, "nativeHandle"), field(OrtSession.RunOptions.class, "closed"));
  }

  /**
   * The path of the {@code libonnxruntime.so} mapped into this process. ORT Java extracts it to a
   * temporary folder and {@code System.load}s it, which keeps its symbols local (not visible by
   * name to a later dlopen of "onnxruntime"), so it is found by its mapping in /proc/self/maps.
   */
  private static String loadedLibraryPath() {
    String path = mappedLibrary("libonnxruntime.so");
    if (path == null) {
      throw new IllegalStateException("libonnxruntime.so is not mapped into this process after OrtEnvironment.getEnvironment()");
    }
    return path;
  }

  /** The path of the first library mapped into this process whose file name is {@code name} or {@code name.*}, or null. */
  static String mappedLibrary(String name) {
    List<String> maps;
    try {
      maps = Files.readAllLines(Path.of("/proc/self/maps"), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read /proc/self/maps (Linux only): " + e.getMessage(), e);
    }
    for (String line : maps) {
      int slash = line.indexOf('/');
      if (slash < 0) {
        continue;
      }
      String path = line.substring(slash);
      // ORT Java deletes its extracted copy once loaded: the mapping then reads "... (deleted)"
      if (path.endsWith(" (deleted)")) {
        path = path.substring(0, path.length() - " (deleted)".length());
      }
      String file = path.substring(path.lastIndexOf('/') + 1);
      if (file.equals(name) || file.startsWith(name + ".")) {
        return path;
      }
    }
    return null;
  }

  private static Field field(Class<?> type, String name) {
    try {
      Field f = type.getDeclaredField(name);
      f.setAccessible(true);
      return f;
    } catch (NoSuchFieldException | RuntimeException e) {
      throw new IllegalStateException("cannot read " + type.getName() + "." + name
          + " (the native handle of ONNX Runtime's Java API; its internals changed?): " + e, e);
    }
  }

  /** The libonnxruntime.so whose table this is. */
  String libraryPath() {
    return libraryPath;
  }

  /** {@code OrtGetApiBase()->GetVersionString()}, e.g. "1.29.0". */
  String versionString() {
    return versionString;
  }

  // ---- calls -------------------------------------------------------------------------------

  private Function fn(int index) {
    Function f = table[index];
    if (f == null) {
      throw new IllegalStateException("OrtApi entry " + index + " is null in libonnxruntime " + versionString);
    }
    return f;
  }

  /** Calls a function that returns {@code OrtStatus*} and throws ORT's error where it is not null. */
  void call(int index, String what, Object... args) throws OrtException {
    Pointer status = (Pointer) fn(index).invoke(Pointer.class, args);
    if (status == null) {
      return;
    }
    int code;
    String message;
    try {
      code = fn(GET_ERROR_CODE).invokeInt(new Object[] {status});
      Pointer m = fn(GET_ERROR_MESSAGE).invokePointer(new Object[] {status});
      message = m == null ? "(no message)" : m.getString(0, "UTF-8");
    } finally {
      fn(RELEASE_STATUS).invokeVoid(new Object[] {status});
    }
    throw new OrtException(code, what + ": " + message);
  }

  /** Calls a function that returns nothing (the Release* functions, ClearBound*). */
  void callVoid(int index, Object... args) {
    fn(index).invokeVoid(args);
  }

  /** Calls a function that returns a C string (GetBuildInfoString). */
  String callString(int index) {
    Pointer p = fn(index).invokePointer(new Object[0]);
    return p == null ? null : p.getString(0, "UTF-8");
  }

  /** Calls a function whose last argument is an {@code X** out}; returns *out. */
  Pointer callOut(int index, String what, Object... argsBeforeOut) throws OrtException {
    PointerByReference out = new PointerByReference();
    Object[] args = java.util.Arrays.copyOf(argsBeforeOut, argsBeforeOut.length + 1);
    args[argsBeforeOut.length] = out;
    call(index, what, args);
    return out.getValue();
  }

  int callOutInt(int index, String what, Object arg) throws OrtException {
    IntByReference out = new IntByReference();
    call(index, what, arg, out);
    return out.getValue();
  }

  long callOutSize(int index, String what, Object arg) throws OrtException {
    LongByReference out = new LongByReference();
    call(index, what, arg, out);
    return out.getValue();
  }

  /** A NUL-terminated UTF-8 copy of {@code s} (names are passed as bytes we control, not in JNA's default encoding). */
  static Memory cString(String s) {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    Memory m = new Memory(bytes.length + 1L);
    m.write(0, bytes, 0, bytes.length);
    m.setByte(bytes.length, (byte) 0);
    return m;
  }

  /** {@code CreateMemoryInfo(name, type, id, OrtMemTypeDefault)}; the caller releases it. */
  Pointer createMemoryInfo(String name, int allocatorType, int deviceId) throws OrtException {
    return callOut(CREATE_MEMORY_INFO, "CreateMemoryInfo(" + name + ", device " + deviceId + ")",
        cString(name), allocatorType, deviceId, ORT_MEM_TYPE_DEFAULT);
  }

  /** {@code MemoryInfoGetName}: "Cpu", "Cuda", "CudaPinned"… */
  String memoryInfoName(Pointer memoryInfo) throws OrtException {
    return callOut(MEMORY_INFO_GET_NAME, "MemoryInfoGetName", memoryInfo).getString(0, "UTF-8");
  }

  // ---- handles of ONNX Runtime's Java objects ------------------------------------------------

  /** The {@code OrtSession*} of a Java session; an IllegalStateException once it is closed. */
  Pointer session(OrtSession session) {
    return handle(session, sessionHandle, sessionClosed, "OrtSession");
  }

  /** The {@code OrtRunOptions*} of Java run options, or null for none. */
  Pointer runOptions(OrtSession.RunOptions options) {
    return options == null ? null : handle(options, runOptionsHandle, runOptionsClosed, "RunOptions");
  }

  private static Pointer handle(Object owner, Field handle, Field closed, String what) {
    try {
      if (closed.getBoolean(owner)) {
        throw new IllegalStateException(what + " is closed");
      }
      long address = handle.getLong(owner);
      if (address == 0) {
        throw new IllegalStateException(what + " has no native handle");
      }
      return new Pointer(address);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("cannot read the native handle of " + what + ": " + e, e);
    }
  }
}
