package org.groundedocr.tika.pdf;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDFontDescriptor;
import org.apache.pdfbox.pdmodel.font.PDType3Font;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.pdfbox.text.TextPosition;
import org.apache.pdfbox.util.Matrix;
import org.groundedocr.model.Box;
import org.groundedocr.model.Region;
import org.groundedocr.model.RegionLabels;
import org.groundedocr.model.TextLine;

/**
 * Reads one page's text layer into grounded regions, so that born-digital pages are grounded
 * like OCRed ones. PDFBox's {@link PDFTextStripper} does what it is good at (glyph order, word
 * spacing, de-duplicating fake-bold glyphs, paragraph breaks); this class takes its words and
 * their glyph positions and builds:
 *
 * <ul>
 *   <li><b>lines</b>: the stripper's lines, each with the union of its glyph boxes. A glyph's box
 *       spans its advance along the baseline and the font's descent to ascent across it (from the
 *       font descriptor, clamped to sane values; 0.78/-0.22 em when the font has none), mapped
 *       through the text rendering matrix and {@link PagePixels}, so rotated text and rotated
 *       pages get the right boxes;
 *   <li><b>blocks</b>: consecutive lines, broken where the stripper saw a paragraph break, where
 *       the vertical gap exceeds the previous line's height, where reading order jumps up or
 *       sideways (a new column), or where the size class changes;
 *   <li><b>labels</b>: {@code title} for lines at least 1.5 times the page's body text size,
 *       {@code sub_title} at least 1.2 times (written as {@code #} / {@code ##} Markdown
 *       headings); {@code header}, {@code footer} or {@code page_number} for a block entirely in
 *       the top or bottom 6% of the page ({@code page_number} when it is only a number, optionally
 *       with "page"/"seite"/"p." and "of N"); {@code text} otherwise.
 * </ul>
 *
 * It also counts what {@link TextLayerQuality} needs to judge the layer. Not thread-safe: one
 * reader per document parse.
 */
final class TextLayerReader extends PDFTextStripper {

  private static final double TITLE_RATIO = 1.5;
  private static final double SUB_TITLE_RATIO = 1.2;
  private static final double MARGIN_BAND = 0.06;
  private static final float DEFAULT_ASCENT = 0.78f;
  private static final float DEFAULT_DESCENT = -0.22f;

  /** A finished line: text, pixel box, em size in pixels, whether a paragraph break precedes it. */
  record Line(String text, Box box, double em, boolean paragraphStart) {}

  /** What one page's text layer holds. */
  record Page(List<Region> regions, int lines, TextLayerQuality.Counts counts) {}

  private PagePixels pixels;
  private List<Line> lines;
  private StringBuilder lineText;
  private Box lineBox;
  private List<Double> lineEms;
  private boolean paragraphPending;
  private TextLayerQuality.Counts.Builder counts;

  TextLayerReader() throws IOException {
    super();
  }

  /** Reads page {@code pageNumber} (1-based) of {@code document}, boxes in {@code pixels}. */
  Page read(PDDocument document, int pageNumber, PagePixels pagePixels) throws IOException {
    this.pixels = pagePixels;
    this.lines = new ArrayList<>();
    this.lineText = new StringBuilder();
    this.lineBox = null;
    this.lineEms = new ArrayList<>();
    this.paragraphPending = true;
    this.counts = new TextLayerQuality.Counts.Builder();
    setStartPage(pageNumber);
    setEndPage(pageNumber);
    writeText(document, Writer.nullWriter());
    finishLine();
    List<Line> read = lines;
    this.lines = null;
    return new Page(blocks(read, pagePixels), read.size(), counts.build());
  }

  @Override
  protected void writeString(String text, List<TextPosition> textPositions) {
    lineText.append(text);
    for (TextPosition tp : textPositions) {
      String unicode = tp.getUnicode();
      counts.add(unicode);
      if (unicode == null || unicode.isBlank()) {
        continue;
      }
      Box b = glyphBox(tp);
      if (b != null) {
        lineBox = lineBox == null ? b : lineBox.union(b);
        lineEms.add(emPixels(tp));
      }
    }
  }

