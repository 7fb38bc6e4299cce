package org.groundedocr.tika;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.groundedocr.model.Box;

/**
 * Documents the tests build themselves: scanned pages (text drawn with Java2D, placed as images
 * into a PDF with PDFBox) and born-digital pages (text drawn with PDFBox's standard fonts), each
 * with the boxes its lines must come back with.
 */
public final class TestDocuments {

  /** A line of text and where it is on the page, in pixels at the page's DPI. */
  public record Line(String text, Box box) {}

  /** A built page: its size in pixels at {@code dpi} and its lines. */
  public record Page(int width, int height, List<Line> lines) {}

  /** A built document. */
  public record Doc(byte[] bytes, List<Page> pages) {}

  private TestDocuments() {}

  /**
   * Java2D page images of {@code width x height} pixels, black text on white, one line per entry,
   * {@code fontPx} high.
   */
  public static BufferedImage textImage(int width, int height, List<String> lines, int fontPx, List<Line> out) {
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, width, height);
      g.setColor(Color.BLACK);
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, fontPx));
      FontMetrics fm = g.getFontMetrics();
      int x = fontPx * 2;
      int y = fontPx * 2;
      for (String line : lines) {
        int baseline = y + fm.getAscent();
        g.drawString(line, x, baseline);
        if (out != null) {
          out.add(new Line(line, new Box(x, y, x + fm.stringWidth(line), y + fm.getAscent() + fm.getDescent())));
        }
        y += (int) (fm.getHeight() * 1.6);
      }
    } finally {
      g.dispose();
    }
    return img;
  }

  /**
   * A scanned PDF: each page an image of its lines at {@code dpi}, filling a page of the image's
   * size in points, so rendering it back at {@code dpi} gives the same pixel grid.
   */
  public static Doc scannedPdf(List<List<String>> pages, int width, int height, int fontPx, int dpi)
      throws IOException {
    List<Page> built = new ArrayList<>();
    try (PDDocument doc = new PDDocument(); ByteArrayOutputStream bytes = new ByteArrayOutputStream()) {
      for (List<String> lines : pages) {
        List<Line> boxes = new ArrayList<>();
        BufferedImage img = textImage(width, height, lines, fontPx, boxes);
        float wPt = width * 72f / dpi;
        float hPt = height * 72f / dpi;
        PDPage page = new PDPage(new PDRectangle(wPt, hPt));
        doc.addPage(page);
        PDImageXObject x = LosslessFactory.createFromImage(doc, img);
        try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
          cs.drawImage(x, 0, 0, wPt, hPt);
        }
        built.add(new Page(width, height, boxes));
      }
      doc.save(bytes);
      return new Doc(bytes.toByteArray(), built);
    }
  }

  /** What a born-digital page holds: a title, body lines and a page number at the bottom. */
  public record TextPage(String title, List<String> body, String pageNumber) {}

  public static final float TITLE_SIZE = 20;
  public static final float BODY_SIZE = 11;
  public static final float LEADING = 15;
  public static final float MARGIN = 54;

  /**
   * A born-digital PDF of US-letter-sized pages ({@code rotation} as {@code /Rotate}); returns the
   * lines' boxes in pixels at {@code dpi} for an unrotated page (baseline to cap height ignored:
   * the box spans the font's descent to ascent).
   */
  public static Doc textPdf(List<TextPage> pages, int rotation, int dpi) throws IOException {
    PDType1Font helvetica = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
    PDType1Font bold = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
    List<Page> built = new ArrayList<>();
    float s = dpi / 72f;
    try (PDDocument doc = new PDDocument(); ByteArrayOutputStream bytes = new ByteArrayOutputStream()) {
      for (TextPage tp : pages) {
        PDRectangle size = PDRectangle.LETTER;
        PDPage page = new PDPage(size);
        page.setRotation(rotation);
        doc.addPage(page);
        List<Line> lines = new ArrayList<>();
        try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
          float y = size.getHeight() - MARGIN - TITLE_SIZE;
          if (tp.title() != null) {
            show(cs, bold, TITLE_SIZE, MARGIN, y, tp.title());
            lines.add(line(tp.title(), bold, TITLE_SIZE, MARGIN, y, size.getHeight(), s));
            y -= TITLE_SIZE * 2;
          }
          for (String text : tp.body()) {
            show(cs, helvetica, BODY_SIZE, MARGIN, y, text);
            lines.add(line(text, helvetica, BODY_SIZE, MARGIN, y, size.getHeight(), s));
            y -= LEADING;
          }
          if (tp.pageNumber() != null) {
            float w = helvetica.getStringWidth(tp.pageNumber()) / 1000 * BODY_SIZE;
            float x = (size.getWidth() - w) / 2;
            show(cs, helvetica, BODY_SIZE, x, 24, tp.pageNumber());
            lines.add(line(tp.pageNumber(), helvetica, BODY_SIZE, x, 24, size.getHeight(), s));
          }
        }
        int w = (int) Math.floor(size.getWidth() * s);
        int h = (int) Math.floor(size.getHeight() * s);
        built.add(new Page(w, h, lines));
      }
      doc.save(bytes);
      return new Doc(bytes.toByteArray(), built);
    }
  }

  private static void show(PDPageContentStream cs, PDType1Font font, float size, float x, float y, String text)
      throws IOException {
    cs.beginText();
    cs.setFont(font, size);
    cs.newLineAtOffset(x, y);
    cs.showText(text);
    cs.endText();
  }

  private static Line line(String text, PDType1Font font, float size, float x, float baseline, float pageHeight, float s)
      throws IOException {
    float w = font.getStringWidth(text) / 1000 * size;
    float ascent = font.getFontDescriptor().getAscent() / 1000 * size;
    float descent = font.getFontDescriptor().getDescent() / 1000 * size;
    int x1 = (int) Math.floor(x * s);
    int x2 = (int) Math.ceil((x + w) * s);
    int y1 = (int) Math.floor((pageHeight - baseline - ascent) * s);
    int y2 = (int) Math.ceil((pageHeight - baseline - descent) * s);
    return new Line(text, new Box(x1, y1, x2, y2));
  }
}
