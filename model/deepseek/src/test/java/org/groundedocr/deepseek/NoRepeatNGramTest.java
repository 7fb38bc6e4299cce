package org.groundedocr.deepseek;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NoRepeatNGramTest {

  @Test
  void bansTheTokenThatWouldRepeatAnNgram() {
    NoRepeatNGram rule = new NoRepeatNGram(3, 90, Set.of());
    // ... 5 6 7 ... 5 6 -> 7 would repeat "5 6 7"
    int[] ids = {5, 6, 7, 1, 2, 5, 6};
    assertArrayEquals(new int[] {7}, rule.banned(ids, ids.length));
    float[] logits = new float[10];
    rule.apply(ids, ids.length, logits);
    assertEquals(Float.NEGATIVE_INFINITY, logits[7]);
    assertEquals(0f, logits[6]);
  }

  @Test
  void nothingBeforeNTokens() {
    NoRepeatNGram rule = new NoRepeatNGram(3, 90, Set.of());
    assertEquals(0, rule.banned(new int[] {4, 4}, 2).length);
    assertArrayEquals(new int[] {4}, rule.banned(new int[] {4, 4, 4}, 3));
  }

  @Test
  void onlyLooksBackWithinTheWindow() {
    int[] ids = {5, 6, 7, 0, 0, 0, 0, 1, 2, 3, 5, 6};
    // start positions i with max(0, L - W) <= i <= L - n: W = 5 excludes the "5 6 7" at i = 0
    assertEquals(0, new NoRepeatNGram(3, 5, Set.of()).banned(ids, ids.length).length);
    assertArrayEquals(new int[] {7}, new NoRepeatNGram(3, 12, Set.of()).banned(ids, ids.length));
  }

  @Test
  void whitelistedIdsAreNeverBanned() {
    int[] ids = {9, 9, 9, 9};
    assertEquals(0, new NoRepeatNGram(2, 90, Set.of(9)).banned(ids, ids.length).length);
  }

  @Test
  void sizeZeroDisablesAndNegativeValuesFail() {
    int[] ids = new int[50];
    Arrays.fill(ids, 3);
    assertEquals(0, new NoRepeatNGram(0, 90, Set.of()).banned(ids, ids.length).length);
    assertThrows(IllegalArgumentException.class, () -> new NoRepeatNGram(-1, 90, Set.of()));
  }

  @Test
  void countsOnlyTheGivenLength() {
    int[] ids = {1, 2, 1, 2, 99, 99};
    assertArrayEquals(new int[] {2}, new NoRepeatNGram(2, 90, Set.of()).banned(ids, 3));
  }
}
