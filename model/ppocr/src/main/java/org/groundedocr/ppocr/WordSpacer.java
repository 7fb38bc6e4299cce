package org.groundedocr.ppocr;

import java.util.ArrayList;
import java.util.List;

/**
 * Puts back word spaces the recogniser dropped. The PP-OCRv4 model reads Chinese and English and
 * learnt the space as one more character; on tightly set Latin text (invoices, small print) it
 * often misses it ({@code InvoiceNo:#123}). The gap is still on the page: between two characters
 * of a word the crop has a few blank columns, between words several times more. So between each
 * pair of Latin characters read at time steps {@code a} and {@code b}, the longest run of blank
 * columns in the crop between them is compared with the line's own letter spacing; a run wider than
 * a quarter of the ink height and twice the median blank run is a word gap. Narrow glyphs carry
 * blank columns of their own, so digits need a wider gap (numbers are rarely split), and no space
 * goes before closing punctuation or after opening brackets.
 *
 * <p>Only applied between characters outside the CJK blocks: Chinese and Japanese text has no
 * spaces. Stateless.
 */
final class WordSpacer {

  /** Pixels of the 48-pixel-high crop per CTC time step (the recogniser's horizontal stride). */
  static final int STRIDE = 8;

  private static final String NO_SPACE_BEFORE = ".,:;!?)]}%'\"";
  private static final String NO_SPACE_AFTER = "([{";

  private WordSpacer() {}

  /**
   * The decoded text with word gaps restored.
   *
   * @param ink for each column of the crop, whether it has ink
   * @param inkHeight rows from the topmost to the bottommost ink in the crop
   */
  static String text(CtcDecoder.Decoded d, boolean[] ink, int inkHeight) {
    StringBuilder sb = new StringBuilder();
    for (int[] w : words(d, ink, inkHeight)) {
      if (sb.length() > 0) {
        sb.append(' ');
      }
      for (int i = w[0]; i <= w[1]; i++) {
        sb.append(d.symbols().get(i));
      }
    }
    return sb.toString();
  }

  /**
   * The words of the decoded line as the first and last index of their symbols: the line split at
   * the model's own spaces and at the word gaps restored here. Blank symbols belong to no word.
   */
  static List<int[]> words(CtcDecoder.Decoded d, boolean[] ink, int inkHeight) {
    List<String> symbols = d.symbols();
    int[] steps = d.steps();
    boolean spacing = symbols.size() >= 2 && inkHeight > 0;
    double median = spacing ? medianBlankRun(ink) : 0;
    double threshold = Math.max(0.25 * inkHeight, 2 * median);
    double digitThreshold = Math.max(0.45 * inkHeight, 3 * median);
    List<int[]> words = new ArrayList<>();
    int first = -1;
    for (int i = 0; i < symbols.size(); i++) {
      String next = symbols.get(i);
      if (next.isBlank()) {
        if (first >= 0) {
          words.add(new int[] {first, i - 1}); // the model's own space ends the word
        }
        first = -1;
        continue;
      }
      if (first >= 0 && spacing) {
        String prev = symbols.get(i - 1);
        if (latin(prev) && latin(next)
            && NO_SPACE_BEFORE.indexOf(next.charAt(0)) < 0
            && NO_SPACE_AFTER.indexOf(prev.charAt(0)) < 0) {
          int from = steps[i - 1] * STRIDE + STRIDE / 2;
          int to = Math.min(ink.length, steps[i] * STRIDE + STRIDE / 2);
          boolean digits = Character.isDigit(prev.charAt(0)) && Character.isDigit(next.charAt(0));
          if (longestBlankRun(ink, from, to) >= (digits ? digitThreshold : threshold)) {
            words.add(new int[] {first, i - 1});
            first = -1;
          }
        }
      }
      if (first < 0) {
        first = i;
      }
    }
    if (first >= 0) {
      words.add(new int[] {first, symbols.size() - 1});
    }
    return words;
  }

  private static boolean latin(String s) {
    return !s.isEmpty() && s.codePointAt(0) < 0x2E80;
  }

  private static int longestBlankRun(boolean[] ink, int from, int to) {
    int best = 0;
    int run = 0;
    for (int x = Math.max(0, from); x < to; x++) {
      if (ink[x]) {
        run = 0;
      } else {
        best = Math.max(best, ++run);
      }
    }
    return best;
  }

