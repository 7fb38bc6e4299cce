package org.groundedocr.pipeline;

import java.awt.image.BufferedImage;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.groundedocr.engine.OcrEngine;
import org.groundedocr.engine.OcrException;
import org.groundedocr.model.GroundedPage;

/**
 * One document's pages through an OCR engine with pages in flight: a reader thread reads pages in
 * order (PDF rendering, image decoding: one page at a time, since PDF renderers are not
 * thread-safe) and submits each page that needs OCR to the engine as soon as it is read
 * ({@link OcrEngine#submit}); the calling thread receives the pages in page order.
 *
 * <p><b>Memory</b> is bounded by the window, not by the document: the reader runs at most
 * {@code engine.pagesInFlight() + 1} pages ahead of the page the caller is handed (2 until the
 * engine exists), and a page's slot is dropped once the caller has it.
 *
 * <p><b>Failures</b> stay with their page: a page that cannot be read, that the engine fails, or
 * that passes its timeout is emitted as failed and the next page follows. Only a read that times
 * out ends the document early (the reader may still be inside the document on its thread, and
 * touching the document again is not safe): the remaining pages are emitted as failed. The
 * timeout applies to reading a page, and separately to its OCR from the moment it is submitted.
 *
 * @param <I> the reader's page type
 */
public final class DocumentPipeline<I> {

  /** Reads a document's pages; called from one thread, in page order. */
  public interface PageReader<I> {

    /**
     * Reads page {@code pageNumber} (1-based).
     *
     * @throws Exception when the page cannot be read; its message says why (the next page is read)
     */
    I read(int pageNumber) throws Exception;

    /** The image to OCR, or {@code null} when the page needs no OCR (a PDF text layer, say). */
    BufferedImage ocrImage(I input);
  }

  /** Supplies the engine on the first page that needs one (a text-layer document never creates one). */
  @FunctionalInterface
  public interface EngineSource {
    OcrEngine get() throws OcrException;
  }

  /** Takes the pages in order, on the thread that called {@link #run}. */
  @FunctionalInterface
  public interface PageSink<I, X extends Exception> {
    void accept(PageOutcome<I> page) throws X;
  }

  private static final AtomicInteger RUNS = new AtomicInteger();

  private final PageReader<I> reader;
  private final EngineSource engines;
  private final long timeoutNanos;

  /**
   * @param timeoutSeconds per page for reading and, separately, for OCR; 0 for none
   */
  public DocumentPipeline(PageReader<I> reader, EngineSource engines, int timeoutSeconds) {
    if (timeoutSeconds < 0) {
      throw new IllegalArgumentException("timeoutSeconds must not be negative, got " + timeoutSeconds);
    }
    this.reader = Objects.requireNonNull(reader, "reader");
    this.engines = Objects.requireNonNull(engines, "engines");
    this.timeoutNanos = TimeUnit.SECONDS.toNanos(timeoutSeconds);
  }

  /**
   * Reads pages {@code first..last} and hands each to {@code sink} in page order.
   *
   * @throws OcrException when the engine cannot be created (the pages already handed over stay)
   * @throws InterruptedException when the calling thread is interrupted
   * @throws X what the sink threw; the rest of the document is not read
   */
  public <X extends Exception> void run(int first, int last, PageSink<I, X> sink)
      throws OcrException, InterruptedException, X {
    if (first > last) {
      return;
    }
    new Run<>(this, first, last).drive(sink);
  }

  private long deadline(long from) {
    return timeoutNanos == 0 ? Long.MAX_VALUE : from + timeoutNanos;
  }

  private long timeoutSeconds() {
    return TimeUnit.NANOSECONDS.toSeconds(timeoutNanos);
  }

  /** The engine could not be created: ends the run. */
  private static final class EngineUnavailable extends Exception {
    private static final long serialVersionUID = 1L;

    EngineUnavailable(Throwable cause) {
      super(cause.getMessage(), cause);
    }
  }

