package org.groundedocr.embed;

/**
 * What an embedder has done since it was opened.
 *
 * @param texts texts embedded
 * @param tokens tokens the model read (after truncation, special tokens included, padding not)
 * @param truncated texts cut at the model's maximum length
 * @param batches model runs
 * @param nanos wall time spent in tokenisation and model runs
 */
public record EmbedderStats(long texts, long tokens, long truncated, long batches, long nanos) {

  /** Texts per second of embedding time. */
  public double textsPerSecond() {
    return nanos == 0 ? 0 : texts / (nanos / 1e9);
  }
}
