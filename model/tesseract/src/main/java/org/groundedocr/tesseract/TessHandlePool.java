package org.groundedocr.tesseract;

import com.sun.jna.Pointer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.groundedocr.engine.OcrException;

/**
 * Initialised {@code TessBaseAPI} handles, one per page being read: a handle is not thread-safe,
 * and initialising one (loading the language models) costs far more than a page, so handles are
 * created on first need, up to {@code size}, and reused. Callers beyond {@code size} wait.
 */
final class TessHandlePool implements AutoCloseable {

  private final TessCApi api;
  private final Path tessdata;
  private final TesseractOptions options;
  private final BlockingQueue<Pointer> idle;
  private final List<Pointer> all = new ArrayList<>();
  private boolean closed;

  TessHandlePool(TessCApi api, Path tessdata, TesseractOptions options) throws OcrException {
    this.api = api;
    this.tessdata = tessdata;
    this.options = options;
    this.idle = new ArrayBlockingQueue<>(options.threads());
    // the first handle now, so that a bad language or data file fails at engine start
    idle.add(create());
  }

  /** A handle for the caller's exclusive use; give it back with {@link #release}. */
  Pointer acquire() throws OcrException, InterruptedException {
    Pointer h = idle.poll();
    if (h != null) {
      return h;
    }
    synchronized (this) {
      if (closed) {
        throw new OcrException("tesseract: the engine is closed");
      }
      if (all.size() < options.threads()) {
        return create();
      }
    }
    return idle.take();
  }

  void release(Pointer handle) {
    synchronized (this) {
      if (closed) {
        delete(handle);
        return;
      }
    }
    idle.add(handle);
  }

  private synchronized Pointer create() throws OcrException {
    Pointer h = api.TessBaseAPICreate();
    if (h == null) {
      throw new OcrException("tesseract: TessBaseAPICreate failed (out of memory?)");
    }
    int rc = api.TessBaseAPIInit3(h, tessdata.toString(), options.lang());
    if (rc != 0) {
      api.TessBaseAPIDelete(h);
      throw new OcrException("tesseract: could not load language '" + options.lang() + "' from "
          + tessdata + " (TessBaseAPIInit3 returned " + rc + "; a traineddata file may be damaged"
          + " or of an older Tesseract). Reinstall it with: apt-get install --reinstall "
          + String.join(" ", packages()));
    }
    api.TessBaseAPISetPageSegMode(h, options.psm());
    // Tesseract prints progress ("Estimating resolution as 450") to stderr for every page; a
    // server's log is not the place for it
    api.TessBaseAPISetVariable(h, "debug_file", "/dev/null");
    all.add(h);
    return h;
  }

  private List<String> packages() {
    List<String> p = new ArrayList<>();
    for (String code : options.lang().split("\\+")) {
      p.add(Tessdata.debianPackage(code));
    }
    return p;
  }

  private void delete(Pointer h) {
    api.TessBaseAPIEnd(h);
    api.TessBaseAPIDelete(h);
  }

  /** Frees idle handles now and the ones in use when they come back. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    Pointer h;
    while ((h = idle.poll()) != null) {
      delete(h);
    }
  }
}
