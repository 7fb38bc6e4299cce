package org.groundedocr.tesseract;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.groundedocr.layout.LayoutAnalyzer;
import org.groundedocr.layout.LayoutThresholds;
import org.groundedocr.layout.PageLine;
import org.groundedocr.layout.PagePixels;
import org.groundedocr.layout.WordGapSplitter;
import org.groundedocr.model.Box;
import org.groundedocr.model.Region;
import org.groundedocr.model.TextLine;
import org.groundedocr.model.Word;

/**
 * {@code layout=grounded}: Tesseract's text lines, with their words and confidences, laid out by
 * the project's own analysis ({@link LayoutAnalyzer}, the one the {@code ppocr} engine uses):
 * column gutters, tables, paragraphs, headings, running heads and page numbers, figures found in
 * the page's pixels, and the reading order. Tesseract's line finding is kept (it is good); only
 * the grouping into regions, their labels and their order come from the analysis, which reads
 * columns in order where Tesseract's own block order does not (titles across two columns; {@code
 * docs/BENCHMARKS.md}, "Real pages: layout and languages"). Before the analysis:
 *
 * <ul>
 *   <li>a word made only of vertical bars is dropped: it is Tesseract reading a stretch of a
 *       column rule beside a line, ink of the rule and not text, and it would bridge the gutter;
 *   <li>a line's box is its words' ink: Tesseract's own line box also holds the blobs it read as
 *       nothing (a rule's stretch, specks), which reach into the gutter and would hide it;
 *   <li>a line Tesseract ran across a gutter is cut at the word gap over it ({@link
 *       WordGapSplitter}).
 * </ul>
 *
 * <p>Tesseract's boxes are upright on the page (it deskews internally), so the frame the
 * analysis works in is the page's. Stateless and thread-safe.
 */
final class GroundedLayout {

  /** What Tesseract reads a column rule as. */
  private static final String RULE_GLYPHS = "|¦";

  private final LayoutAnalyzer analyzer = new LayoutAnalyzer();
  private final WordGapSplitter splitter = new WordGapSplitter(LayoutThresholds.DEFAULTS);

  /** The regions of {@code image} holding {@code lines}, in reading order. */
  List<Region> regions(List<TextLine> lines, BufferedImage image) {
    List<PageLine> pageLines = new ArrayList<>(lines.size());
    for (TextLine l : lines) {
      List<Word> words = l.words().stream().filter(w -> !isRule(w.text())).toList();
      if (words.isEmpty() && !l.words().isEmpty()) {
        continue; // the line was a rule only
      }
      Box box = words.isEmpty() ? l.bbox() : Box.union(words.stream().map(Word::bbox).toList());
      String text = words.isEmpty() ? l.text()
          : String.join(" ", words.stream().map(Word::text).toList());
      pageLines.add(new PageLine(box, text, box.height(), box, words));
    }
    return analyzer.regions(splitter.split(pageLines), PagePixels.of(image), image.getWidth(),
        image.getHeight());
  }

  static boolean isRule(String word) {
    return !word.isEmpty() && word.chars().allMatch(c -> RULE_GLYPHS.indexOf(c) >= 0);
  }
}
