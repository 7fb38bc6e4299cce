package org.groundedocr.deepseek;

import org.groundedocr.deepseek.preprocess.PreparedImage;

/**
 * A wave's pages after vision ({@link WavePreparer}): their prompt embeddings, ready for either
 * decoder. Public for the GPU benchmark, which times preparation and decoding apart.
 */
public final class PreparedWave {
  final float[][] prompts;
  final PreparedImage[] prepared;
  final int[] visionTokens;
  /** Milliseconds spent in preprocessing and the vision graphs for the whole wave. */
  public final long visionMillis;
  /** Of which: the pages' preprocessing (views in Java, on the engine's preprocessing threads). */
  public final long preprocessMillis;

  PreparedWave(float[][] prompts, PreparedImage[] prepared, int[] visionTokens, long visionMillis,
      long preprocessMillis) {
    this.prompts = prompts;
    this.prepared = prepared;
    this.visionTokens = visionTokens;
    this.visionMillis = visionMillis;
    this.preprocessMillis = preprocessMillis;
  }

  /** Page {@code i} alone (to retry a failed wave page by page). */
  PreparedWave page(int i) {
    return new PreparedWave(new float[][] {prompts[i]}, new PreparedImage[] {prepared[i]},
        new int[] {visionTokens[i]}, visionMillis / Math.max(1, prompts.length), 0);
  }

  public int size() {
    return prompts.length;
  }

  /** Prompt length of page {@code i}. */
  public int promptLength(int i, int hidden) {
    return prompts[i].length / hidden;
  }
}
