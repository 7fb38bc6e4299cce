package org.groundedocr.ppocr;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * CTC greedy decoding: the most likely class at every time step, repeats merged, blanks dropped;
 * the line's score is the mean probability of the characters kept (PaddleOCR's {@code
 * CTCLabelDecode}). Each character keeps the time step it was read at, so that {@link WordSpacer}
 * can compare it with the crop. Stateless and thread-safe.
 */
final class CtcDecoder {

  /**
   * A decoded line: its symbols with the first and last time step each was read at (a character
   * spans the steps of its run of repeats), each symbol's probability (the highest of its run), and
   * the mean character confidence.
   */
  record Decoded(List<String> symbols, int[] steps, int[] lastSteps, float[] probs, float score) {

    /** Symbols each read at one step, all with the line's score (tests of the word gaps). */
    Decoded(List<String> symbols, int[] steps, float score) {
      this(symbols, steps, steps, filled(symbols.size(), score), score);
    }

    private static float[] filled(int n, float score) {
      float[] p = new float[n];
      java.util.Arrays.fill(p, score);
      return p;
    }

    String text() {
      return String.join("", symbols).strip();
    }
  }

  private final List<String> classes;

  CtcDecoder(List<String> classes) {
    this.classes = classes;
  }

  int classCount() {
    return classes.size();
  }

  /**
   * Decodes {@code steps} time steps of {@code classCount} probabilities each, starting at {@code
   * offset} in {@code probs}.
   */
  Decoded decode(FloatBuffer probs, int offset, int steps, int classCount) {
    List<String> symbols = new ArrayList<>();
    int[] at = new int[steps];
    int[] last = new int[steps];
    float[] probOf = new float[steps];
    double sum = 0;
    int previous = -1;
    // one bulk copy per step: indexed gets on ONNX Runtime's direct buffer cost several times more
    float[] row = new float[classCount];
    for (int t = 0; t < steps; t++) {
      probs.get(offset + t * classCount, row);
      int best = 0;
      float bestP = row[0];
      for (int c = 1; c < classCount; c++) {
        float p = row[c];
        if (p > bestP) {
          bestP = p;
          best = c;
        }
      }
      if (best != 0 && best != previous && best < classes.size()) {
        at[symbols.size()] = t;
        last[symbols.size()] = t;
        probOf[symbols.size()] = bestP;
        symbols.add(classes.get(best));
        sum += bestP;
      } else if (best != 0 && best == previous && best < classes.size() && !symbols.isEmpty()) {
        // the same character's run goes on: its extent grows, its probability is its best step
        int k = symbols.size() - 1;
        last[k] = t;
        probOf[k] = Math.max(probOf[k], bestP);
      }
      previous = best;
    }
    int n = symbols.size();
    halfWidthInLatinText(symbols);
    return new Decoded(symbols, java.util.Arrays.copyOf(at, n), java.util.Arrays.copyOf(last, n),
        java.util.Arrays.copyOf(probOf, n), n == 0 ? 0f : (float) (sum / n));
  }

  /**
   * The Chinese dictionary holds full-width forms of the ASCII characters beside the ASCII ones,
   * and the model sometimes picks the full-width form in Latin text ({@code ２} for a quantity of
   * 2, {@code ）} closing a bracket): there it is the ASCII character (what a reader sees and a
   * search matches). Full-width forms next to CJK text are Chinese typography and kept.
   */
  static void halfWidthInLatinText(List<String> symbols) {
    for (int i = 0; i < symbols.size(); i++) {
      String s = symbols.get(i);
      if (s.length() != 1 || s.charAt(0) < 0xFF01 || s.charAt(0) > 0xFF5E) {
        continue;
      }
      boolean cjkBefore = i > 0 && cjk(symbols.get(i - 1));
      boolean cjkAfter = i + 1 < symbols.size() && cjk(symbols.get(i + 1));
      if (!cjkBefore && !cjkAfter) {
        symbols.set(i, String.valueOf((char) (s.charAt(0) - 0xFEE0)));
      }
    }
  }

  /** CJK scripts and punctuation (not the full-width ASCII forms). */
  private static boolean cjk(String s) {
    if (s.isEmpty()) {
      return false;
    }
    int c = s.codePointAt(0);
    return c >= 0x2E80 && !(c >= 0xFF01 && c <= 0xFF5E);
  }
}
