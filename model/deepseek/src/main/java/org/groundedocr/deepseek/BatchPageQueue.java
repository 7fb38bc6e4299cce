package org.groundedocr.deepseek;

import java.awt.image.BufferedImage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.groundedocr.engine.OcrException;

/**
 * Where batching across callers happens: each page goes into a bounded queue ({@code
 * queueCapacity}; a full queue blocks the caller — back-pressure instead of running out of GPU
 * memory) and two worker threads form a pipeline: one takes up to {@code batchSize} waiting pages
 * and prepares them ({@link WavePreparer}: preprocessing, vision), the other decodes (one prepared
 * wave waits at most). With the step decoder, pages of prepared waves join the running batch as
 * slots free up; with the loop decoder, waves decode one after the other. A page that fails in
 * vision or in its prefill fails alone: its wave is retried page by page.
 */
final class BatchPageQueue implements AutoCloseable {

  private record Request(BufferedImage image, CompletableFuture<DeepSeekOcrEngine.Generation> result) {}

  /** A wave's requests with their prepared pages. */
  private record Prepared(List<Request> requests, PreparedWave wave) {}

  private final WavePreparer preparer;
  /** Exactly one of the two decoders is set. */
  private final StepBatchDecoder steps;
  private final LoopWaveDecoder loop;
  private final int batchSize;
  private final int maxNewTokens;
  private final BlockingQueue<Request> queue;
  /** Prepared waves waiting for the decoder: one at most, so preparation runs one wave ahead. */
  private final BlockingQueue<Prepared> ready = new ArrayBlockingQueue<>(1);
  private final Thread visionWorker;
  private final Thread decodeWorker;
  private volatile boolean closed;
  private final AtomicInteger peakBatch = new AtomicInteger();
  /** Pages of this queue in the step decoder's slots; guarded by the decoder's monitor. */
  private int ownActive;

  BatchPageQueue(WavePreparer preparer, StepBatchDecoder steps, LoopWaveDecoder loop, int batchSize,
      int queueCapacity, int maxNewTokens) {
    if ((steps == null) == (loop == null)) {
      throw new IllegalArgumentException("exactly one decoder");
    }
    this.preparer = preparer;
    this.steps = steps;
    this.loop = loop;
    this.batchSize = batchSize;
    this.maxNewTokens = maxNewTokens;
    this.queue = new ArrayBlockingQueue<>(queueCapacity);
    this.visionWorker = new Thread(this::prepareWaves, "deepseek-batch-vision");
    this.visionWorker.setDaemon(true);
    this.decodeWorker = new Thread(steps != null ? this::decodeContinuously : this::decodeWaves,
        "deepseek-batch-decode");
    this.decodeWorker.setDaemon(true);
    this.visionWorker.start();
    this.decodeWorker.start();
  }

  /**
   * Puts the page into the queue, blocking while {@code queueCapacity} pages wait (back-pressure);
   * the future completes when its page leaves the batch.
   */
  CompletableFuture<DeepSeekOcrEngine.Generation> enqueue(BufferedImage image) throws OcrException {
    Objects.requireNonNull(image, "image");
    if (closed) {
      throw new OcrException("the engine is closed");
    }
    CompletableFuture<DeepSeekOcrEngine.Generation> f = new CompletableFuture<>();
    try {
      Request request = new Request(image, f);
      queue.put(request);
      if (closed && queue.remove(request)) {
        // close() ran between the check above and the put: nobody would take this page
        f.completeExceptionally(new OcrException("the engine was closed"));
      }
      return f;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OcrException("interrupted while waiting for room in the GPU queue", e);
    }
  }

  /** The most pages that decoded together since the queue started. */
  int peakBatch() {
    return peakBatch.get();
  }

