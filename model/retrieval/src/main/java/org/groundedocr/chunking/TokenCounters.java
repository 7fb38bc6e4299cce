package org.groundedocr.chunking;

import java.io.IOException;
import java.nio.file.Path;

/** Token counters by the names the chunking configuration uses. */
public final class TokenCounters {

  private TokenCounters() {}

  /**
   * {@code bge-small-en-v15} (the default embedding model's WordPiece vocabulary),
   * {@code whitespace}, or the path of a Hugging Face {@code tokenizer.json} (relative paths
   * resolve against {@code baseDir}).
   */
  public static TokenCounter create(String spec, Path baseDir) throws IOException {
    String s = spec == null ? "" : spec.strip();
    if (s.isEmpty() || s.equals(HuggingFaceTokenCounter.BGE_SMALL_EN_V15)) {
      return HuggingFaceTokenCounter.bgeSmallEnV15();
    }
    if (s.equals(WhitespaceTokenCounter.NAME)) {
      return new WhitespaceTokenCounter();
    }
    Path p = Path.of(s);
    if (!p.isAbsolute() && baseDir != null) {
      p = baseDir.resolve(p);
    }
    return HuggingFaceTokenCounter.fromFile(p);
  }
}
