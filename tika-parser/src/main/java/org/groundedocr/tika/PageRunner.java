package org.groundedocr.tika;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs one page's work (reading, OCR) under the page's deadline. With a timeout configured the
 * work runs on a worker thread of this parse while the parsing thread waits; when the deadline
 * passes the work is interrupted and abandoned, and the next task gets a fresh worker (engines
 * that check interruption stop; others finish in the background, their result ignored). Without
 * a timeout the work runs on the calling thread.
 */
final class PageRunner implements AutoCloseable {

  /** The page's deadline passed. */
  static final class PageTimeoutException extends Exception {
    private static final long serialVersionUID = 1L;

    PageTimeoutException(String message) {
      super(message);
    }
  }

  private final long timeoutNanos;
  private ExecutorService worker;

  /** @param timeoutSeconds per page; 0 for none */
  PageRunner(int timeoutSeconds) {
    this.timeoutNanos = TimeUnit.SECONDS.toNanos(timeoutSeconds);
  }

  /** The deadline of a page starting now; {@link Long#MAX_VALUE} meaning none. */
  long deadlineFromNow() {
    return timeoutNanos == 0 ? Long.MAX_VALUE : System.nanoTime() + timeoutNanos;
  }

  long timeoutSeconds() {
    return TimeUnit.NANOSECONDS.toSeconds(timeoutNanos);
  }

  /**
   * Runs {@code task}, returning its result or throwing what it threw.
   *
   * @throws PageTimeoutException when {@code deadline} passed first
   * @throws InterruptedException when the calling thread was interrupted while waiting
   */
  <T> T call(Callable<T> task, long deadline) throws Exception {
    if (deadline == Long.MAX_VALUE) {
      return task.call();
    }
    long remaining = deadline - System.nanoTime();
    if (remaining <= 0) {
      throw new PageTimeoutException("no time left");
    }
    if (worker == null) {
      worker =
          Executors.newSingleThreadExecutor(
              r -> {
                Thread t = new Thread(r, "grounded-ocr-page");
                t.setDaemon(true);
                return t;
              });
    }
    Future<T> future = worker.submit(task);
    try {
      return future.get(remaining, TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      abandonWorker(future);
      throw new PageTimeoutException("timed out");
    } catch (InterruptedException e) {
      abandonWorker(future);
      throw e;
    } catch (ExecutionException e) {
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

  private void abandonWorker(Future<?> future) {
    future.cancel(true);
    worker.shutdownNow();
    worker = null;
  }

  @Override
  public void close() {
    if (worker != null) {
      worker.shutdownNow();
      worker = null;
    }
  }
}
