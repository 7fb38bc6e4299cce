package org.groundedocr.it.tika;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;

/** Scans the integration tests make themselves: text drawn with Java2D, as a PNG and as a PDF of page images. */
final class ScanFiles {

  private ScanFiles() {}

  static BufferedImage page(List<String> lines) {
    BufferedImage img = new BufferedImage(640, 120 + 70 * lines.size(), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, img.getWidth(), img.getHeight());
      g.setColor(Color.BLACK);
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 34));
      int y = 90;
      for (String line : lines) {
        g.drawString(line, 50, y);
        y += 70;
      }
    } finally {
      g.dispose();
    }
    return img;
  }

  static Path png(Path dir, String name, List<String> lines) throws IOException {
    Path file = dir.resolve(name);
    ImageIO.write(page(lines), "png", file.toFile());
    return file;
  }

  /** A PDF whose pages are images of {@code pages}, at 144 dpi so rendering them back is 1:1. */
  static Path pdf(Path dir, String name, List<List<String>> pages) throws IOException {
    Path file = dir.resolve(name);
    try (PDDocument doc = new PDDocument()) {
      for (List<String> lines : pages) {
        BufferedImage img = page(lines);
        float w = img.getWidth() * 72f / 144;
        float h = img.getHeight() * 72f / 144;
        PDPage page = new PDPage(new PDRectangle(w, h));
        doc.addPage(page);
        PDImageXObject x = LosslessFactory.createFromImage(doc, img);
        try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
          cs.drawImage(x, 0, 0, w, h);
        }
      }
      doc.save(file.toFile());
    }
    return file;
  }

  /** A born-digital one-page PDF: the lines in Helvetica, a real text layer. */
  static Path textPdf(Path dir, String name, List<String> lines) throws IOException {
    Path file = dir.resolve(name);
    try (PDDocument doc = new PDDocument()) {
      PDPage page = new PDPage(PDRectangle.A5);
      doc.addPage(page);
      try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
        cs.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
        float y = page.getMediaBox().getHeight() - 60;
        for (String line : lines) {
          cs.beginText();
          cs.newLineAtOffset(50, y);
          cs.showText(line);
          cs.endText();
          y -= 18;
        }
      }
      doc.save(file.toFile());
    }
    return file;
  }
}
