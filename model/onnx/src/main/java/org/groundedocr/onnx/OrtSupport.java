package org.groundedocr.onnx;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import org.groundedocr.engine.Device;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Session options for the engines. ONNX Runtime keeps one {@link OrtEnvironment} per JVM; sessions
 * are created once per model by their engine and shared ({@code OrtSession.run} is thread-safe).
 */
public final class OrtSupport {

  private static final Logger LOG = LoggerFactory.getLogger(OrtSupport.class);

  /**
   * System property: a file prefix; when set, every session writes ONNX Runtime's profile (per-node
   * timings, JSON) there when it closes. For benchmarks and diagnosis, not for production.
   */
  public static final String PROFILE_PROPERTY = "groundedocr.ort.profile";

  private OrtSupport() {}

  public static OrtEnvironment environment() {
    return OrtEnvironment.getEnvironment();
  }

  /**
   * Options for {@code device}. CUDA that is not available (CPU build of ONNX Runtime, no GPU, no
   * driver) falls back to the CPU with a logged warning: a missing GPU never crashes a parse.
   *
   * @param intraOpThreads threads per session, 0 for ONNX Runtime's default (all cores)
   */
  public static OrtSession.SessionOptions options(Device device, int intraOpThreads)
      throws OrtException {
    return options(device, intraOpThreads, java.util.Map.of());
  }

  /**
   * {@link #options(Device, int)} with more CUDA provider options (e.g. {@code enable_cuda_graph});
   * ignored when the device is the CPU.
   */
  public static OrtSession.SessionOptions options(Device device, int intraOpThreads, java.util.Map<String, String> cudaOptions)
      throws OrtException {
    OrtSession.SessionOptions o = new OrtSession.SessionOptions();
    o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
    if (intraOpThreads > 0) {
      o.setIntraOpNumThreads(intraOpThreads);
    }
    String profile = System.getProperty(PROFILE_PROPERTY);
    if (profile != null && !profile.isBlank()) {
      // diagnostics: ONNX Runtime's per-node timings, written as JSON when the session closes
      o.enableProfiling(profile);
    }
    if (device == Device.CUDA) {
      try {
        // owned (and closed) by the session options once added
        ai.onnxruntime.providers.OrtCUDAProviderOptions cuda = new ai.onnxruntime.providers.OrtCUDAProviderOptions(0);
        // the arena grows by what is asked, not to the next power of two: a long-running server's
        // peak GPU memory stays near what its largest batch needs
        cuda.add("arena_extend_strategy", "kSameAsRequested");
        // the fastest convolution algorithm, searched once per shape, with the workspace it wants
        cuda.add("cudnn_conv_algo_search", "EXHAUSTIVE");
        cuda.add("cudnn_conv_use_max_workspace", "1");
        for (java.util.Map.Entry<String, String> e : cudaOptions.entrySet()) {
          cuda.add(e.getKey(), e.getValue());
        }
        o.addCUDA(cuda);
      } catch (OrtException | UnsatisfiedLinkError | IllegalArgumentException e) {
        LOG.warn("CUDA execution provider not available ({}); running on the CPU", e.getMessage());
      }
    }
    return o;
  }

  /**
   * Stack for creating sessions: loading ONNX Runtime's native library and optimising a graph need
   * more stack than a default Java thread has (1 MB, and Solr starts its JVM with -Xss256k); an
   * overflow there kills the whole process with SIGSEGV. Inference runs fine on small stacks.
   */
  public static final long SESSION_THREAD_STACK_BYTES = 64L << 20;

  /**
   * Runs {@code task} (session or tokenizer creation) on a fresh thread with a
   * {@link #SESSION_THREAD_STACK_BYTES} stack and waits for it; its exception is rethrown as is.
   */
  public static <T> T onLargeStack(String threadName, java.util.concurrent.Callable<T> task) throws Exception {
    java.util.concurrent.FutureTask<T> future = new java.util.concurrent.FutureTask<>(task);
    largeStackThreads(threadName).execute(future);
    try {
      return future.get();
    } catch (java.util.concurrent.ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof Exception ex) {
        throw ex;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw e;
    }
  }

  /** An executor that runs each task on a fresh daemon thread with a large stack, for parallel set-up. */
  public static java.util.concurrent.Executor largeStackThreads(String threadName) {
    return task -> {
      Thread t = new Thread(null, task, threadName, SESSION_THREAD_STACK_BYTES);
      t.setDaemon(true);
      t.start();
    };
  }

  /** A session for the model file at {@code path}, created on a large stack (see above). */
  public static OrtSession createSession(java.nio.file.Path path, OrtSession.SessionOptions options)
      throws OrtException {
    return createOnLargeStack(() -> environment().createSession(path.toString(), options));
  }

  /** A session for the model bytes, created on a large stack (see above). */
  public static OrtSession createSession(byte[] model, OrtSession.SessionOptions options)
      throws OrtException {
    return createOnLargeStack(() -> environment().createSession(model, options));
  }

  private static OrtSession createOnLargeStack(java.util.concurrent.Callable<OrtSession> create)
      throws OrtException {
    try {
      return onLargeStack("ort-session-init", create);
    } catch (OrtException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("creating an ONNX Runtime session failed", e);
    }
  }
}
