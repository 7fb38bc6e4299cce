package org.groundedocr.cli;

import java.util.StringJoiner;

/**
 * {@code --format tokens}: the ids DeepSeek-OCR generated for the first page, as
 * {@code {"token_ids":[...]}} — the same line {@code model/export/reference.py} prints, for parity
 * checks against the PyTorch reference.
 */
final class DeepSeekTokensFormat {

  private DeepSeekTokensFormat() {}

  static String write(int[] ids) {
    StringJoiner j = new StringJoiner(",", "{\"token_ids\":[", "]}");
    for (int id : ids) {
      j.add(Integer.toString(id));
    }
    return j.toString();
  }
}
