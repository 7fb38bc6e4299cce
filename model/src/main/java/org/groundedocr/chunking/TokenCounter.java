package org.groundedocr.chunking;

/**
 * Counts tokens the way the model that reads a chunk does, so chunk sizes are real model budgets
 * rather than character guesses. Implementations are thread-safe.
 */
public interface TokenCounter {

  /** Tokens in {@code text}, without the model's special tokens ({@code [CLS]}, {@code [SEP]}). */
  int count(String text);

  /** A short name recorded with the chunks ({@code bge-small-en-v15}, {@code whitespace}). */
  String name();
}
