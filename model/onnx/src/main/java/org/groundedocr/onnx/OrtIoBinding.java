package org.groundedocr.onnx;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;
import java.util.ArrayList;
import java.util.List;
import org.groundedocr.engine.Device;

/**
 * ONNX Runtime's I/O binding ({@code OrtIoBinding}) over a session of its Java API: inputs and
 * outputs are bound once to {@link NativeTensor}s and stay where they are, run after run, with no
 * copy to or from the JVM. The same tensor may be bound as an input and an output: ONNX Runtime then
 * reads and writes one buffer (GroupQueryAttention's shared KV cache: {@code past_key_i} in,
 * {@code present_key_i} out).
 *
 * <p>Not thread-safe: one thread uses a binding at a time (a binding per decoding thread; the
 * session itself is shared). Close the binding before the tensors bound to it and before the
 * session.
 */
public final class OrtIoBinding implements AutoCloseable {

  private final OrtCApi api;
  private final OrtSession session;
  /** The OrtIoBinding; null once closed. */
  private Pointer binding;

  public OrtIoBinding(OrtSession session) throws OrtException {
    this.api = OrtCApi.get();
    this.session = session;
    this.binding = api.callOut(OrtCApi.CREATE_IO_BINDING, "CreateIoBinding", api.session(session));
  }

  /**
   * Binds input {@code name} to {@code tensor}. Where the session needs the input on another device
   * than the tensor's (host ids for a node on CUDA), ONNX Runtime copies it HERE, at bind time
   * (IOBinding::BindInput, CopyOneInputAcrossDevices), not at each run: after rewriting such a
   * tensor, bind it again. A tensor already where the session reads it is bound without a copy, and
   * writes to it are seen by the next run. Where ONNX Runtime refuses (an unknown name), ALL bound
   * inputs are cleared: ORT leaves its binding inconsistent after a failed bind (every later bind
   * fails with "Size mismatch").
   */
  public void bindInput(String name, NativeTensor tensor) throws OrtException {
    bind(OrtCApi.BIND_INPUT, OrtCApi.CLEAR_BOUND_INPUTS, "BindInput('" + name + "') failed, all bound inputs cleared",
        name, tensor);
  }

  /**
   * Binds output {@code name} to a preallocated {@code tensor}: the run writes into it. Where ONNX
   * Runtime refuses, ALL bound outputs are cleared (see {@link #bindInput}).
   */
  public void bindOutput(String name, NativeTensor tensor) throws OrtException {
    bind(OrtCApi.BIND_OUTPUT, OrtCApi.CLEAR_BOUND_OUTPUTS,
        "BindOutput('" + name + "') failed, all bound outputs cleared", name, tensor);
  }

  /** One bind call; on failure the bindings of that side are cleared, as ORT leaves them broken. */
  private void bind(int call, int clear, String failure, String name, NativeTensor tensor) throws OrtException {
    Pointer binding = handle();
    try {
      api.call(call, failure, binding, OrtCApi.cString(name), tensor.handle());
    } catch (OrtException e) {
      api.callVoid(clear, binding);
      throw e;
    }
  }

  /**
   * Binds output {@code name} to memory of {@code device} that ONNX Runtime allocates at each run (for
   * outputs whose shape is not known in advance).
   */
  public void bindOutputToDevice(String name, Device device, int deviceId) throws OrtException {
    Pointer binding = handle();
    String memory = device == Device.CUDA ? OrtCApi.CUDA : OrtCApi.CPU;
    Pointer memoryInfo = api.createMemoryInfo(memory, OrtCApi.ORT_DEVICE_ALLOCATOR, deviceId);
    try {
      api.call(OrtCApi.BIND_OUTPUT_TO_DEVICE, "BindOutputToDevice('" + name + "', " + memory + ":" + deviceId
          + ") failed, all bound outputs cleared", binding, OrtCApi.cString(name), memoryInfo);
    } catch (OrtException e) {
      api.callVoid(OrtCApi.CLEAR_BOUND_OUTPUTS, binding);
      throw e;
    } finally {
      api.callVoid(OrtCApi.RELEASE_MEMORY_INFO, memoryInfo);
    }
  }

  /**
   * The outputs of the last run, in the order they were bound ({@code GetBoundOutputValues}): for
   * outputs bound with {@link #bindOutputToDevice}, the tensors ONNX Runtime allocated; for
   * preallocated outputs, new handles over the bound memory. The caller closes each.
   */
  public List<NativeTensor> boundOutputValues() throws OrtException {
    Pointer binding = handle();
    // ORT allocates the array of handles with this allocator; it is freed with it below
    Pointer allocator = api.callOut(OrtCApi.GET_ALLOCATOR_WITH_DEFAULT_OPTIONS, "GetAllocatorWithDefaultOptions");
    PointerByReference array = new PointerByReference();
    LongByReference count = new LongByReference();
    api.call(OrtCApi.GET_BOUND_OUTPUT_VALUES, "GetBoundOutputValues", binding, allocator, array, count);
    Pointer values = array.getValue();
    int n = Math.toIntExact(count.getValue());
    List<NativeTensor> outputs = new ArrayList<>(n);
    try {
      Pointer[] handles = values == null ? new Pointer[0] : values.getPointerArray(0, n);
      for (int i = 0; i < n; i++) {
        try {
          outputs.add(NativeTensor.adopt(api, handles[i]));
        } catch (OrtException | RuntimeException e) {
          // adopt released handle i; release the rest and the ones already adopted
          for (int j = i + 1; j < n; j++) {
            api.callVoid(OrtCApi.RELEASE_VALUE, handles[j]);
          }
          outputs.forEach(NativeTensor::close);
          throw e;
        }
      }
    } finally {
      if (values != null) {
        api.call(OrtCApi.ALLOCATOR_FREE, "AllocatorFree", allocator, values);
      }
    }
    return outputs;
  }

  public void clearBoundInputs() {
    api.callVoid(OrtCApi.CLEAR_BOUND_INPUTS, handle());
  }

  public void clearBoundOutputs() {
    api.callVoid(OrtCApi.CLEAR_BOUND_OUTPUTS, handle());
  }

  /** Runs the session on the bound inputs and outputs ({@code RunWithBinding}). */
  public void run() throws OrtException {
    run(null);
  }

  /**
   * Runs with {@code options} (null for none): a terminate flag, or run config entries such as
   * {@code gpu_graph_id} for CUDA graphs.
   */
  public void run(OrtSession.RunOptions options) throws OrtException {
    Pointer binding = handle();
    api.call(OrtCApi.RUN_WITH_BINDING, "RunWithBinding", api.session(session), api.runOptions(options), binding);
  }

  /** Waits until the bound inputs are ready on their device (inputs written on another stream). */
  public void synchronizeBoundInputs() throws OrtException {
    api.call(OrtCApi.SYNCHRONIZE_BOUND_INPUTS, "SynchronizeBoundInputs", handle());
  }

  /** Waits until the last run's outputs are written (on CUDA a run may return before its stream is done). */
  public void synchronizeBoundOutputs() throws OrtException {
    api.call(OrtCApi.SYNCHRONIZE_BOUND_OUTPUTS, "SynchronizeBoundOutputs", handle());
  }

  private Pointer handle() {
    if (binding == null) {
      throw new IllegalStateException("OrtIoBinding is closed");
    }
    return binding;
  }

  /** Releases the binding (not the tensors bound to it). Idempotent. */
  @Override
  public void close() {
    Pointer b = binding;
    if (b == null) {
      return;
    }
    binding = null;
    api.callVoid(OrtCApi.RELEASE_IO_BINDING, b);
  }
}
