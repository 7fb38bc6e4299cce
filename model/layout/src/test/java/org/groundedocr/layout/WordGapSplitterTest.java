package org.groundedocr.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.groundedocr.model.Box;
import org.groundedocr.model.Word;
import org.junit.jupiter.api.Test;

class WordGapSplitterTest {

  private static final int H = 24;
  private static final int PITCH = 36;

  /** A line of two words: one on the left part of [x1, x2], one on the right part. */
  private static PageLine line(String name, int x1, int x2, int y) {
    Word a = new Word(new Box(x1, y, x1 + (x2 - x1) / 2 - 20, y + H), name + "a", 0.9);
    Word b = new Word(new Box(x1 + (x2 - x1) / 2 + 20, y, x2, y + H), name + "b", 0.9);
    return withWords(List.of(a, b));
  }

  private static PageLine withWords(List<Word> words) {
    Box box = Box.union(words.stream().map(Word::bbox).toList());
    return new PageLine(box, String.join(" ", words.stream().map(Word::text).toList()), H, box,
        words);
  }

  /** Two columns (x 100..900 and 1000..1800), ten rows; row 5 read as one line across both. */
  private static List<PageLine> columnsWithOneLineAcross(PageLine across) {
    List<PageLine> lines = new ArrayList<>();
    for (int r = 0; r < 10; r++) {
      int y = 200 + r * PITCH;
      if (r == 5) {
        lines.add(across);
      } else {
        lines.add(line("l" + r, 100, 900, y));
        lines.add(line("r" + r, 1000, 1800, y));
      }
    }
    return lines;
  }

  @Test
  void aLineAcrossTheGutterIsCutAtTheWordGapOverIt() {
    PageLine left = line("l5", 100, 900, 200 + 5 * PITCH);
    PageLine right = line("r5", 1000, 1800, 200 + 5 * PITCH);
    List<Word> all = new ArrayList<>(left.words());
    all.addAll(right.words());
    PageLine across = withWords(all);
    List<PageLine> out = new WordGapSplitter(LayoutThresholds.DEFAULTS)
        .split(columnsWithOneLineAcross(across));
    assertEquals(20, out.size(), "the line across is two lines");
    assertTrue(out.contains(left) && out.contains(right), out.toString());
    assertTrue(out.stream().noneMatch(l -> l.box().x1() < 900 && l.box().x2() > 1000));
    // and the layout then reads the columns one after the other
    List<String> order = new ArrayList<>();
    new LayoutAnalyzer().regions(out, 2000, 1000)
        .forEach(r -> r.lines().forEach(l -> order.add(l.text().substring(0, 1))));
    assertEquals("l".repeat(10) + "r".repeat(10), String.join("", order));
  }

  @Test
  void aTitleWithAWordOverTheGutterStaysWhole() {
    int y = 200 + 5 * PITCH;
    PageLine title = withWords(List.of(
        new Word(new Box(100, y, 800, y + H), "Demandes", 0.9),
        new Word(new Box(840, y, 1060, y + H), "de", 0.9),
        new Word(new Box(1100, y, 1800, y + H), "brevets", 0.9)));
    List<PageLine> out = new WordGapSplitter(LayoutThresholds.DEFAULTS)
        .split(columnsWithOneLineAcross(title));
    assertEquals(19, out.size());
    assertTrue(out.contains(title));
  }
}
