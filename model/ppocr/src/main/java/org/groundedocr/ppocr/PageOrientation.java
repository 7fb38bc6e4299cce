package org.groundedocr.ppocr;

import ai.onnxruntime.OrtException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.groundedocr.layout.PagePixels;

/**
 * Which way up a page is, so that a page scanned turned by 90, 180 or 270 degrees is read upright.
 *
 * <p>Sideways: text lines are long and thin, so where most of the page's line-like boxes are taller
 * than wide ({@link #SIDEWAYS_SHARE}), the page lies on its side. Which side is decided by the
 * recogniser itself: the {@link #SAMPLE} longest lines are read both ways along their boxes, and
 * the direction whose reading is more confident wins.
 *
 * <p>Upside down: the boxes look like an upright page's, but the recogniser reads the text with low
 * confidence. A page whose lines read with a mean confidence of at least {@link #UPRIGHT_SCORE}
 * is upright (nothing more is spent on it); otherwise its longest lines are read again turned by
 * 180 degrees, and where that reading is more confident by {@link #MARGIN}, the page is upside
 * down. A degraded upright page reads worse both ways, so it is not turned.
 *
 * <p>With the direction classifier on, its votes decide instead: a page whose lines it nearly all
 * turns is upside down ({@link #mostlyTurned}).
 *
 * <p>Thread-safe: it holds only the shared recogniser.
 */
final class PageOrientation {

  /** Share of the line-like boxes that must be taller than wide for a page to lie on its side. */
  static final double SIDEWAYS_SHARE = 2.0 / 3;
  /** Line-like boxes needed to judge: fewer, and the page is read as it is. */
  static final int MIN_LINES = 3;
  /** A box is line-like where it is at least this many times longer than thick. */
  static final double LINE_ASPECT = 2;
  /** Lines read both ways to decide. */
  static final int SAMPLE = 8;
  /** Mean line confidence from which a page is taken as upright without reading it turned. */
  static final double UPRIGHT_SCORE = 0.9;
  /** How much more confident the turned reading must be to turn the page. */
  static final double MARGIN = 0.1;

  private final TextRecognizer recognizer;

  PageOrientation(TextRecognizer recognizer) {
    this.recognizer = recognizer;
  }

  /** Whether most of the line-like boxes stand upright: the page lies on its side. */
  static boolean sideways(List<Quad> quads) {
    int lines = 0;
    int tall = 0;
    for (Quad q : quads) {
      double w = q.maxX() - q.minX();
      double h = q.maxY() - q.minY();
      if (Math.max(w, h) >= LINE_ASPECT * Math.min(w, h)) {
        lines++;
        if (h > w) {
          tall++;
        }
      }
    }
    return tall >= MIN_LINES && tall >= SIDEWAYS_SHARE * lines;
  }

  /**
   * For a page on its side: the quarter turn that sets it upright, from the confidence of its
   * longest tall lines read top to bottom (glyph tops to the right: turn it counter-clockwise)
   * and bottom to top (turn it clockwise).
   */
  PageTurn sidewaysTurn(PagePixels page, List<Quad> quads) throws OrtException {
    List<CropFrame> downwards = new ArrayList<>();
    for (Quad q : longest(quads, true)) {
      downwards.add(readDownwards(q));
    }
    List<CropFrame> upwards = downwards.stream().map(CropFrame::rotated180).toList();
    double down = meanScore(recognizer.recognize(page, downwards));
    double up = meanScore(recognizer.recognize(page, upwards));
    return down >= up ? PageTurn.CW270 : PageTurn.CW90;
  }

  /**
   * Whether an upright-looking page is upside down, given the lines as read ({@code texts} for
   * {@code frames}).
   */
  boolean upsideDown(PagePixels page, List<CropFrame> frames, List<TextRecognizer.Recognized> texts)
      throws OrtException {
    if (frames.size() < MIN_LINES || meanScore(texts) >= UPRIGHT_SCORE) {
      return false;
    }
    Integer[] order = new Integer[frames.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(order, Comparator.comparingDouble(i -> -frames.get(i).length()));
    List<CropFrame> turned = new ArrayList<>();
    List<TextRecognizer.Recognized> asRead = new ArrayList<>();
    for (int k = 0; k < Math.min(SAMPLE, order.length); k++) {
      turned.add(frames.get(order[k]).rotated180());
      asRead.add(texts.get(order[k]));
    }
    return meanScore(recognizer.recognize(page, turned)) >= meanScore(asRead) + MARGIN;
  }

  /**
   * Whether the direction classifier turned most of a page's lines ({@code turned} of {@code
   * lines}): then the page, not each line, is upside down, and reading it turned also puts its
   * lines in order.
   */
  static boolean mostlyTurned(int turned, int lines) {
    return turned >= MIN_LINES && turned >= SIDEWAYS_SHARE * lines;
  }

  /** The frame that reads a tall box from its top end down. */
  private static CropFrame readDownwards(Quad q) {
    double x = (q.minX() + q.maxX()) / 2;
    double w = q.maxX() - q.minX();
    double h = q.maxY() - q.minY();
    // along +y, glyph tops to the right: "down the glyphs" points to -x
    return new CropFrame(x + w / 2, q.minY(), 0, 1, -1, 0, h, w);
  }

  private static List<Quad> longest(List<Quad> quads, boolean tall) {
    return quads.stream()
        .filter(q -> (q.maxY() - q.minY() > q.maxX() - q.minX()) == tall)
        .sorted(Comparator.comparingDouble(
            (Quad q) -> -Math.max(q.maxX() - q.minX(), q.maxY() - q.minY())))
        .limit(SAMPLE)
        .toList();
  }

  private static double meanScore(List<TextRecognizer.Recognized> texts) {
    double sum = 0;
    int n = 0;
    for (TextRecognizer.Recognized r : texts) {
      sum += r.text().isBlank() ? 0 : r.score(); // nothing read counts as no confidence
      n++;
    }
    return n == 0 ? 0 : sum / n;
  }
}