  @Override
  protected void writeWordSeparator() {
    lineText.append(' ');
  }

  @Override
  protected void writeLineSeparator() {
    finishLine();
  }

  @Override
  protected void writeParagraphStart() {
    finishLine();
    paragraphPending = true;
  }

  @Override
  protected void writeParagraphEnd() {
    finishLine();
    paragraphPending = true;
  }

  @Override
  protected void endArticle() {
    finishLine();
    paragraphPending = true;
  }

  @Override
  protected void writePageStart() {}

  @Override
  protected void writePageEnd() {
    finishLine();
  }

  private void finishLine() {
    if (lines == null) {
      return;
    }
    String text = lineText.toString().strip();
    if (!text.isEmpty() && lineBox != null) {
      lines.add(new Line(text, lineBox, median(lineEms), paragraphPending));
      paragraphPending = false;
    }
    lineText.setLength(0);
    lineBox = null;
    lineEms.clear();
  }

  /** The glyph's box in page pixels: advance along the baseline, descent to ascent across it. */
  private Box glyphBox(TextPosition tp) {
    Matrix m = tp.getTextMatrix();
    double ax = m.getScaleX();
    double ay = m.getShearY();
    double len = Math.hypot(ax, ay);
    if (len == 0) {
      return null;
    }
    // unit vector along the baseline; the text space y axis (one em) across it
    double ux = ax / len;
    double uy = ay / len;
    double vx = m.getShearX();
    double vy = m.getScaleY();
    float[] ad = ascentDescent(tp.getFont());
    double adv = Math.max(tp.getWidthDirAdj(), 0);
    double x0 = m.getTranslateX();
    double y0 = m.getTranslateY();
    double[] xs = new double[4];
    double[] ys = new double[4];
    int i = 0;
    for (double along : new double[] {0, adv}) {
      for (float across : ad) {
        xs[i] = x0 + ux * along + vx * across;
        ys[i] = y0 + uy * along + vy * across;
        i++;
      }
    }
    return pixels.box(xs, ys);
  }

  private double emPixels(TextPosition tp) {
    Matrix m = tp.getTextMatrix();
    // one em across the baseline, in pixels: the length of the text space y axis, scaled
    double[] xs = {m.getTranslateX(), m.getTranslateX() + m.getShearX()};
    double[] ys = {m.getTranslateY(), m.getTranslateY() + m.getScaleY()};
    var p0 = pixels.toPixel(xs[0], ys[0]);
    var p1 = pixels.toPixel(xs[1], ys[1]);
    return p0.distance(p1);
  }

  /** {ascent, descent} in em, from the font descriptor when it is sane. */
  private static float[] ascentDescent(PDFont font) {
    float ascent = DEFAULT_ASCENT;
    float descent = DEFAULT_DESCENT;
    if (font != null && !(font instanceof PDType3Font)) {
      PDFontDescriptor fd = font.getFontDescriptor();
      if (fd != null) {
        float a = fd.getAscent() / 1000f;
        float d = fd.getDescent() / 1000f;
        if (a >= 0.5f && a <= 1.2f) {
          ascent = a;
        }
        if (d <= 0f && d >= -0.5f) {
          descent = d;
        }
      }
    }
    return new float[] {descent, ascent};
  }

  // ---- lines to regions ----

  static List<Region> blocks(List<Line> lines, PagePixels pixels) {
    if (lines.isEmpty()) {
      return List.of();
    }
    double body = bodyEm(lines);
    List<Region> regions = new ArrayList<>();
    List<Line> block = new ArrayList<>();
    String blockClass = null;
    Line prev = null;
    for (Line line : lines) {
      String cls = sizeClass(line, body);
      if (prev != null && (startsBlock(prev, line) || !cls.equals(blockClass))) {
        regions.add(region(block, blockClass, pixels));
        block = new ArrayList<>();
      }
      block.add(line);
      blockClass = cls;
      prev = line;
    }
    regions.add(region(block, blockClass, pixels));
    return regions;
  }