  /** One page on its way: read, submitted, read by the engine. */
  private static final class Slot<I> {
    final CompletableFuture<Long> started = new CompletableFuture<>();
    final CompletableFuture<I> read = new CompletableFuture<>();
    volatile long readNanos;
    /** When the page was handed to the engine (engine created); completes exceptionally with EngineUnavailable. */
    final CompletableFuture<Long> submitted = new CompletableFuture<>();
    /** The engine's page; null when the page needs no OCR. */
    final CompletableFuture<GroundedPage> ocr = new CompletableFuture<>();
    volatile long ocrNanos;
  }

  /** One call of {@link #run}: its reader thread, its window, its slots. */
  private static final class Run<I> {
    private final DocumentPipeline<I> p;
    private final int first;
    private final int last;
    private final Map<Integer, Slot<I>> slots = new ConcurrentHashMap<>();
    /** Pages read but not yet handed to the sink, plus the one being read. */
    private final Semaphore window = new Semaphore(2);
    private final AtomicBoolean widened = new AtomicBoolean();
    private final CompletableFuture<Void> readerGone = new CompletableFuture<>();
    private final ExecutorService dispatch;
    private final Thread readerThread;
    private volatile boolean stopped;
    private OcrEngine engine;
    private Throwable engineFailure;

    Run(DocumentPipeline<I> p, int first, int last) {
      this.p = p;
      this.first = first;
      this.last = last;
      int run = RUNS.incrementAndGet();
      AtomicInteger n = new AtomicInteger();
      // submits pages (and creates the engine) off the reader's thread: an engine that reads a
      // page inside submit (the default) then neither stalls reading nor escapes its timeout
      this.dispatch = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "grounded-ocr-submit-" + run + "-" + n.incrementAndGet());
        t.setDaemon(true);
        return t;
      });
      this.readerThread = new Thread(this::readAll, "grounded-ocr-read-" + run);
      this.readerThread.setDaemon(true);
    }

    private Slot<I> slot(int n) {
      return slots.computeIfAbsent(n, k -> new Slot<>());
    }

    /** The reader thread: pages in order, each submitted as soon as it is read. */
    private void readAll() {
      try {
        for (int n = first; n <= last && !stopped; n++) {
          window.acquire();
          if (stopped) {
            return;
          }
          Slot<I> s = slot(n);
          long start = System.nanoTime();
          s.started.complete(start);
          I in;
          try {
            in = p.reader.read(n);
          } catch (Exception | OutOfMemoryError e) {
            s.readNanos = System.nanoTime() - start;
            s.read.completeExceptionally(e);
            continue;
          }
          s.readNanos = System.nanoTime() - start;
          if (stopped) {
            return;
          }
          s.read.complete(in);
          BufferedImage image = p.reader.ocrImage(in);
          if (image == null) {
            s.submitted.complete(System.nanoTime());
            s.ocr.complete(null);
          } else {
            int page = n;
            dispatch.execute(() -> submit(s, image, page));
          }
        }
      } catch (InterruptedException e) {
        // stopped by the caller
      } catch (RuntimeException e) {
        // dispatch refused (the run is over): nothing waits for the rest
      } finally {
        readerGone.complete(null);
      }
    }

    private void submit(Slot<I> s, BufferedImage image, int page) {
      OcrEngine e;
      try {
        e = engine();
      } catch (OcrException | RuntimeException x) {
        s.submitted.completeExceptionally(new EngineUnavailable(x));
        return;
      }
      long submitted = System.nanoTime();
      s.submitted.complete(submitted);
      CompletableFuture<GroundedPage> f;
      try {
        f = e.submit(image, page);
      } catch (RuntimeException x) {
        s.ocr.completeExceptionally(x);
        return;
      }
      f.whenComplete((r, x) -> {
        s.ocrNanos = System.nanoTime() - submitted;
        if (x != null) {
          s.ocr.completeExceptionally(x);
        } else {
          s.ocr.complete(r);
        }
      });
    }

    /** The engine, created once; a failed creation is remembered for the rest of the run. */
    private synchronized OcrEngine engine() throws OcrException {
      if (engine != null) {
        return engine;
      }
      if (engineFailure != null) {
        throw engineFailure instanceof OcrException oe ? oe : new OcrException(engineFailure.getMessage(), engineFailure);
      }
      try {
        engine = p.engines.get();
      } catch (OcrException | RuntimeException e) {
        engineFailure = e;
        throw e;
      }
      if (widened.compareAndSet(false, true)) {
        // the engine takes pagesInFlight pages at once: read that many ahead of the caller
        window.release(Math.max(0, engine.pagesInFlight() - 1));
      }
      return engine;
    }

    <X extends Exception> void drive(PageSink<I, X> sink) throws OcrException, InterruptedException, X {
      readerThread.start();
      boolean clean = false;
      try {
        String abandoned = null;
        for (int n = first; n <= last; n++) {
          if (abandoned != null) {
            sink.accept(PageOutcome.failure(n, null, abandoned, 0, 0));
            continue;
          }
          Slot<I> s = slot(n);
          PageOutcome<I> out;
          try {
            out = outcome(n, s);
          } catch (ReadTimeout t) {
            stop();
            abandoned = "not read: reading page " + n + " timed out and the document could not be read safely any further";
            out = PageOutcome.failure(n, null, "reading the page timed out after " + p.timeoutSeconds() + " s",
                s.readNanos, 0);
          }
          slots.remove(n);
          try {
            sink.accept(out);
          } finally {
            window.release();
          }
        }
        clean = abandoned == null;
      } finally {
        stop();
        dispatch.shutdownNow();
        if (clean) {
          // every page was read: the reader is leaving the document now, so that the caller may close it
          readerThread.join();
        }
      }
    }

    private static final class ReadTimeout extends Exception {
      private static final long serialVersionUID = 1L;
    }

    private PageOutcome<I> outcome(int n, Slot<I> s) throws ReadTimeout, OcrException, InterruptedException {
      CompletableFuture.anyOf(s.started, readerGone).join();
      if (!s.started.isDone()) {
        return PageOutcome.failure(n, null, "not read: the document's reader stopped", 0, 0);
      }
      long started = s.started.getNow(0L);
      I in;
      try {
        in = await(s.read, p.deadline(started));
      } catch (TimeoutException e) {
        throw new ReadTimeout();
      } catch (ExecutionException e) {
        return PageOutcome.failure(n, null, describe(e.getCause()), s.readNanos, 0);
      }
      long submitted;
      try {
        submitted = await(s.submitted, Long.MAX_VALUE);
      } catch (ExecutionException e) {
        Throwable c = e.getCause().getCause();
        throw c instanceof OcrException oe ? oe : new OcrException(describe(c), c);
      } catch (TimeoutException e) {
        throw new IllegalStateException(e); // no deadline
      }
      GroundedPage page;
      try {
        page = await(s.ocr, p.deadline(submitted));
      } catch (TimeoutException e) {
        s.ocr.cancel(true);
        return PageOutcome.failure(n, in, "OCR timed out after " + p.timeoutSeconds() + " s", s.readNanos,
            System.nanoTime() - submitted);
      } catch (ExecutionException e) {
        return PageOutcome.failure(n, in, "OCR failed: " + describe(e.getCause()), s.readNanos, s.ocrNanos);
      }
      return new PageOutcome<>(n, in, page, null, s.readNanos, page == null ? 0 : s.ocrNanos);
    }

    private static <T> T await(CompletableFuture<T> f, long deadline)
        throws InterruptedException, ExecutionException, TimeoutException {
      if (deadline == Long.MAX_VALUE) {
        return f.get();
      }
      return f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    private void stop() {
      stopped = true;
      window.release(last - first + 2); // a reader waiting for room wakes, sees stopped and leaves
    }
  }

  /** A page failure's message for the user. */
  public static String describe(Throwable e) {
    if (e instanceof java.util.concurrent.CompletionException && e.getCause() != null) {
      e = e.getCause();
    }
    if (e instanceof OutOfMemoryError) {
      return "out of memory reading the page";
    }
    String m = e.getMessage();
    return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
  }
}
