package org.groundedocr.tesseract;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * A page of sections the tests render with Java2D, each a heading set across the page (centred,
 * over the gutter) above two columns of prose, so the reading order is known: each heading, then
 * its left column, then its right one. The font is {@link AccentedPage#FONT}.
 */
record ColumnPage(BufferedImage image, List<String> order, int gutterX) {

  /** A heading over its two columns of lines. */
  record Section(String heading, List<String> left, List<String> right) {}

  /**
   * Renders the sections at {@code size} px body text (bold headings 1.6 times as big), columns
   * {@code columnWidth} px wide and {@code gutter} px apart.
   */
  static ColumnPage render(List<Section> sections, int size, int columnWidth, int gutter) {
    int margin = 120;
    int leading = Math.round(size * 1.45f);
    int headSize = Math.round(size * 1.6f);
    int height = 2 * margin;
    for (Section s : sections) {
      height += 2 * headSize + Math.max(s.left().size(), s.right().size()) * leading + size;
    }
    int width = 2 * margin + 2 * columnWidth + gutter;
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, width, height);
    g.setColor(Color.BLACK);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    Font body = new Font(AccentedPage.FONT, Font.PLAIN, size);
    Font head = new Font(AccentedPage.FONT, Font.BOLD, headSize);
    List<String> order = new ArrayList<>();
    int y = margin;
    for (Section s : sections) {
      g.setFont(head);
      int w = g.getFontMetrics().stringWidth(s.heading());
      y += headSize;
      g.drawString(s.heading(), (width - w) / 2, y);
      order.add(s.heading());
      y += headSize;
      int top = y;
      g.setFont(body);
      int rows = Math.max(s.left().size(), s.right().size());
      for (int c = 0; c < 2; c++) {
        List<String> lines = c == 0 ? s.left() : s.right();
        int x = margin + c * (columnWidth + gutter);
        int baseline = top + size;
        for (String line : lines) {
          g.drawString(line, x, baseline);
          order.add(line);
          baseline += leading;
        }
      }
      y = top + rows * leading;
      y += size;
    }
    g.dispose();
    return new ColumnPage(img, List.copyOf(order), margin + columnWidth + gutter / 2);
  }
}
