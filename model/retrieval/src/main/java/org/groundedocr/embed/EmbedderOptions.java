package org.groundedocr.embed;

import org.groundedocr.engine.Device;

/**
 * How an embedder runs, as opposed to which model it runs ({@link EmbeddingModelFiles}).
 *
 * <p>Throughput on the CPU: several single-threaded model runs side by side beat one run spread
 * over several threads for a model this small, because ONNX Runtime's threads synchronise after
 * every operator of a short graph; measured on 2 cores, 42 against 19–26 texts per CPU-second
 * (docs/BENCHMARKS.md). Hence the defaults: one intra-op thread per run, runs in parallel.
 *
 * @param device CPU, or CUDA with a logged fallback to the CPU
 * @param intraOpThreads ONNX Runtime threads for one model run, 0 for its default (all cores)
 * @param batchSize most texts in one model run
 * @param maxBatchTokens most padded tokens (texts x longest text) in one model run, which bounds
 *     the memory a batch of long texts takes
 * @param parallelism most model runs at once for one embedder (its worker threads; all callers
 *     share them, so they also bound the embedder's CPU use): a call with several batches runs
 *     them side by side
 */
public record EmbedderOptions(Device device, int intraOpThreads, int batchSize, int maxBatchTokens, int parallelism) {

  public static final int DEFAULT_BATCH_SIZE = 16;
  public static final int DEFAULT_MAX_BATCH_TOKENS = 16 * 512;
  /** Runs at once by default: the cores, at most 4 (the rest stays for queries and indexing). */
  public static final int DEFAULT_PARALLELISM = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));

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
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism must be >= 1, got " + parallelism);
    }
  }

  /** One run at a time. */
  public EmbedderOptions(Device device, int intraOpThreads, int batchSize, int maxBatchTokens) {
    this(device, intraOpThreads, batchSize, maxBatchTokens, 1);
  }

  /** CPU, one intra-op thread per run, {@link #DEFAULT_PARALLELISM} runs at once, batches of 16. */
  public static EmbedderOptions defaults() {
    return new EmbedderOptions(Device.CPU, 1, DEFAULT_BATCH_SIZE, DEFAULT_MAX_BATCH_TOKENS, DEFAULT_PARALLELISM);
  }

  public EmbedderOptions withBatchSize(int size) {
    return new EmbedderOptions(device, intraOpThreads, size, maxBatchTokens, parallelism);
  }

  public EmbedderOptions withIntraOpThreads(int threads) {
    return new EmbedderOptions(device, threads, batchSize, maxBatchTokens, parallelism);
  }

  public EmbedderOptions withParallelism(int runs) {
    return new EmbedderOptions(device, intraOpThreads, batchSize, maxBatchTokens, runs);
  }
}
