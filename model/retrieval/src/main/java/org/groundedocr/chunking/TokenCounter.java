package org.groundedocr.chunking;

/**
 * Counts tokens the way the model that reads a chunk does, so chunk sizes are real model budgets
 * rather than character guesses. Implementations are thread-safe.
 */
public interface TokenCounter {

  /** Tokens in {@code text}, without the model's special tokens ({@code [CLS]}, {@code [SEP]}). */
  int count(String text);

  /** {@link #count} of each text; tokenizers that batch natively override it. */
  default int[] countAll(java.util.List<String> texts) {
    int[] out = new int[texts.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = count(texts.get(i));
    }
    return out;
  }

  /**
   * True when counts add up over texts joined by whitespace ({@code count(a + " " + b) ==
   * count(a) + count(b)}), as for whitespace and BERT-style pre-tokenisation: the chunker then
   * sums the counts of its blocks instead of re-tokenising every finished chunk.
   */
  default boolean additive() {
    return false;
  }

  /** A short name recorded with the chunks ({@code bge-small-en-v15}, {@code whitespace}). */
  String name();
}
