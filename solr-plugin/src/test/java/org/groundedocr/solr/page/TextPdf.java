package org.groundedocr.solr.page;

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
import org.groundedocr.model.Box;

/**
 * A born-digital PDF (text layer, so no OCR engine is needed to ingest it) with the boxes of its
 * words in pixels of the page rendered at {@code dpi}.
 */
final class TextPdf {

  record Word(String text, int page, Box box) {}

  final byte[] bytes;
  final List<Word> words;
  final int width;
  final int height;

  private TextPdf(byte[] bytes, List<Word> words, int width, int height) {
    this.bytes = bytes;
    this.words = words;
    this.width = width;
    this.height = height;
  }

  Word word(String text) {
    return words.stream().filter(w -> w.text().equals(text)).findFirst().orElseThrow();
  }

  /** Pages of lines, Helvetica 12 pt, on A4, the first line of each page a 20 pt title. */
  static TextPdf of(List<List<String>> pages, int dpi) throws IOException {
    PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
    PDType1Font bold = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
    float s = dpi / 72f;
    PDRectangle a4 = PDRectangle.A4;
    List<Word> words = new ArrayList<>();
    try (PDDocument doc = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      for (int p = 0; p < pages.size(); p++) {
        PDPage page = new PDPage(a4);
        doc.addPage(page);
        try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
          float y = a4.getHeight() - 72;
          boolean first = true;
          for (String line : pages.get(p)) {
            PDType1Font f = first ? bold : font;
            float size = first ? 20 : 12;
            cs.beginText();
            cs.setFont(f, size);
            cs.newLineAtOffset(60, y);
            cs.showText(line);
            cs.endText();
            float x = 60;
            float ascent = f.getFontDescriptor().getAscent() / 1000 * size;
            float descent = f.getFontDescriptor().getDescent() / 1000 * size;
            for (String w : line.split(" ")) {
              float ww = f.getStringWidth(w) / 1000 * size;
              words.add(new Word(w, p + 1, new Box((int) Math.floor(x * s),
                  (int) Math.floor((a4.getHeight() - y - ascent) * s), (int) Math.ceil((x + ww) * s),
                  (int) Math.ceil((a4.getHeight() - y - descent) * s))));
              x += ww + f.getStringWidth(" ") / 1000 * size;
            }
            y -= first ? 40 : 18;
            first = false;
          }
        }
      }
      doc.save(out);
      return new TextPdf(out.toByteArray(), words, (int) Math.floor(a4.getWidth() * s),
          (int) Math.floor(a4.getHeight() * s));
    }
  }
}