  /** The median length of the blank runs between inked columns (margins excluded). */
  private static double medianBlankRun(boolean[] ink) {
    int first = 0;
    while (first < ink.length && !ink[first]) {
      first++;
    }
    int last = ink.length - 1;
    while (last > first && !ink[last]) {
      last--;
    }
    int[] runs = new int[ink.length];
    int n = 0;
    int run = 0;
    for (int x = first; x <= last; x++) {
      if (ink[x]) {
        if (run > 0) {
          runs[n++] = run;
        }
        run = 0;
      } else {
        run++;
      }
    }
    if (n == 0) {
      return 0;
    }
    java.util.Arrays.sort(runs, 0, n);
    return runs[n / 2];
  }

  /**
   * Which columns of a normalised crop (B, G, R planes of {@code planeWidth x height}, values in
   * [-1, 1]) have ink, by Otsu's threshold on its grey levels; {@code inkHeight[0]} receives the
   * height of the inked rows.
   */
  static boolean[] inkColumns(float[] tensor, int offset, int planeWidth, int width, int height,
      int[] inkHeight) {
    int plane = planeWidth * height;
    int[] grey = new int[width * height];
    int[] hist = new int[256];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int o = offset + y * planeWidth + x;
        float v = (tensor[o] + tensor[o + plane] + tensor[o + 2 * plane]) / 3f;
        int g = Math.max(0, Math.min(255, Math.round((v + 1f) * 127.5f)));
        grey[y * width + x] = g;
        hist[g]++;
      }
    }
    int threshold = otsu(hist, grey.length);
    int[] rowInk = new int[height];
    int top = height;
    int bottom = -1;
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        if (grey[y * width + x] < threshold) {
          rowInk[y]++;
          top = Math.min(top, y);
          bottom = Math.max(bottom, y);
        }
      }
    }
    inkHeight[0] = bottom < top ? 0 : bottom - top + 1;
    boolean[] ink = new boolean[width];
    if (bottom < top) {
      return ink;
    }
    // Only the rows of the line's own letters count: on closely set lines (and on tilted ones,
    // whose crops are cut from a tilted box) the crop's top and bottom rows hold the descenders
    // and ascenders of the lines above and below, which would fill this line's word gaps. The
    // letters' core (the x-height) is the run of rows holding at least a fifth of the densest
    // row's ink with the most ink in all (not simply the densest row: an underline is denser, but
    // thin), widened by half its height for ascenders, descenders and punctuation.
    int densest = top;
    for (int y = top; y <= bottom; y++) {
      if (rowInk[y] > rowInk[densest]) {
        densest = y;
      }
    }
    int from = densest;
    int to = densest;
    long best = -1;
    for (int y = top; y <= bottom; ) {
      if (5 * rowInk[y] < rowInk[densest]) {
        y++;
        continue;
      }
      int start = y;
      long sum = 0;
      while (y <= bottom && 5 * rowInk[y] >= rowInk[densest]) {
        sum += rowInk[y++];
      }
      if (sum > best) {
        best = sum;
        from = start;
        to = y - 1;
      }
    }
    int margin = (to - from + 2) / 2;
    from = Math.max(top, from - margin);
    to = Math.min(bottom, to + margin);
    for (int y = from; y <= to; y++) {
      for (int x = 0; x < width; x++) {
        if (grey[y * width + x] < threshold) {
          ink[x] = true;
        }
      }
    }
    return ink;
  }

  private static int otsu(int[] hist, int total) {
    double sum = 0;
    for (int i = 0; i < 256; i++) {
      sum += (double) i * hist[i];
    }
    double sumBelow = 0;
    int below = 0;
    double best = -1;
    int threshold = 128;
    for (int i = 0; i < 256; i++) {
      below += hist[i];
      if (below == 0) {
        continue;
      }
      int above = total - below;
      if (above == 0) {
        break;
      }
      sumBelow += (double) i * hist[i];
      double meanBelow = sumBelow / below;
      double meanAbove = (sum - sumBelow) / above;
      double between = (double) below * above * (meanBelow - meanAbove) * (meanBelow - meanAbove);
      if (between > best) {
        best = between;
        threshold = i + 1; // grey < threshold is ink
      }
    }
    return threshold;
  }
}
