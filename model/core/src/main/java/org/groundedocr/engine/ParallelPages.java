package org.groundedocr.engine;

import java.awt.image.BufferedImage;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.groundedocr.model.GroundedPage;

/**
 * The asynchronous side of an engine whose {@link OcrEngine#recognize} is thread-safe and reads one
 * page per call: submitted pages run on a fixed number of threads of their own, so a document's
 * pages are read in parallel where cores allow. The caller bounds what waits (a document pipeline
 * submits {@link #threads()} pages ahead at most), so the queue is not bounded here.
 */
public final class ParallelPages implements AutoCloseable {

  /** One page's blocking read, {@link OcrEngine#recognize} of the owning engine. */
  @FunctionalInterface
  public interface PageReader {
    GroundedPage read(BufferedImage image, int pageNumber) throws OcrException;
  }

  private final PageReader reader;
  private final int threads;
  private final ExecutorService pool;

  /**
   * @param name thread name prefix (the engine's name)
   * @param threads pages read at once, at least 1
   */
  public ParallelPages(String name, int threads, PageReader reader) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, got " + threads);
    }
    this.reader = Objects.requireNonNull(reader, "reader");
    this.threads = threads;
    AtomicInteger n = new AtomicInteger();
    this.pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, name + "-page-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * Pages at once for an engine whose sessions use {@code intraOpThreads} threads each (0: ONNX
   * Runtime's default of one per core): as many as the cores hold without oversubscribing them
   * much, at least one. With the default threads a session already uses every core, so only a
   * machine of many cores (where one page leaves most of them idle between its operators) gets
   * more than one page at a time.
   */
  public static int threadsFor(int intraOpThreads, int cores) {
    if (intraOpThreads <= 0) {
      return Math.max(1, cores / 4);
    }
    return Math.max(1, cores / intraOpThreads);
  }

  public int threads() {
    return threads;
  }

  /** Queues the page; the future completes with its page or the engine's exception. */
  public CompletableFuture<GroundedPage> submit(BufferedImage image, int pageNumber) {
    CompletableFuture<GroundedPage> f = new CompletableFuture<>();
    try {
      pool.execute(() -> {
        if (f.isDone()) {
          return; // cancelled while it waited
        }
        try {
          f.complete(reader.read(image, pageNumber));
        } catch (OcrException | RuntimeException | OutOfMemoryError e) {
          f.completeExceptionally(e);
        }
      });
    } catch (RejectedExecutionException e) {
      f.completeExceptionally(new OcrException("the engine is closed"));
    }
    return f;
  }

  /** Stops taking pages; pages waiting are answered with an error, running ones are interrupted. */
  @Override
  public void close() {
    for (Runnable waiting : pool.shutdownNow()) {
      waiting.run(); // each completes its future: the reader refuses a closed engine
    }
  }
}
