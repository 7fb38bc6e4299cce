package org.groundedocr.solr.page;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.solr.common.SolrException;
import org.apache.solr.common.SolrException.ErrorCode;
import org.apache.solr.response.SolrQueryResponse;

/**
 * Bounds how many page images one core renders at once. A render decodes the stored image and
 * builds the output (up to the pixel budget, several copies while cutting, scaling and turning),
 * so an unbounded flood of upscaled IIIF requests ran the node out of heap (issue 16: 5 of 12
 * concurrent 8192 px requests ended in {@code OutOfMemoryError}). A request that finds no permit
 * within the wait is answered 503 with {@code Retry-After}: the client retries, the node lives.
 */
final class RenderPermits {

  /** Seconds a refused client is asked to wait before trying again. */
  static final int RETRY_AFTER_SECONDS = 1;

  private final Semaphore permits;
  private final int size;
  private final long waitMillis;

  RenderPermits(int size, long waitMillis) {
    if (size < 1) {
      throw new IllegalArgumentException("at least one concurrent render, got " + size);
    }
    if (waitMillis < 0) {
      throw new IllegalArgumentException("the wait for a render permit must be >= 0 ms, got " + waitMillis);
    }
    this.permits = new Semaphore(size, true);
    this.size = size;
    this.waitMillis = waitMillis;
  }

  /** A held permit; closing it gives it back. */
  interface Permit extends AutoCloseable {
    @Override
    void close();
  }

  Permit acquire(SolrQueryResponse rsp) {
    boolean got;
    try {
      got = permits.tryAcquire(waitMillis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      got = false;
    }
    if (!got) {
      rsp.setHttpHeader("Retry-After", Integer.toString(RETRY_AFTER_SECONDS));
      throw new SolrException(ErrorCode.SERVICE_UNAVAILABLE, "busy: " + size
          + " page images are being rendered already; retry after " + RETRY_AFTER_SECONDS + " s");
    }
    return permits::release;
  }

  int size() {
    return size;
  }
}
