package org.groundedocr.layout;

import java.util.ArrayList;
import java.util.List;
import org.groundedocr.model.Box;
import org.groundedocr.model.Word;

/**
 * Cuts the lines that run across a column gutter at the word gap over the gutter, for engines
 * that give words with their boxes (Tesseract). Where the gutter between two columns is narrow,
 * the engine's line finding may take a line of each column for one line; that line then
 * interrupts the gutter, which ends at its top or starts at its bottom ({@link ColumnGutters}'
 * rectangles only need to be empty) inside its width. The line is cut there only when its own
 * words agree: two neighbouring words leave a gap over the gutter at least {@link #MIN_GAP} line
 * heights and half the gutter wide, where a title set across the columns has a word. This is
 * what {@code GutterSplitter} does for the {@code ppocr} engine from the page's pixels.
 *
 * <p>The lines' boxes are taken to be on the page (no skew frame): the pieces are boxed by their
 * words' page boxes. Stateless and thread-safe.
 */
public final class WordGapSplitter {

  /** Narrowest word gap, in line heights, that cuts a line: wider than a justified word gap. */
  static final double MIN_GAP = 0.6;

  private final ColumnGutters gutters;

  public WordGapSplitter(LayoutThresholds thresholds) {
    this.gutters = new ColumnGutters(thresholds);
  }

  /** {@code lines}, each line across a gutter replaced by its two pieces. */
  public List<PageLine> split(List<PageLine> lines) {
    if (lines.isEmpty()) {
      return lines;
    }
    double body = LayoutAnalyzer.bodyHeight(lines);
    List<Box> found = gutters.find(lines, body);
    if (found.isEmpty()) {
      return lines;
    }
    List<PageLine> out = new ArrayList<>(lines.size());
    for (PageLine l : lines) {
      List<PageLine> pieces = null;
      for (Box g : found) {
        Box b = l.box();
        boolean inside = g.x1() > b.x1() + body && g.x2() < b.x2() - body;
        boolean interrupts = Math.abs(g.y2() - b.y1()) <= body || Math.abs(g.y1() - b.y2()) <= body;
        if (inside && interrupts) {
          pieces = cut(l, g, body);
          if (pieces != null) {
            break;
          }
        }
      }
      if (pieces == null) {
        out.add(l);
      } else {
        out.addAll(pieces);
      }
    }
    return out;
  }

  /** The two pieces of {@code line} at its widest word gap over {@code gutter}, or null. */
  private static List<PageLine> cut(PageLine line, Box gutter, double body) {
    List<Word> words = line.words();
    int best = -1;
    int bestGap = 0;
    for (int i = 0; i + 1 < words.size(); i++) {
      int from = words.get(i).bbox().x2();
      int to = words.get(i + 1).bbox().x1();
      boolean overGutter = from < gutter.x2() && to > gutter.x1();
      if (overGutter && to - from > bestGap) {
        best = i;
        bestGap = to - from;
      }
    }
    if (best < 0 || bestGap < Math.max(MIN_GAP * body, 0.5 * gutter.width())) {
      return null;
    }
    return List.of(piece(line, words.subList(0, best + 1)),
        piece(line, words.subList(best + 1, words.size())));
  }

  private static PageLine piece(PageLine line, List<Word> words) {
    Box box = Box.union(words.stream().map(Word::bbox).toList());
    String text = String.join(" ", words.stream().map(Word::text).toList());
    return new PageLine(box, text, line.height(), box, words);
  }
}
