package org.groundedocr.highlight;

import java.util.ArrayList;
import java.util.List;
import org.groundedocr.chunking.ChunkLine;
import org.groundedocr.chunking.ChunkRegion;
import org.groundedocr.highlight.HighlightBox.Precision;
import org.groundedocr.model.Box;
import org.groundedocr.model.GlyphAdvance;

/**
 * Maps a match, given as a character span of a chunk's text (what Lucene's highlighters report),
 * to boxes on the page images, through the character spans the chunk keeps for its regions and
 * lines.
 *
 * <p>For each region the match touches: when the region has lines, one box per touched line, as
 * tall as the line and as wide as the matched characters, their horizontal extent interpolated by
 * the estimated advance widths of the line's characters ({@link GlyphAdvance}); otherwise the
 * region's box. Whitespace at the edges of a part is trimmed first, so a phrase match that runs
 * over a line break gives one box per line and never a box for the break itself. This is the
 * per-line merging solr-ocrhighlighting does, computed from the index instead of from word-level
 * OCR files re-read at query time.
 *
 * <p>Stateless and thread-safe; linear in the length of the touched regions.
 */
public final class RegionHighlighter {

  private RegionHighlighter() {}

  /**
   * Boxes of the match {@code [start, end)} of {@code text} in reading order (region order, then
   * line order). Empty when the match lies outside every region that has a box.
   *
   * @param text the chunk text the spans point into
   * @param regions the chunk's regions, their spans in {@code text} (a region without boxes is
   *     skipped: its text gets no box)
   */
  public static List<HighlightBox> locate(String text, List<ChunkRegion> regions, int start, int end) {
    List<HighlightBox> out = new ArrayList<>();
    int from = Math.max(0, start);
    int to = Math.min(text.length(), end);
    if (from >= to) {
      return out;
    }
    for (int r = 0; r < regions.size(); r++) {
      ChunkRegion region = regions.get(r);
      if (region.boxes().isEmpty() || region.start() >= to || from >= region.end()) {
        continue;
      }
      int a = Math.max(from, region.start());
      int b = Math.min(to, Math.min(region.end(), text.length()));
      int[] part = trim(text, a, b);
      if (part == null) {
        continue;
      }
      List<HighlightBox> onLines = onLines(text, r, region, part[0], part[1]);
      if (onLines.isEmpty()) {
        out.add(new HighlightBox(r, part[0], part[1], region.bbox(), Precision.REGION));
      } else {
        out.addAll(onLines);
      }
    }
    return out;
  }

  private static List<HighlightBox> onLines(String text, int r, ChunkRegion region, int a, int b) {
    List<HighlightBox> out = new ArrayList<>();
    for (ChunkLine line : region.lines()) {
      int ls = Math.min(line.start(), text.length());
      int le = Math.min(line.end(), text.length());
      if (ls >= b || a >= le) {
        continue;
      }
      int[] part = trim(text, Math.max(a, ls), Math.min(b, le));
      if (part == null) {
        continue;
      }
      out.add(new HighlightBox(r, part[0], part[1], within(text, line, ls, le, part[0], part[1]),
          Precision.LINE));
    }
    return out;
  }

  /** The box of {@code [a, b)} inside the line {@code [ls, le)}, by advance-width interpolation. */
  static Box within(String text, ChunkLine line, int ls, int le, int a, int b) {
    // the line's own text may carry leading/trailing blanks that the OCR box does not cover
    int[] ink = trim(text, ls, le);
    if (ink == null) {
      return line.bbox();
    }
    long total = advance(text, ink[0], ink[1]);
    if (total <= 0) {
      return line.bbox();
    }
    int ca = Math.max(a, ink[0]);
    int cb = Math.min(b, ink[1]);
    long before = ca <= ink[0] ? 0 : advance(text, ink[0], ca);
    long upTo = before + (cb <= ca ? 0 : advance(text, ca, cb));
    Box box = line.bbox();
    double w = box.width();
    int x1 = box.x1() + (int) Math.floor(w * before / total);
    int x2 = box.x1() + (int) Math.ceil(w * upTo / total);
    return Box.normalised(x1, box.y1(), Math.min(x2, box.x2()), box.y2());
  }

  private static long advance(String text, int from, int to) {
    long sum = 0;
    for (int i = from; i < to; ) {
      int cp = text.codePointAt(i);
      sum += GlyphAdvance.of(cp);
      i += Character.charCount(cp);
    }
    return sum;
  }

  /** {@code [a, b)} without whitespace at its edges, or {@code null} when nothing is left. */
  private static int[] trim(String text, int a, int b) {
    while (a < b && Character.isWhitespace(text.charAt(a))) {
      a++;
    }
    while (b > a && Character.isWhitespace(text.charAt(b - 1))) {
      b--;
    }
    return a < b ? new int[] {a, b} : null;
  }
}
