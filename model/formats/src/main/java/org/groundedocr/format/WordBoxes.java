package org.groundedocr.format;

import java.util.ArrayList;
import java.util.List;
import org.groundedocr.model.GlyphAdvance;
import org.groundedocr.model.Box;
import org.groundedocr.model.TextLine;
import org.groundedocr.model.Word;

/**
 * The words of a line for formats that need word boxes (ALTO {@code String}, hOCR
 * {@code ocrx_word}, PAGE {@code Word}): the line's own words when the engine or the imported file
 * gave them, otherwise its text split on white space and placed along the line box in proportion
 * to the estimated advance widths of the characters ({@link GlyphAdvance}), so that a narrow word
 * gets a narrow box. Estimated words carry no confidence.
 */
public final class WordBoxes {

  private WordBoxes() {}

  public static List<Word> of(TextLine line) {
    if (!line.words().isEmpty()) {
      return line.words();
    }
    return estimate(line.bbox(), line.text());
  }

  /** Splits {@code text} on white space and places each word inside {@code box}. */
  public static List<Word> estimate(Box box, String text) {
    String t = text;
    int[] prefix = new int[t.length() + 1];
    for (int i = 0; i < t.length(); i++) {
      prefix[i + 1] = prefix[i] + GlyphAdvance.of(t.charAt(i));
    }
    int total = prefix[t.length()];
    List<Word> words = new ArrayList<>();
    int i = 0;
    while (i < t.length()) {
      if (Character.isWhitespace(t.charAt(i))) {
        i++;
        continue;
      }
      int start = i;
      while (i < t.length() && !Character.isWhitespace(t.charAt(i))) {
        i++;
      }
      int x1 = box.x1() + scale(prefix[start], total, box.width());
      int x2 = box.x1() + scale(prefix[i], total, box.width());
      words.add(new Word(new Box(x1, box.y1(), Math.max(x1, x2), box.y2()), t.substring(start, i)));
    }
    return words;
  }

  private static int scale(int advance, int total, int width) {
    return total == 0 ? 0 : (int) Math.round((double) advance * width / total);
  }
}
