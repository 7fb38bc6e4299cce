package org.groundedocr.ppocr;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class WordSpacerTest {

  /** Ink columns from a pattern: '|' ink, '.' blank. */
  static boolean[] ink(String pattern) {
    boolean[] ink = new boolean[pattern.length()];
    for (int i = 0; i < ink.length; i++) {
      ink[i] = pattern.charAt(i) == '|';
    }
    return ink;
  }

  @Test
  void restoresAWideGapBetweenLatinLetters() {
    // "ab" at steps 0 and 1, a 16-column gap, "cd" at steps 4 and 5; letters 2 columns apart
    String cols = "||||||..||||||" + ".".repeat(16) + "||||||..||||||" + "..";
    CtcDecoder.Decoded d = new CtcDecoder.Decoded(List.of("a", "b", "c", "d"),
        new int[] {0, 1, 4, 5}, 0.9f);
    assertEquals("ab cd", WordSpacer.text(d, ink(cols), 40));
  }

  @Test
  void keepsNarrowGapsCjkAndPunctuationAsTheyAre() {
    String cols = "||||||" + ".".repeat(16) + "||||||" + "..........";
    boolean[] ink = ink(cols);
    assertEquals("ab", WordSpacer.text(
        new CtcDecoder.Decoded(List.of("a", "b"), new int[] {0, 1}, 0.9f), ink(
            "||||||....||||||" + ".".repeat(20)), 40));
    assertEquals("中文", WordSpacer.text(
        new CtcDecoder.Decoded(List.of("中", "文"), new int[] {0, 3}, 0.9f), ink, 40));
    assertEquals("a.", WordSpacer.text(
        new CtcDecoder.Decoded(List.of("a", "."), new int[] {0, 3}, 0.9f), ink, 40));
    assertEquals("a b", WordSpacer.text(
        new CtcDecoder.Decoded(List.of("a", " ", "b"), new int[] {0, 1, 3}, 0.9f), ink, 40));
  }

  @Test
  void inkColumnsFollowOtsu() {
    // one row of a 4-column crop: dark, light, dark, light; height 1, normalised to [-1, 1]
    float[] tensor = new float[3 * 4];
    float[] row = {-0.9f, 0.9f, -0.8f, 0.95f};
    for (int c = 0; c < 3; c++) {
      System.arraycopy(row, 0, tensor, c * 4, 4);
    }
    int[] h = new int[1];
    boolean[] ink = WordSpacer.inkColumns(tensor, 0, 4, 4, 1, h);
    assertEquals(1, h[0]);
    assertEquals(true, ink[0]);
    assertEquals(false, ink[1]);
    assertEquals(true, ink[2]);
    assertEquals(false, ink[3]);
  }
}
