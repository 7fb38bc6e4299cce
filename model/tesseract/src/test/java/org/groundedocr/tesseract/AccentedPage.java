package org.groundedocr.tesseract;

import java.awt.Color;
import java.awt.Font;
import java.awt.GraphicsEnvironment;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.font.FontRenderContext;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.groundedocr.model.Box;

/**
 * A page the tests render with Java2D, so the truth is exact: every word's text and ink box. The
 * font is DejaVu Serif or Liberation Serif when installed (both have every Latin-1 and Latin
 * Extended-A glyph), else the JDK's logical {@code Serif}.
 */
record AccentedPage(BufferedImage image, List<TruthWord> words) {

  record TruthWord(String text, Box box, int column) {}

  static final String FONT = pickFont();

  /**
   * Renders {@code columns} (each a list of lines) side by side at {@code size} px (about 12 pt
   * at 300 dpi for size 50), {@code gutter} px apart.
   */
  static AccentedPage render(List<List<String>> columns, int size, int columnWidth, int gutter) {
    int margin = 100;
    int leading = Math.round(size * 1.5f);
    int rows = columns.stream().mapToInt(List::size).max().orElse(0);
    int width = 2 * margin + columns.size() * columnWidth + (columns.size() - 1) * gutter;
    int height = 2 * margin + rows * leading;
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, width, height);
    g.setColor(Color.BLACK);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    Font font = new Font(FONT, Font.PLAIN, size);
    g.setFont(font);
    FontRenderContext frc = g.getFontRenderContext();
    float space = (float) font.getStringBounds(" ", frc).getWidth();
    List<TruthWord> words = new ArrayList<>();
    for (int c = 0; c < columns.size(); c++) {
      int x0 = margin + c * (columnWidth + gutter);
      int baseline = margin + size;
      for (String line : columns.get(c)) {
        float x = x0;
        for (String w : line.split(" ")) {
          g.drawString(w, x, baseline);
          Rectangle ink = font.createGlyphVector(frc, w).getPixelBounds(frc, x, baseline);
          words.add(new TruthWord(w, new Box(ink.x, ink.y, ink.x + ink.width,
              ink.y + ink.height), c));
          x += (float) font.getStringBounds(w, frc).getWidth() + space;
        }
        baseline += leading;
      }
    }
    g.dispose();
    return new AccentedPage(img, List.copyOf(words));
  }

  private static String pickFont() {
    List<String> families = Arrays.asList(
        GraphicsEnvironment.getLocalGraphicsEnvironment().getAvailableFontFamilyNames());
    for (String f : List.of("DejaVu Serif", "Liberation Serif")) {
      if (families.contains(f)) {
        return f;
      }
    }
    return Font.SERIF;
  }
}
