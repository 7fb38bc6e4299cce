package org.groundedocr.layout;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.groundedocr.model.Box;
import org.groundedocr.model.Region;
import org.groundedocr.model.RegionLabels;

/**
 * Groups recognised lines into layout regions in reading order (PP-OCR has no layout model), with
 * rules that are easy to predict, each in a class of its own and each number in {@link
 * LayoutThresholds}:
 *
 * <ol>
 *   <li><b>Body size.</b> The body line height is the median line height, weighted by characters;
 *       every length below is in body heights.
 *   <li><b>Figures</b> ({@link FigureFinder}, when the page's pixels are given): areas of ink that
 *       no text line covers, large and not just rules, become {@code image} regions; lines inside
 *       one are its labels.
 *   <li><b>Gutters</b> ({@link ColumnGutters}): tall rectangles of whitespace with columns of text
 *       on both sides.
 *   <li><b>Tables</b> ({@link TableFinder}): rows of aligned short cells, with a grouped header's
 *       rows above them; columns of prose are not a table. {@link TableGrid} puts each table's
 *       cells on one grid (empty cells kept, spanning headers) when it is written.
 *   <li><b>Lines</b> ({@link LineJoiner}): pieces of one line cut apart by detection are joined,
 *       never across a gutter; a drop cap joins the word it begins ({@link DropCaps}).
 *   <li><b>Paragraphs</b> ({@link ParagraphBuilder}): lines close under each other, of one size,
 *       in one column.
 *   <li><b>Labels</b>: headings in bold type of body size ({@link BoldHeadings}, when the page's
 *       pixels are given), headings by size ({@link HeadingLabeller}); running heads, feet and page
 *       numbers ({@link PageFurniture}); footnotes and marginal notes ({@link
 *       NotesAndFootnotes}); a short block next to a figure is its {@code image_caption}.
 *   <li><b>Reading order</b> ({@link ReadingOrder}): a topological sort of blocks that reads
 *       columns one after the other, around titles and figures across them; notes, footnotes and
 *       furniture outside the body's order.
 * </ol>
 *
 * <p>Stateless apart from its thresholds, and thread-safe.
 */
public final class LayoutAnalyzer {

  private final LayoutThresholds t;
  private final ColumnGutters gutters;
  private final TableFinder tables;
  private final LineJoiner joiner;
  private final ParagraphBuilder paragraphs;
  private final HeadingLabeller headings;
  private final BoldHeadings boldHeadings;
  private final PageFurniture furniture;
  private final FigureFinder figures;
  private final DropCaps dropCaps;
  private final NotesAndFootnotes notes;
  private final ReadingOrder order = new ReadingOrder();

  public LayoutAnalyzer() {
    this(LayoutThresholds.DEFAULTS);
  }

  public LayoutAnalyzer(LayoutThresholds thresholds) {
    this.t = thresholds;
    this.gutters = new ColumnGutters(thresholds);
    this.tables = new TableFinder(thresholds);
    this.joiner = new LineJoiner(thresholds);
    this.paragraphs = new ParagraphBuilder(thresholds);
    this.headings = new HeadingLabeller(thresholds);
    this.boldHeadings = new BoldHeadings(thresholds);
    this.furniture = new PageFurniture(thresholds);
    this.figures = new FigureFinder(thresholds);
    this.dropCaps = new DropCaps(thresholds);
    this.notes = new NotesAndFootnotes(thresholds);
  }

  /** The regions of a page whose pixels are not at hand (no figures are looked for). */
  public List<Region> regions(List<PageLine> lines, int pageWidth, int pageHeight) {
    return regions(lines, null, pageWidth, pageHeight);
  }

