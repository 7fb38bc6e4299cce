package org.groundedocr.chunking;

/**
 * One token per run of non-whitespace characters: the fallback when no model vocabulary is wanted
 * or the native tokenizer cannot load. It undercounts WordPiece (which splits punctuation and rare
 * words) by roughly a third on English prose, so leave headroom below the model's window.
 */
public final class WhitespaceTokenCounter implements TokenCounter {

  public static final String NAME = "whitespace";

  @Override
  public int count(String text) {
    int n = 0;
    boolean inToken = false;
    for (int i = 0; i < text.length(); i++) {
      boolean ws = Character.isWhitespace(text.charAt(i));
      if (!ws && !inToken) {
        n++;
      }
      inToken = !ws;
    }
    return n;
  }

  @Override
  public boolean additive() {
    return true;
  }

  @Override
  public String name() {
    return NAME;
  }
}
