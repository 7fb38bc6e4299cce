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
    assertEquals("a b", WordSpacer.text(
        new CtcDecoder.Decoded(List.of("a", " ", " ", "b"), new int[] {0, 1, 2, 3}, 0.9f), ink, 40));
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

  @Test
  void inkOfNeighbouringLinesInTheCropDoesNotFillAWordGap() {
    // a 48-row crop: this line's letters in rows 16-31 (columns 0-19 and 40-59, a word gap
    // between), a descender of the line above reaching into rows 0-5 over the gap, and an
    // ascender of the line below in rows 44-47
    int w = 60;
    int h = 48;
    float[] tensor = new float[3 * w * h];
    java.util.Arrays.fill(tensor, 1f);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        boolean letters = y >= 16 && y < 32 && (x < 20 || x >= 40) && x % 4 != 3;
        boolean above = y < 6 && x >= 25 && x < 31;
        boolean below = y >= 44 && x >= 33 && x < 36;
        if (letters || above || below) {
          for (int c = 0; c < 3; c++) {
            tensor[c * w * h + y * w + x] = -1f;
          }
        }
      }
    }
    int[] inkHeight = new int[1];
    boolean[] ink = WordSpacer.inkColumns(tensor, 0, w, w, h, inkHeight);
    for (int x = 20; x < 40; x++) {
      assertEquals(false, ink[x], "column " + x + " is in the word gap");
    }
    assertEquals(true, ink[0]);
    assertEquals(true, ink[58]);
  }
}
