package org.groundedocr.ppocr;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LetterSpacedWordsTest {

  static final int INK_HEIGHT = 36;

  /** Words of 10 columns per letter, {@code gaps[i]} blank columns before word i + 1. */
  static List<CropWord> line(String[] texts, int[] gaps) {
    List<CropWord> out = new ArrayList<>();
    int x = 0;
    for (int i = 0; i < texts.length; i++) {
      int gap = i == 0 ? 0 : gaps[i - 1];
      x += gap;
      int w = 10 * texts[i].length();
      out.add(new CropWord(texts[i], x, x + w, 0.9, gap));
      x += w;
    }
    return out;
  }

  static List<String> texts(List<CropWord> words) {
    return words.stream().map(CropWord::text).toList();
  }

  @Test
  void lettersSetApartByLetterSpacingAreOneWord() {
    // tracked letters 8 apart, word gaps around them 16, ordinary word gaps 11
    List<CropWord> words = line(new String[] {"This", "W", "i", "l", "l", "Be", "paid"},
        new int[] {16, 8, 8, 8, 16, 11});
    assertEquals(List.of("This", "Will", "Be", "paid"), texts(LetterSpacedWords.join(words, INK_HEIGHT)));
    // the joined word keeps its extent and its weakest letter
    CropWord will = LetterSpacedWords.join(words, INK_HEIGHT).get(1);
    assertEquals(words.get(1).x0(), will.x0());
    assertEquals(words.get(4).x1(), will.x1());
  }

  @Test
  void oneLetterWordsAtWordGapsStayApart() {
    assertEquals(List.of("il", "y", "a", "à", "faire"), texts(LetterSpacedWords.join(
        line(new String[] {"il", "y", "a", "à", "faire"}, new int[] {12, 11, 13, 12}), INK_HEIGHT)));
    // evenly spaced letters: nothing shows which gaps are word gaps
    assertEquals(List.of("a", "b", "c"), texts(LetterSpacedWords.join(
        line(new String[] {"a", "b", "c"}, new int[] {9, 9}), INK_HEIGHT)));
  }

  @Test
  void aShortWordBesideASpacedStretchKeepsItsOrdinaryWordGap() {
    // "C h a r g e d" tracked (letter gaps 12), the tracked space after it 20, then "to your" 10
    List<CropWord> words = line(new String[] {"C", "h", "a", "r", "g", "e", "d", "to", "your"},
        new int[] {12, 12, 12, 12, 12, 12, 20, 10});
    assertEquals(List.of("Charged", "to", "your"), texts(LetterSpacedWords.join(words, INK_HEIGHT)));
  }

  @Test
  void shortWordsAndLoneLettersKeepTheirGapsHoweverTheLineVaries() {
    // a justified line of real text: gaps from 8 to 16 columns
    assertEquals(List.of("Marathon", "et", "de", "Pla-"), texts(LetterSpacedWords.join(
        line(new String[] {"Marathon", "et", "de", "Pla-"}, new int[] {16, 8, 12}), INK_HEIGHT)));
    assertEquals(List.of("la", "p", "Bne", "generale"), texts(LetterSpacedWords.join(
        line(new String[] {"la", "p", "Bne", "generale"}, new int[] {16, 7, 14}), INK_HEIGHT)));
  }
}