  /** Pipeline stage 1: takes up to batchSize waiting pages, preprocesses them, runs vision. */
  private void prepareWaves() {
    while (!closed) {
      try {
        Request first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        List<Request> wave = new ArrayList<>(batchSize);
        wave.add(first);
        queue.drainTo(wave, batchSize - 1);
        List<Prepared> prepared = prepareOrSplit(wave);
        for (int i = 0; i < prepared.size(); i++) {
          try {
            ready.put(prepared.get(i));
          } catch (InterruptedException e) {
            // closing: pages prepared but not handed over would otherwise never be answered
            for (Prepared left : prepared.subList(i, prepared.size())) {
              left.requests().forEach(r -> r.result().completeExceptionally(new OcrException("the engine was closed")));
            }
            throw e;
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** The wave prepared, or on failure each page alone (one bad page must not fail the others). */
  private List<Prepared> prepareOrSplit(List<Request> wave) {
    List<BufferedImage> images = new ArrayList<>(wave.size());
    wave.forEach(r -> images.add(r.image()));
    try {
      return List.of(new Prepared(wave, preparer.prepare(images)));
    } catch (OcrException | RuntimeException | Error e) { // an Error (OutOfMemoryError) too: a dead worker would hang every caller
      if (wave.size() == 1) {
        wave.get(0).result().completeExceptionally(e);
        return List.of();
      }
      List<Prepared> out = new ArrayList<>();
      for (Request r : wave) {
        out.addAll(prepareOrSplit(List.of(r)));
      }
      return out;
    }
  }

  /**
   * Pipeline stage 2 with the step decoder: pages of prepared waves join the running batch as slots
   * free up (continuous batching); each caller is answered when its page is over.
   */
  private void decodeContinuously() {
    DeepSeekStepDecoder stepper = steps.monitor();
    Deque<DeepSeekStepDecoder.Sequence> pending = new ArrayDeque<>();
    try {
      while (!closed) {
        boolean idle;
        synchronized (stepper) {
          // the queue's own pages only: pages a bulk caller (decodeAll) admitted are stepped by that caller
          idle = ownActive == 0;
        }
        if (idle && pending.isEmpty()) {
          // nothing of ours decodes: wait for a prepared wave without holding the decoder
          Prepared p = ready.poll(100, TimeUnit.MILLISECONDS);
          if (p != null) {
            addSequences(p, pending);
          }
          continue;
        }
        synchronized (stepper) {
          while (stepper.hasFreeSlot()) {
            if (pending.isEmpty()) {
              Prepared p = ready.poll(); // what is ready joins now; nothing waits for more
              if (p == null) {
                break;
              }
              addSequences(p, pending);
            }
            ownActive++;
            stepper.admit(pending.poll()); // a page over at once has already been answered (and counted down)
          }
          peakBatch.accumulateAndGet(stepper.active(), Math::max);
          stepper.step();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      OcrException closing = new OcrException("the engine was closed");
      synchronized (stepper) {
        pending.forEach(s -> {
          s.error = closing;
          s.done.accept(s);
        });
        stepper.failAll(closing);
      }
    }
  }

  /** The pages of a prepared wave as sequences that answer their callers. */
  private void addSequences(Prepared p, Deque<DeepSeekStepDecoder.Sequence> pending) {
    for (int i = 0; i < p.requests().size(); i++) {
      CompletableFuture<DeepSeekOcrEngine.Generation> f = p.requests().get(i).result();
      PreparedWave w = p.wave();
      int page = i;
      pending.add(steps.sequence(w, i, maxNewTokens, false, s -> {
        ownActive--;
        if (s.error != null) {
          f.completeExceptionally(StepBatchDecoder.failure(s));
        } else {
          f.complete(steps.generation(s, w, page));
        }
      }));
    }
  }

  /** Pipeline stage 2 with the loop decoder: decodes prepared waves one after the other. */
  private void decodeWaves() {
    while (!closed) {
      try {
        Prepared p = ready.poll(100, TimeUnit.MILLISECONDS);
        if (p != null) {
          peakBatch.accumulateAndGet(p.requests().size(), Math::max);
          decodeOrSplit(p.requests(), p.wave());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void decodeOrSplit(List<Request> requests, PreparedWave wave) {
    try {
      List<DeepSeekOcrEngine.Generation> gens = loop.decode(wave, maxNewTokens, false);
      for (int i = 0; i < requests.size(); i++) {
        requests.get(i).result().complete(gens.get(i));
      }
    } catch (OcrException | RuntimeException | Error e) { // an Error (OutOfMemoryError) too: a dead worker would hang every caller
      if (requests.size() == 1) {
        requests.get(0).result().completeExceptionally(e);
        return;
      }
      // one bad page must not fail the others: retry each page alone
      for (int i = 0; i < requests.size(); i++) {
        decodeOrSplit(List.of(requests.get(i)), wave.page(i));
      }
    }
  }

  /**
   * Stops the workers and answers every page not yet decoded with "closed". The decoders stay
   * open (their owner closes them after this returns: closing a session while a run uses it
   * crashes the JVM).
   */
  @Override
  public void close() {
    closed = true;
    // a wave may be inside generate.onnx for tens of seconds: stop it, then wait for the workers
    if (loop != null) {
      loop.terminate();
    }
    visionWorker.interrupt();
    decodeWorker.interrupt();
    boolean interrupted = false;
    for (Thread worker : List.of(visionWorker, decodeWorker)) {
      while (worker.isAlive()) {
        try {
          worker.join();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    // taken out, not just answered: a caller blocked in put() on a full queue must get in, see
    // that the engine is closed and leave
    for (Request r; (r = queue.poll()) != null; ) {
      r.result().completeExceptionally(new OcrException("the engine was closed"));
    }
    for (Prepared p; (p = ready.poll()) != null; ) {
      p.requests().forEach(r -> r.result().completeExceptionally(new OcrException("the engine was closed")));
    }
  }
}
