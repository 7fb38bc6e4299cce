package org.groundedocr.chunking;

/**
 * Chunk sizes, in tokens of the chunk's retrieval text (breadcrumbs plus text).
 *
 * @param targetTokens a chunk is closed once it reaches this size (a soft limit: blocks are never
 *     cut to reach it, and long paragraphs are split into pieces about this long)
 * @param maxTokens no chunk is larger (a hard limit: set it to the embedding model's window minus
 *     its special tokens, 510 for BERT-style models; 500 leaves a margin)
 * @param overlapTokens at most this many tokens of trailing whole sentences of a chunk's last
 *     paragraph are repeated at the start of the next chunk of the same section (0: no overlap)
 */
public record ChunkingConfig(int targetTokens, int maxTokens, int overlapTokens) {

  public static final int DEFAULT_TARGET_TOKENS = 256;
  public static final int DEFAULT_MAX_TOKENS = 500;
  public static final int DEFAULT_OVERLAP_TOKENS = 0;

  public ChunkingConfig {
    if (targetTokens < 16) {
      throw new IllegalArgumentException("targetTokens must be at least 16, got " + targetTokens);
    }
    if (maxTokens < targetTokens) {
      throw new IllegalArgumentException(
          "maxTokens (" + maxTokens + ") must be at least targetTokens (" + targetTokens + ")");
    }
    if (overlapTokens < 0 || overlapTokens >= targetTokens) {
      throw new IllegalArgumentException(
          "overlapTokens must be in [0, targetTokens), got " + overlapTokens);
    }
  }

  public static ChunkingConfig defaults() {
    return new ChunkingConfig(DEFAULT_TARGET_TOKENS, DEFAULT_MAX_TOKENS, DEFAULT_OVERLAP_TOKENS);
  }

  /** {@code bge-small-en-v15 target=256 max=500 overlap=0}: recorded with the chunks. */
  public String describe(TokenCounter tokens) {
    return tokens.name()
        + " target=" + targetTokens
        + " max=" + maxTokens
        + " overlap=" + overlapTokens;
  }
}
