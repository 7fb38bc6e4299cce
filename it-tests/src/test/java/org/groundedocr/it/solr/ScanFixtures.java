package org.groundedocr.it.solr;

import java.awt.BasicStroke;
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
import javax.imageio.ImageIO;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.groundedocr.model.Box;

/**
 * Scans the tests render themselves, with the box of every line of text they draw: a two-page
 * report (title, headings, paragraphs, a ruled table, a bar chart with its caption, page numbers)
 * as an image-only PDF, a one-page PNG delivery note, a born-digital PDF, a corrupt file and an
 * encrypted PDF.
 */
final class ScanFixtures {

  /** A line of text and where it is, in page pixels. */
  record Line(int page, String text, Box box) {}

  /** A file and the lines drawn on it (pages in the same pixels the OCR reads them). */
  record Fixture(String name, String contentType, byte[] bytes, List<Line> lines) {}

  static final int WIDTH = 1000;
  static final int HEIGHT = 1400;

  private ScanFixtures() {}

  /** The two-page report as a scanned (image-only) PDF; pages placed at 72 DPI so 1 px = 1 pt. */
  static Fixture report(String title) throws IOException {
    List<Line> lines = new ArrayList<>();
    List<BufferedImage> pages = List.of(reportPage1(title, lines), reportPage2(lines));
    return new Fixture("report.pdf", "application/pdf", imagePdf(pages), lines);
  }

  private static BufferedImage reportPage1(String title, List<Line> out) {
    Page p = new Page(1, out);
    p.text(title, 46, Font.BOLD, 80);
    p.text("Summary", 34, Font.BOLD, 40);
    p.paragraph(28, List.of(
        "Shipments to the northern warehouses rose by twelve",
        "percent compared with the previous quarter, while",
        "returns fell slightly across all regions."));
    p.text("Carriers", 34, Font.BOLD, 40);
    p.paragraph(28, List.of(
        "Three carriers handled most parcels this quarter and",
        "the average delivery time dropped to two days."));
    p.pageNumber("1");
    return p.image;
  }

  private static BufferedImage reportPage2(List<Line> out) {
    Page p = new Page(2, out);
    p.text("Costs by carrier", 34, Font.BOLD, 40);
    p.table(28, List.of(
        List.of("Carrier", "Parcels", "Cost"),
        List.of("Northwind", "1200", "5400"),
        List.of("Bluefreight", "950", "4100"),
        List.of("Swiftline", "610", "2900")));
    p.chart(28, "Figure 1: Parcels per month");
    p.pageNumber("2");
    return p.image;
  }

  /** A one-page PNG delivery note. */
  static Fixture deliveryNote() throws IOException {
    List<Line> lines = new ArrayList<>();
    Page p = new Page(1, lines);
    p.text("Delivery Note", 46, Font.BOLD, 80);
    p.paragraph(28, List.of(
        "Order 4711 was delivered to the loading dock",
        "on Monday morning and signed for by the clerk."));
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    ImageIO.write(p.image, "png", b);
    return new Fixture("delivery-note.png", "image/png", b.toByteArray(), lines);
  }

  /** A born-digital PDF (text layer, no OCR needed). */
  static Fixture textPdf() throws IOException {
    return textPdf("customs.pdf", 1);
  }

