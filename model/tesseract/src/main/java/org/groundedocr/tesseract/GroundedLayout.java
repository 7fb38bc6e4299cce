package org.groundedocr.tesseract;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.groundedocr.layout.LayoutAnalyzer;
import org.groundedocr.layout.PageLine;
import org.groundedocr.layout.PagePixels;
import org.groundedocr.model.Region;
import org.groundedocr.model.TextLine;

/**
 * {@code layout=grounded}: Tesseract's text lines, with their words and confidences, laid out by
 * the project's own analysis ({@link LayoutAnalyzer}, the one the {@code ppocr} engine uses):
 * column gutters, tables, paragraphs, headings, running heads and page numbers, figures found in
 * the page's pixels, and the reading order. Tesseract's line finding is kept (it is good); only
 * the grouping into regions, their labels and their order come from the analysis, which reads
 * columns in order where Tesseract's own block order does not (pages with headings across
 * column pairs; {@code docs/BENCHMARKS.md}, "Real pages: layout and languages").
 *
 * <p>Stateless and thread-safe.
 */
final class GroundedLayout {

  private final LayoutAnalyzer analyzer = new LayoutAnalyzer();

  /** The regions of {@code image} holding {@code lines}, in reading order. */
  List<Region> regions(List<TextLine> lines, BufferedImage image) {
    List<PageLine> pageLines = new ArrayList<>(lines.size());
    for (TextLine l : lines) {
      // a Tesseract line box is upright and on the page (it deskews internally), so the frame
      // the analysis works in is the page's; the box height is the line's text height
      pageLines.add(new PageLine(l.bbox(), l.text(), l.bbox().height(), l.bbox(), l.words()));
    }
    return analyzer.regions(pageLines, PagePixels.of(image), image.getWidth(), image.getHeight());
  }
}
