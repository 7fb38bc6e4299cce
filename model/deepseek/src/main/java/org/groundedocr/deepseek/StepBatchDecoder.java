package org.groundedocr.deepseek;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.groundedocr.deepseek.tokenizer.DeepSeekTokenizer;
import org.groundedocr.engine.OcrException;

/**
 * {@code decoder=step}: pages of prepared waves through the continuous batch of {@link
 * DeepSeekStepDecoder} (KV cache on the device, a page joins when a slot frees and leaves when it is
 * over). Turns a wave's pages into the decoder's sequences and finished sequences into generations,
 * and decodes whole lists of waves on the caller's thread ({@link #decodeAll}, benchmarks and bulk
 * callers). Every use of the step decoder holds its monitor ({@link #monitor()}); the engine's queue
 * worker steps the same decoder, so both kinds of callers share its slots.
 */
final class StepBatchDecoder implements AutoCloseable {

  private final DeepSeekStepDecoder stepper;
  private final DeepSeekManifest manifest;
  private final DeepSeekTokenizer tokenizer;

  StepBatchDecoder(DeepSeekStepDecoder stepper, DeepSeekManifest manifest, DeepSeekTokenizer tokenizer) {
    this.stepper = stepper;
    this.manifest = manifest;
    this.tokenizer = tokenizer;
  }

  /** The step decoder; every use holds its monitor (it is not thread-safe). */
  DeepSeekStepDecoder monitor() {
    return stepper;
  }

  /**
   * The pages of {@code waves}, in order, through the step decoder on the calling thread: a page
   * joins as soon as a slot is free and its wave is prepared, and leaves when it is over. A page
   * that fails fails the whole call (benchmarks and bulk callers; the queue path answers each page
   * on its own): no further page joins, the call's pages in the slots finish, then it throws.
   */
  List<DeepSeekOcrEngine.Generation> decodeAll(List<? extends Future<PreparedWave>> waves,
      int maxNewTokens, boolean ignoreEos) throws OcrException {
    List<DeepSeekOcrEngine.Generation> out = new ArrayList<>();
    List<DeepSeekStepDecoder.Sequence> failed = new ArrayList<>();
    int[] left = {0};
    int next = 0;
    ArrayDeque<DeepSeekStepDecoder.Sequence> pending = new ArrayDeque<>();
    while (true) {
      synchronized (stepper) {
        while (stepper.hasFreeSlot()) {
          if (pending.isEmpty() && failed.isEmpty() && next < waves.size()
              && (stepper.active() == 0 || waves.get(next).isDone())) {
            PreparedWave w = await(waves.get(next++));
            for (int i = 0; i < w.size(); i++) {
              int index = out.size();
              out.add(null);
              left[0]++;
              int pageIndex = i;
              pending.add(sequence(w, i, maxNewTokens, ignoreEos, s -> {
                // under the decoder's monitor, on whichever thread stepped (the engine's own may too)
                if (s.error != null) {
                  failed.add(s);
                } else {
                  out.set(index, generation(s, w, pageIndex));
                }
                left[0]--;
              }));
            }
          }
          if (!failed.isEmpty()) {
            left[0] -= pending.size(); // the call fails: its waiting pages are not started
            pending.clear();
          }
          if (pending.isEmpty()) {
            break;
          }
          stepper.admit(pending.poll());
        }
        if (stepper.active() > 0) {
          stepper.step();
        }
        if (left[0] == 0 && pending.isEmpty() && (next == waves.size() || !failed.isEmpty())) {
          // a failed page fails the call, once this call's other pages have left the slots (the slots
          // may hold the queue's pages too, which must not be touched)
          if (!failed.isEmpty()) {
            throw failure(failed.get(0));
          }
          return out;
        }
      }
    }
  }

  /** Page {@code i} of a wave as a sequence for the step decoder. */
  DeepSeekStepDecoder.Sequence sequence(PreparedWave w, int i, int maxNewTokens, boolean ignoreEos,
      Consumer<DeepSeekStepDecoder.Sequence> done) {
    int hidden = manifest.decoder().hiddenSize();
    int length = w.prompts[i].length / hidden;
    int budget = Math.max(1, Math.min(maxNewTokens, manifest.maxTotalTokens() - length));
    return new DeepSeekStepDecoder.Sequence(w.prompts[i], length, budget,
        ignoreEos ? -1 : manifest.tokens().eos(), done);
  }

  /** A finished sequence (page {@code i} of {@code w}) as the engine's generation. */
  DeepSeekOcrEngine.Generation generation(DeepSeekStepDecoder.Sequence s, PreparedWave w, int i) {
    int[] g = s.tokens();
    String text = tokenizer.decode(s.finished ? Arrays.copyOf(g, g.length - 1) : g, false);
    long prefill = s.prefillNanos / 1_000_000;
    return new DeepSeekOcrEngine.Generation(g, text, s.finished, w.visionTokens[i], s.promptLength,
        w.prepared[i].grid(), w.visionMillis, prefill,
        w.visionMillis + (s.endNanos - s.startNanos) / 1_000_000);
  }

  /** Why sequence {@code s} failed, as the engine reports it. */
  static OcrException failure(DeepSeekStepDecoder.Sequence s) {
    return s.error instanceof OcrException oe ? oe
        : new OcrException("DeepSeek-OCR decoding failed: " + s.error.getMessage(), s.error);
  }

  /** Whether pages are decoding now. */
  boolean decoding() {
    synchronized (stepper) {
      return stepper.active() > 0;
    }
  }

  static PreparedWave await(Future<PreparedWave> f) throws OcrException {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OcrException("interrupted while preparing pages", e);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      throw c instanceof OcrException oe ? oe
          : new OcrException("DeepSeek-OCR vision failed: " + c.getMessage(), c);
    }
  }

  @Override
  public void close() {
    stepper.close();
  }
}