  /** A born-digital PDF of {@code paragraphs} short paragraphs, one page each few. */
  static Fixture textPdf(String name, int paragraphs) throws IOException {
    try (PDDocument doc = new PDDocument(); ByteArrayOutputStream b = new ByteArrayOutputStream()) {
      PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
      int perPage = 8;
      for (int first = 0; first < paragraphs; first += perPage) {
        PDPage page = new PDPage(PDRectangle.A4);
        doc.addPage(page);
        try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
          cs.beginText();
          cs.setFont(font, 11);
          cs.newLineAtOffset(60, 780);
          for (int p = first; p < Math.min(paragraphs, first + perPage); p++) {
            cs.showText("Paragraph " + p + ". The crate of machine parts number " + p + " was inspected,");
            cs.newLineAtOffset(0, -14);
            cs.showText("weighed and sealed again; its papers list the supplier, the value and the");
            cs.newLineAtOffset(0, -14);
            cs.showText("customs tariff code, and the inspector signed every page of the form.");
            cs.newLineAtOffset(0, -34);
          }
          cs.endText();
        }
      }
      doc.save(b);
      return new Fixture(name, "application/pdf", b.toByteArray(), List.of());
    }
  }

  /** Bytes that claim to be a PDF and are not. */
  static Fixture corrupt() {
    byte[] junk = "%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\ntrailer garbage"
        .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    return new Fixture("broken.pdf", "application/pdf", junk, List.of());
  }

  /** A PDF that needs a user password. */
  static Fixture encrypted() throws IOException {
    try (PDDocument doc = new PDDocument(); ByteArrayOutputStream b = new ByteArrayOutputStream()) {
      PDPage page = new PDPage(PDRectangle.A4);
      doc.addPage(page);
      try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
        cs.beginText();
        cs.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 14);
        cs.newLineAtOffset(72, 760);
        cs.showText("Secret payroll figures");
        cs.endText();
      }
      StandardProtectionPolicy policy = new StandardProtectionPolicy("owner-pw", "user-pw", new AccessPermission());
      policy.setEncryptionKeyLength(128);
      doc.protect(policy);
      doc.save(b);
      return new Fixture("payroll.pdf", "application/pdf", b.toByteArray(), List.of());
    }
  }

  private static byte[] imagePdf(List<BufferedImage> pages) throws IOException {
    try (PDDocument doc = new PDDocument(); ByteArrayOutputStream b = new ByteArrayOutputStream()) {
      for (BufferedImage img : pages) {
        // 1 px = 1 pt: rendered at 72 DPI the page has exactly the image's pixels
        PDPage page = new PDPage(new PDRectangle(img.getWidth(), img.getHeight()));
        doc.addPage(page);
        PDImageXObject x = LosslessFactory.createFromImage(doc, img);
        try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
          cs.drawImage(x, 0, 0, img.getWidth(), img.getHeight());
        }
      }
      doc.save(b);
      return b.toByteArray();
    }
  }

  /** A page being drawn top to bottom. */
  private static final class Page {
    final int number;
    final List<Line> out;
    final BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    final Graphics2D g = image.createGraphics();
    int y = 60;

    Page(int number, List<Line> out) {
      this.number = number;
      this.out = out;
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, WIDTH, HEIGHT);
      g.setColor(Color.BLACK);
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    }

    Box draw(String s, int px, int style, int x, int top) {
      g.setFont(new Font(Font.SANS_SERIF, style, px));
      FontMetrics fm = g.getFontMetrics();
      int baseline = top + fm.getAscent();
      g.drawString(s, x, baseline);
      // the ink of the line, exactly: what a reader (and an OCR engine) sees of it
      java.awt.Rectangle ink =
          g.getFont().createGlyphVector(g.getFontRenderContext(), s).getPixelBounds(g.getFontRenderContext(), x, baseline);
      Box b = new Box(ink.x, ink.y, ink.x + ink.width, ink.y + ink.height);
      out.add(new Line(number, s, b));
      return b;
    }

    void text(String s, int px, int style, int gapAfter) {
      Box b = draw(s, px, style, 80, y);
      y = b.y2() + gapAfter;
    }

    void paragraph(int px, List<String> lines) {
      for (String l : lines) {
        Box b = draw(l, px, Font.PLAIN, 80, y);
        y = b.y2() + px / 2;
      }
      y += 40;
    }

    void table(int px, List<List<String>> rows) {
      int[] cols = {80, 380, 620, 900};
      int rowHeight = px * 2;
      int top = y;
      g.setStroke(new BasicStroke(2));
      for (int r = 0; r < rows.size(); r++) {
        int rowTop = top + r * rowHeight;
        for (int c = 0; c < rows.get(r).size(); c++) {
          draw(rows.get(r).get(c), px, r == 0 ? Font.BOLD : Font.PLAIN, cols[c] + 16, rowTop + px / 2);
        }
      }
      int bottom = top + rows.size() * rowHeight;
      for (int r = 0; r <= rows.size(); r++) {
        g.drawLine(cols[0], top + r * rowHeight, cols[cols.length - 1], top + r * rowHeight);
      }
      for (int c : cols) {
        g.drawLine(c, top, c, bottom);
      }
      y = bottom + 60;
    }

    void chart(int px, String caption) {
      int left = 120;
      int top = y;
      int h = 300;
      g.drawRect(left, top, 700, h);
      int[] bars = {120, 200, 260, 180, 240, 150};
      g.setColor(new Color(60, 90, 160));
      for (int i = 0; i < bars.length; i++) {
        g.fillRect(left + 40 + i * 110, top + h - bars[i], 70, bars[i]);
      }
      g.setColor(Color.BLACK);
      y = top + h + 30;
      text(caption, px, Font.ITALIC, 40);
    }

    void pageNumber(String s) {
      draw(s, 26, Font.PLAIN, WIDTH / 2 - 8, HEIGHT - 80);
    }
  }
}
