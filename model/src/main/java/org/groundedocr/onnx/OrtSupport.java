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
    OrtSession.SessionOptions o = new OrtSession.SessionOptions();
    o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
    if (intraOpThreads > 0) {
      o.setIntraOpNumThreads(intraOpThreads);
    }
    if (device == Device.CUDA) {
      try {
        o.addCUDA(0);
      } catch (OrtException | UnsatisfiedLinkError | IllegalArgumentException e) {
        LOG.warn("CUDA execution provider not available ({}); running on the CPU", e.getMessage());
      }
    }
    return o;
  }
}
