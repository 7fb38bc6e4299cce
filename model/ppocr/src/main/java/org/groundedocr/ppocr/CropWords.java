package org.groundedocr.ppocr;

import java.util.ArrayList;
import java.util.List;

/**
 * The words of a recognised line in its crop's columns: the decoded symbols split into words by
 * {@link WordSpacer}, each word's extent found from the ink of the crop, and its confidence from its
 * characters' probabilities (see {@link CropWord}).
 *
 * <p>Why the ink and not only the time steps: CTC marks each character at one or a few steps of
 * {@link WordSpacer#STRIDE} pixels, usually near the character's middle, so steps alone place a
 * word's ends half a character off. The word's ink lies between the gaps that separate it from its
 * neighbours, and a gap's middle is halfway between the last character of one word and the first
 * of the next; within those bounds the first and last inked columns are the word's ends. The
 * line's first and last word are bounded one ink height (about one em) beyond their outer
 * characters, so that a neighbour's ink caught by the crop's margin does not widen them. Stateless.
 */
final class CropWords {

  private CropWords() {}

  static List<CropWord> of(CtcDecoder.Decoded d, boolean[] ink, int inkHeight) {
    List<int[]> spans = WordSpacer.words(d, ink, inkHeight);
    int[] steps = d.steps();
    int[] lastSteps = d.lastSteps();
    int width = ink.length;
    int reach = Math.max(WordSpacer.STRIDE, inkHeight);
    List<CropWord> out = new ArrayList<>(spans.size());
    int previousX1 = -1;
    for (int k = 0; k < spans.size(); k++) {
      int[] s = spans.get(k);
      int start = centre(steps[s[0]]);
      int end = centre(lastSteps[s[1]]) + 1;
      int lo = k == 0 ? start - reach : (centre(lastSteps[spans.get(k - 1)[1]]) + start + 1) / 2;
      int hi = k == spans.size() - 1 ? end + reach : (end + centre(steps[spans.get(k + 1)[0]])) / 2;
      lo = Math.max(0, Math.min(width, lo));
      hi = Math.max(lo, Math.min(width, hi));
      int x0 = lo;
      while (x0 < hi && !ink[x0]) {
        x0++;
      }
      int x1 = hi;
      while (x1 > x0 && !ink[x1 - 1]) {
        x1--;
      }
      if (x1 <= x0) { // no ink found (a faint mark): the steps' own columns
        x0 = Math.min(width, steps[s[0]] * WordSpacer.STRIDE);
        x1 = Math.max(x0 + 1, Math.min(width, (lastSteps[s[1]] + 1) * WordSpacer.STRIDE));
      }
      StringBuilder text = new StringBuilder();
      double confidence = 1;
      for (int i = s[0]; i <= s[1]; i++) {
        text.append(d.symbols().get(i));
        confidence = Math.min(confidence, d.probs()[i]);
      }
      int gap = previousX1 < 0 ? 0 : Math.max(0, x0 - previousX1);
      out.add(new CropWord(text.toString(), x0, x1, Math.max(0, confidence), gap));
      previousX1 = x1;
    }
    return out;
  }

  private static int centre(int step) {
    return step * WordSpacer.STRIDE + WordSpacer.STRIDE / 2;
  }
}