  private static boolean startsBlock(Line prev, Line line) {
    if (line.paragraphStart()) {
      return true;
    }
    Box p = prev.box();
    Box c = line.box();
    int lineHeight = Math.max(1, p.height());
    // reading order went up (a new column) or the gap is larger than a line
    if (c.y1() < p.y1() - lineHeight / 2 || c.y1() - p.y2() > lineHeight) {
      return true;
    }
    // no horizontal overlap: side by side, not one under the other
    return c.x1() >= p.x2() || c.x2() <= p.x1();
  }

  private static String sizeClass(Line line, double body) {
    if (body > 0 && line.em() >= body * TITLE_RATIO) {
      return RegionLabels.TITLE;
    }
    if (body > 0 && line.em() >= body * SUB_TITLE_RATIO) {
      return RegionLabels.SUB_TITLE;
    }
    return RegionLabels.TEXT;
  }

  private static Region region(List<Line> block, String sizeClass, PagePixels pixels) {
    List<TextLine> textLines = new ArrayList<>(block.size());
    List<Box> boxes = new ArrayList<>(block.size());
    StringBuilder sb = new StringBuilder();
    boolean heading = !RegionLabels.TEXT.equals(sizeClass);
    for (Line l : block) {
      textLines.add(new TextLine(l.box(), l.text()));
      boxes.add(l.box());
      if (sb.length() > 0) {
        sb.append(heading ? ' ' : '\n');
      }
      sb.append(l.text());
    }
    Box bbox = Box.union(boxes);
    String label = sizeClass;
    String text = sb.toString();
    String furniture = furniture(bbox, text, pixels);
    if (furniture != null) {
      label = furniture;
    } else if (RegionLabels.TITLE.equals(sizeClass)) {
      text = "# " + text;
    } else if (RegionLabels.SUB_TITLE.equals(sizeClass)) {
      text = "## " + text;
    }
    return new Region(label, List.of(bbox), text, textLines);
  }

  private static String furniture(Box box, String text, PagePixels pixels) {
    double band = pixels.height() * MARGIN_BAND;
    boolean top = box.y2() <= band;
    boolean bottom = box.y1() >= pixels.height() - band;
    if (!top && !bottom) {
      return null;
    }
    if (isPageNumber(text)) {
      return RegionLabels.PAGE_NUMBER;
    }
    return top ? RegionLabels.HEADER : RegionLabels.FOOTER;
  }

  static boolean isPageNumber(String text) {
    return text.strip()
        .matches("(?iu)(?:-\\s*)?(?:page|seite|p\\.|pag\\.)?\\s*[0-9ivxlc]+(?:\\s*(?:of|/|von)\\s*[0-9]+)?(?:\\s*-)?");
  }

  /** The em size most characters on the page have: the median over lines, weighted by length. */
  private static double bodyEm(List<Line> lines) {
    List<double[]> weighted = new ArrayList<>();
    long total = 0;
    for (Line l : lines) {
      int w = Math.max(1, l.text().length());
      weighted.add(new double[] {l.em(), w});
      total += w;
    }
    weighted.sort((a, b) -> Double.compare(a[0], b[0]));
    long half = (total + 1) / 2;
    long seen = 0;
    for (double[] e : weighted) {
      seen += (long) e[1];
      if (seen >= half) {
        return e[0];
      }
    }
    return weighted.get(weighted.size() - 1)[0];
  }

  private static double median(List<Double> values) {
    if (values.isEmpty()) {
      return 0;
    }
    double[] a = values.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(a);
    return a[a.length / 2];
  }
}