  /** The regions of a page, figures included when {@code page} is given. */
  public List<Region> regions(List<PageLine> lines, PagePixels page, int pageWidth, int pageHeight) {
    double body = lines.isEmpty() ? 1 : bodyHeight(lines);
    List<LayoutBlock> figureBlocks = new ArrayList<>();
    List<PageLine> rest = new ArrayList<>(lines);
    if (page != null) {
      for (Box f : figures.find(page, lines, body)) {
        LayoutBlock fig = new LayoutBlock(f);
        for (PageLine l : lines) {
          if (inside(l.pageBox(), f)) {
            fig.lines.add(l);
          }
        }
        rest.removeAll(fig.lines);
        figureBlocks.add(fig);
      }
    }
    if (rest.isEmpty() && figureBlocks.isEmpty()) {
      return List.of();
    }
    List<Box> gutterBoxes = gutters.find(rest, body);
    List<LayoutBlock> blocks = new ArrayList<>(tables.find(rest, body, pageWidth, gutterBoxes));
    Set<PageLine> inTables = new HashSet<>();
    for (LayoutBlock table : blocks) {
      inTables.addAll(table.lines);
    }
    List<PageLine> free = new ArrayList<>();
    for (PageLine l : rest) {
      if (!inTables.contains(l)) {
        free.add(l);
      }
    }
    // lines, paragraphs and the reading order keep to the gutters between columns of prose only:
    // short blocks side by side (a letterhead's address beside the invoice number, a footer's
    // address columns) are laid out as before, by their own gaps
    List<Box> proseGutters = tables.proseGutters(rest, gutterBoxes, pageWidth);
    List<PageLine> joined = dropCaps.join(joiner.join(free, proseGutters, body), body);
    blocks.addAll(paragraphs.paragraphs(joined, proseGutters));
    if (page != null) {
      blocks = boldHeadings.split(blocks, page, body);
    }
    headings.label(blocks, body);
    furniture.label(blocks, body);
    notes.label(blocks, body);
    Map<LayoutBlock, LayoutBlock> captionOf = captions(figureBlocks, blocks, body);
    blocks.addAll(figureBlocks);
    List<LayoutBlock> ordered = order.order(blocks, proseGutters, t.boxGrowth() * body);
    // a caption is read with its figure, wherever the text around them puts it
    ordered.removeAll(captionOf.values());
    for (Map.Entry<LayoutBlock, LayoutBlock> e : captionOf.entrySet()) {
      ordered.add(ordered.indexOf(e.getKey()) + 1, e.getValue());
    }
    List<Region> regions = new ArrayList<>(blocks.size());
    for (LayoutBlock b : ordered) {
      regions.add(RegionWriter.region(b, t.boxGrowth()));
    }
    return regions;
  }

  public static double bodyHeight(List<PageLine> lines) {
    List<PageLine> byHeight = new ArrayList<>(lines);
    byHeight.sort(Comparator.comparingDouble(PageLine::height));
    long total = 0;
    for (PageLine l : byHeight) {
      total += Math.max(1, l.text().length());
    }
    long seen = 0;
    for (PageLine l : byHeight) {
      seen += Math.max(1, l.text().length());
      if (2 * seen >= total) {
        return Math.max(1, l.height());
      }
    }
    return Math.max(1, byHeight.get(byHeight.size() - 1).height());
  }

  /**
   * The caption of each figure: the nearest short text block under it (else over it) within
   * {@link LayoutThresholds#captionGap()} line heights that lies inside the figure's width.
   */
  private Map<LayoutBlock, LayoutBlock> captions(
      List<LayoutBlock> figureBlocks, List<LayoutBlock> blocks, double body) {
    Map<LayoutBlock, LayoutBlock> captionOf = new LinkedHashMap<>();
    for (LayoutBlock fig : figureBlocks) {
      LayoutBlock best = null;
      double bestGap = Double.MAX_VALUE;
      for (LayoutBlock b : blocks) {
        if (!RegionLabels.TEXT.equals(b.label) || b.lines.size() > t.captionMaxLines()) {
          continue;
        }
        Box f = fig.pageBox;
        Box c = b.pageBox;
        double gapBelow = c.y1() - f.y2();
        double gapAbove = f.y1() - c.y2();
        // a caption under the figure is preferred: one above pays a line height
        double gap = gapBelow >= -0.5 * body ? gapBelow : gapAbove + body;
        boolean within = c.x1() >= f.x1() - body && c.x2() <= f.x2() + body;
        if (within && gap >= -0.5 * body && gap <= t.captionGap() * body && gap < bestGap) {
          best = b;
          bestGap = gap;
        }
      }
      if (best != null) {
        best.label = RegionLabels.IMAGE_CAPTION;
        captionOf.put(fig, best);
      }
    }
    return captionOf;
  }

  private static boolean inside(Box line, Box figure) {
    long overlap = (long) Math.max(0, PageLine.overlapX(line, figure))
        * Math.max(0, PageLine.overlapY(line, figure));
    return overlap >= 0.8 * line.area();
  }
}
