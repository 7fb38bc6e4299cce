package org.groundedocr.chunking;

import java.util.List;
import org.groundedocr.model.Box;
import org.groundedocr.model.Region;
import org.groundedocr.model.TextLine;
import org.groundedocr.model.Word;

/**
 * A region's canonical text (its content, stripped) and where its lines sit in it. Chunk spans
 * are computed from stretches of this text, so it must never change once blocks are built.
 */
final class RegionText {
  final int page;
  final int index;
  final Region region;
  final String text;
  /**
   * The boxes highlights are cut from, in reading order: each word of a line whose words are known
   * (so a hit is drawn on exactly its words), else the line.
   */
  final List<Box> units;
  /** Per unit of {@link #units}: {@code [start, end)} in {@link #text}, or null if not found. */
  final int[][] lines;
  /**
   * Characters that must be in a chunk for it to hold the whole region: the text length, less a
   * trailing hyphen dropped when a word broken across a page break is joined.
   */
  int coverEnd;
  /**
   * When not every character is content (an HTML table's tags): the characters that are, else
   * null.
   */
  java.util.BitSet content;

  RegionText(int page, int index, Region region) {
    this.page = page;
    this.index = index;
    this.region = region;
    this.text = region.text().strip();
    this.coverEnd = text.length();
    List<Box> boxes = new java.util.ArrayList<>();
    List<String> texts = new java.util.ArrayList<>();
    for (TextLine line : region.lines()) {
      if (line.words().isEmpty()) {
        boxes.add(line.bbox());
        texts.add(line.text());
      } else {
        for (Word w : line.words()) {
          boxes.add(w.bbox());
          texts.add(w.text());
        }
      }
    }
    this.units = List.copyOf(boxes);
    this.lines = locateLines(text, texts);
  }

  String label() {
    return region.label();
  }

  // Engines give each line's text; find them in order so that a line's span survives any
  // later cut of the region. A line we cannot find (engine text normalised differently) just
  // has no span: the region box still covers it.
  private static int[][] locateLines(String text, List<String> lines) {
    int[][] out = new int[lines.size()][];
    int cursor = 0;
    for (int i = 0; i < lines.size(); i++) {
      String t = lines.get(i).strip();
      if (t.isEmpty()) {
        continue;
      }
      int at = text.indexOf(t, cursor);
      if (at < 0) {
        continue;
      }
      out[i] = new int[] {at, at + t.length()};
      cursor = at + t.length();
    }
    return out;
  }
}
