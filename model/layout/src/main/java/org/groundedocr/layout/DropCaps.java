package org.groundedocr.layout;

import java.util.ArrayList;
import java.util.List;
import org.groundedocr.model.Box;
import org.groundedocr.model.Word;

/**
 * Joins a drop cap (an initial set two or more lines high at the start of a paragraph) to the word
 * it begins. Detection finds the initial as a line of its own, one or two letters, at least {@link
 * LayoutThresholds#dropCapMinHeight()} body heights high; left alone it would become a block of its
 * own, labelled a heading by its size (the page's "title" {@code # L}) and the paragraph's first
 * word would lose its first letter. The initial's line is the one whose left edge lies just right
 * of it (within a body height) and whose top is level with its top (within a body height): the
 * letter is put in front of that line's text with no space, and the line's box reaches left over
 * it (its height stays the line's, so paragraphs and rows are found as before).
 *
 * <p>Stateless apart from its thresholds, and thread-safe.
 */
final class DropCaps {

  private final LayoutThresholds t;

  DropCaps(LayoutThresholds thresholds) {
    this.t = thresholds;
  }

  List<PageLine> join(List<PageLine> lines, double body) {
    List<PageLine> out = new ArrayList<>(lines);
    for (PageLine cap : lines) {
      if (!isInitial(cap, body)) {
        continue;
      }
      PageLine first = null;
      for (PageLine l : out) {
        if (l == cap || l.height() > t.dropCapMinHeight() * body) {
          continue;
        }
        int gap = l.box().x1() - cap.box().x2();
        boolean level = Math.abs(l.box().y1() - cap.box().y1()) <= body;
        if (gap >= -0.5 * body && gap <= body && level
            && (first == null || l.box().y1() < first.box().y1())) {
          first = l;
        }
      }
      if (first != null) {
        int i = out.indexOf(first);
        out.set(i, withInitial(cap, first));
        out.remove(cap);
      }
    }
    return out;
  }

  private boolean isInitial(PageLine l, double body) {
    String s = l.text().strip();
    return !s.isEmpty() && s.length() <= 2 && s.chars().allMatch(Character::isLetter)
        && l.height() >= t.dropCapMinHeight() * body;
  }

  private static PageLine withInitial(PageLine cap, PageLine line) {
    Box b = line.box();
    Box p = line.pageBox();
    String initial = cap.text().strip();
    List<Word> words = new ArrayList<>(line.words());
    if (!words.isEmpty()) {
      // the first word begins with the initial: its box reaches left over it, its confidence is
      // the weaker of the two (a word is only right if every letter is)
      Word w = words.get(0);
      Box wb = w.bbox();
      double confidence = w.confidence();
      Word capWord = cap.words().isEmpty() ? null : cap.words().get(0);
      if (w.hasConfidence() && capWord != null && capWord.hasConfidence()) {
        confidence = Math.min(confidence, capWord.confidence());
      }
      words.set(0, new Word(new Box(Math.min(cap.pageBox().x1(), wb.x1()), wb.y1(), wb.x2(), wb.y2()),
          initial + w.text(), confidence));
    }
    return new PageLine(new Box(Math.min(cap.box().x1(), b.x1()), b.y1(), b.x2(), b.y2()),
        initial + line.text().stripLeading(), line.height(),
        new Box(Math.min(cap.pageBox().x1(), p.x1()), p.y1(), p.x2(), p.y2()), words);
  }
}
