package org.groundedocr.deepseek;

import ai.onnxruntime.OrtException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.groundedocr.deepseek.tokenizer.DeepSeekTokenizer;
import org.groundedocr.engine.OcrException;

/**
 * {@code decoder=loop}: a prepared wave of right-padded pages through {@code generate.onnx}
 * ({@link DeepSeekGenerateGraph}), prefill and greedy decoding in one ONNX Runtime call. A page that
 * arrives during a wave waits for the next one. Thread-safe as the graph is.
 */
final class LoopWaveDecoder implements AutoCloseable {

  private final DeepSeekGenerateGraph generator;
  private final DeepSeekManifest manifest;
  private final DeepSeekTokenizer tokenizer;
  private final NoRepeatNGram ngram;

  LoopWaveDecoder(DeepSeekGenerateGraph generator, DeepSeekManifest manifest,
      DeepSeekTokenizer tokenizer, NoRepeatNGram ngram) {
    this.generator = generator;
    this.manifest = manifest;
    this.tokenizer = tokenizer;
    this.ngram = ngram;
  }

  /**
   * Decodes a prepared wave in one {@code generate.onnx} run.
   *
   * @param maxNewTokens tokens per page at most (also bounded by the model's context)
   * @param ignoreEos generate exactly {@code maxNewTokens} tokens per page (benchmarks with random weights)
   */
  List<DeepSeekOcrEngine.Generation> decode(PreparedWave wave, int maxNewTokens, boolean ignoreEos)
      throws OcrException {
    int hidden = manifest.decoder().hiddenSize();
    int n = wave.size();
    int[] lengths = new int[n];
    int seqLen = 0;
    for (int i = 0; i < n; i++) {
      lengths[i] = wave.prompts[i].length / hidden;
      seqLen = Math.max(seqLen, lengths[i]);
    }
    int budget = Math.min(maxNewTokens, manifest.maxTotalTokens() - seqLen);
    if (budget < 1) {
      throw new OcrException("the prompt (" + seqLen + " tokens) leaves no room in the model's context");
    }
    // right padding: GroupQueryAttention reads row b's cache at positions 0 .. lengths[b] - 1
    float[] embeds = new float[n * seqLen * hidden];
    for (int i = 0; i < n; i++) {
      System.arraycopy(wave.prompts[i], 0, embeds, i * seqLen * hidden, wave.prompts[i].length);
    }
    long t0 = System.nanoTime();
    int eos = manifest.tokens().eos();
    int[][] ids;
    try {
      // a finished row repeats EOS; the ids are cut after the first
      ids = generator.generate(embeds, lengths, seqLen, budget, ignoreEos ? -1 : eos, eos, ngram);
    } catch (OrtException e) {
      throw new OcrException("DeepSeek-OCR batched decoding failed: " + e.getMessage(), e);
    }
    long decodeMillis = (System.nanoTime() - t0) / 1_000_000;
    List<DeepSeekOcrEngine.Generation> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      int[] g = ids[i];
      boolean finished = !ignoreEos && g.length > 0 && g[g.length - 1] == eos;
      String text = tokenizer.decode(finished ? Arrays.copyOf(g, g.length - 1) : g, false);
      // prefill is inside the one generate run: reported as 0 here, measured apart by the benchmark
      out.add(new DeepSeekOcrEngine.Generation(g, text, finished, wave.visionTokens[i], lengths[i],
          wave.prepared[i].grid(), wave.visionMillis, 0, wave.visionMillis + decodeMillis));
    }
    return out;
  }

  /** Whether a wave is inside {@code generate.onnx} now. */
  boolean decoding() {
    return generator.runsInProgress() > 0;
  }

  /** Stops the run in progress (a wave may last tens of seconds); call before closing. */
  void terminate() {
    generator.terminate();
  }

  @Override
  public void close() {
    generator.close();
  }
}
