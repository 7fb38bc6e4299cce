package org.groundedocr.ppocr;

import java.util.ArrayList;
import java.util.List;

/**
 * Joins the letters of letter-spaced words ("W i l l Be Charges" → "Will Be Charges").
 *
 * <p>Why: letter-spaced print (German Sperrsatz, headings, forms) adds the same tracking between
 * every two letters, so the gaps inside such a word pass {@link WordSpacer}'s word-gap test and it
 * comes out as single letters. Tracking widens the word gaps of that stretch too, so
 * its word gaps stay wider than its letter gaps by about a word space: that is the test, on the
 * line's own gaps. For each run of single letters, the gaps inside the run and at its two ends (to
 * the neighbouring words) are compared with the widest of them, which is a word gap; a gap that is
 * both at most {@link #LETTER_GAP_RATIO} of it and narrower by at least {@link #SPACE_FRACTION} of
 * the ink height (a word space) is letter spacing, and the letters either side are one word. A
 * longer word beside the run joins it only through a chain of at least two spaced letters ("Ch a r
 * g e d"). Only single letters: on real pages the gaps of one justified line vary enough that short
 * words ("et de", "et la") passed the test and were joined. Real one-letter words ("il y a à
 * faire") are separated by word gaps as wide as their neighbours', so they stay apart; a lone
 * letter beside a word is never joined, and neither is a line of evenly spaced letters, where
 * nothing shows which gaps are word gaps. Stateless.
 */
final class LetterSpacedWords {

  /**
   * Widest letter gap over the word gap it is measured against. Tracking of t em makes letter gaps
   * about (t + 0.05) em and word gaps (t + 0.35) em: a ratio of 0.45 at t = 0.2 and 0.7 at t =
   * 0.6, where the word gaps of one line differ by about a fifth at most.
   */
  static final double LETTER_GAP_RATIO = 0.75;
  /**
   * How much narrower than the word gap a letter gap is, at least, in ink heights (the crop's
   * ascender-to-descender height, about an em): about half a word space, which is 0.25–0.35 em; a
   * ratio alone would join the evenly set words of a line whose gaps vary by a few pixels.
   */
  static final double SPACE_FRACTION = 0.15;

  private LetterSpacedWords() {}

  /** {@code words} with letter-spaced runs joined; {@code inkHeight} is the crop's ink height. */
  static List<CropWord> join(List<CropWord> words, int inkHeight) {
    int n = words.size();
    if (n < 3) {
      return words;
    }
    // joinBefore[i]: word i continues word i - 1
    boolean[] joinBefore = new boolean[n];
    int i = 0;
    while (i < n) {
      if (!words.get(i).singleLetter()) {
        i++;
        continue;
      }
      int j = i;
      while (j + 1 < n && words.get(j + 1).singleLetter()) {
        j++;
      }
      // the gaps before words first..last: inside the run and at its ends
      int first = Math.max(1, i);
      int last = Math.min(n - 1, j + 1);
      if (last > first) {
        int widest = 0;
        for (int k = first; k <= last; k++) {
          widest = Math.max(widest, words.get(k).gapBefore());
        }
        boolean[] letterGap = new boolean[n];
        for (int k = first; k <= last; k++) {
          int gap = words.get(k).gapBefore();
          letterGap[k] = gap <= LETTER_GAP_RATIO * widest
              && widest - gap >= SPACE_FRACTION * inkHeight;
        }
        for (int k = first; k <= last; k++) {
          boolean inner = k > i && k <= j;
          if (inner) {
            joinBefore[k] = letterGap[k];
          } else if (letterGap[k]) {
            // a longer word beside the run joins it only where the letter next to it is one of a
            // chain of spaced letters ("Ch a r g e d"): a lone letter beside a word ("a cité",
            // "p Bne" in a worn incunable) is set apart by a word gap, however narrow
            boolean before = k == i;
            joinBefore[k] = before ? k + 1 <= j && letterGap[k + 1] : k - 1 > i && letterGap[k - 1];
          }
        }
      }
      i = j + 1;
    }
    List<CropWord> out = new ArrayList<>(n);
    for (int k = 0; k < n; k++) {
      if (joinBefore[k] && !out.isEmpty()) {
        out.set(out.size() - 1, out.get(out.size() - 1).join(words.get(k)));
      } else {
        out.add(words.get(k));
      }
    }
    return out;
  }
}
