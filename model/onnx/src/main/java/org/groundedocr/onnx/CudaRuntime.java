package org.groundedocr.onnx;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * Copies between host memory and CUDA memory for {@link NativeTensor}, through the CUDA runtime
 * that ONNX Runtime's CUDA provider has already loaded into this process (found by its mapping,
 * like {@link OrtCApi} finds ONNX Runtime). ONNX Runtime's C API copies a host input to the device
 * only when it is bound; a captured CUDA graph needs its inputs at fixed device addresses, so the
 * caller writes them there itself before each replay.
 */
final class CudaRuntime {

  /** The two functions used, with cudaMemcpyDefault: the direction follows from the pointers (unified addressing). */
  interface Lib extends Library {
    int cudaMemcpy(Pointer dst, Pointer src, long count, int kind);

    String cudaGetErrorString(int error);
  }

  private static final int MEMCPY_DEFAULT = 4;
  private static volatile Lib lib;

  private CudaRuntime() {}

  private static Lib lib() {
    Lib l = lib;
    if (l == null) {
      synchronized (CudaRuntime.class) {
        l = lib;
        if (l == null) {
          String path = OrtCApi.mappedLibrary("libcudart.so");
          if (path == null) {
            throw new IllegalStateException("the CUDA runtime (libcudart.so) is not loaded: no CUDA session was created");
          }
          lib = l = Native.load(path, Lib.class);
        }
      }
    }
    return l;
  }

  /** Copies {@code bytes} from {@code src} to {@code dst}, either of which may be host or device memory; synchronous. */
  static void copy(Pointer dst, Pointer src, long bytes) {
    Lib l = lib();
    int status = l.cudaMemcpy(dst, src, bytes, MEMCPY_DEFAULT);
    if (status != 0) {
      throw new IllegalStateException("cudaMemcpy of " + bytes + " bytes failed: " + l.cudaGetErrorString(status) + " (" + status + ")");
    }
  }
}
