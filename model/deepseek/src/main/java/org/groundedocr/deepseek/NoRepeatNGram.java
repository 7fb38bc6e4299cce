package org.groundedocr.deepseek;

import java.util.Arrays;
import java.util.Set;

/**
 * The repetition guard of the official DeepSeek-OCR vLLM runner ({@code NoRepeatNGramLogitsProcessor},
 * spec §5), applied to the generated ids only: with {@code L} ids generated, the last {@code n - 1}
 * form a prefix; every id that followed the same prefix at a start position {@code i} with
 * {@code max(0, L - window) <= i <= L - n} is banned for the next step, except the whitelisted ids
 * ({@code <td>}, {@code </td>}: tables repeat legitimately).
 *
 * @param size n, the n-gram length; 0 disables the rule
 * @param window how far back (in start positions) repeats are looked for
 * @param whitelist ids never banned
 */
public record NoRepeatNGram(int size, int window, Set<Integer> whitelist) {

  public NoRepeatNGram {
    if (size < 0 || window < 0) {
      throw new IllegalArgumentException("n-gram size and window must be >= 0, got " + size + ", " + window);
    }
    whitelist = Set.copyOf(whitelist);
  }

  /**
   * Sets the logits of the banned ids to negative infinity.
   *
   * @param ids generated ids, the first {@code length} of which count
   */
  public void apply(int[] ids, int length, float[] logits) {
    for (int id : banned(ids, length)) {
      if (id >= 0 && id < logits.length) {
        logits[id] = Float.NEGATIVE_INFINITY;
      }
    }
  }

  /** The ids banned after {@code ids[0 .. length)} (possibly with repeats, never whitelisted ones). */
  public int[] banned(int[] ids, int length) {
    int n = size;
    if (n == 0 || length < n) {
      return new int[0];
    }
    int prefixStart = length - (n - 1);
    int[] out = new int[4];
    int count = 0;
    for (int i = Math.max(0, length - window); i <= length - n; i++) {
      boolean same = true;
      for (int k = 0; k < n - 1; k++) {
        if (ids[i + k] != ids[prefixStart + k]) {
          same = false;
          break;
        }
      }
      if (same) {
        int next = ids[i + n - 1];
        if (!whitelist.contains(next)) {
          if (count == out.length) {
            out = Arrays.copyOf(out, count * 2);
          }
          out[count++] = next;
        }
      }
    }
    return Arrays.copyOf(out, count);
  }
}
