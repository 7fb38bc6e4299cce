package org.groundedocr.embed;

import org.groundedocr.engine.Device;

/**
 * How an embedder runs, as opposed to which model it runs ({@link EmbeddingModelFiles}).
 *
 * @param device CPU, or CUDA with a logged fallback to the CPU
 * @param intraOpThreads ONNX Runtime threads for one batch, 0 for its default (all cores)
 * @param batchSize most texts in one model run
 * @param maxBatchTokens most padded tokens (texts x longest text) in one model run, which bounds
 *     the memory a batch of long texts takes
 */
public record EmbedderOptions(Device device, int intraOpThreads, int batchSize, int maxBatchTokens) {

  public static final int DEFAULT_BATCH_SIZE = 16;
  public static final int DEFAULT_MAX_BATCH_TOKENS = 16 * 512;

  public EmbedderOptions {
    device = device == null ? Device.CPU : device;
    if (intraOpThreads < 0) {
      throw new IllegalArgumentException("intraOpThreads must be >= 0, got " + intraOpThreads);
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
    }
    if (maxBatchTokens < 1) {
      throw new IllegalArgumentException("maxBatchTokens must be >= 1, got " + maxBatchTokens);
    }
  }

  public static EmbedderOptions defaults() {
    return new EmbedderOptions(Device.CPU, 0, DEFAULT_BATCH_SIZE, DEFAULT_MAX_BATCH_TOKENS);
  }

  public EmbedderOptions withBatchSize(int size) {
    return new EmbedderOptions(device, intraOpThreads, size, maxBatchTokens);
  }

  public EmbedderOptions withIntraOpThreads(int threads) {
    return new EmbedderOptions(device, threads, batchSize, maxBatchTokens);
  }
}
