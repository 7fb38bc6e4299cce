package org.groundedocr.ppocr;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.font.FontRenderContext;
import java.awt.font.TextLayout;
import java.awt.geom.AffineTransform;
import java.awt.geom.Point2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.groundedocr.model.Box;

/**
 * Pages the tests render themselves with Java2D, so that the truth is exact: each line's text and
 * its ink box (the glyphs' visual bounds, turned with the page when the page is rotated).
 */
final class SyntheticPage {

  /** One rendered line: its text and its ink box on the page. */
  record TruthLine(String text, Box box) {}

  /** Something to draw: text at a baseline position and size. */
  record Item(String text, int x, int baseline, float size, boolean bold) {}

  final BufferedImage image;
  final List<TruthLine> lines;

  private SyntheticPage(BufferedImage image, List<TruthLine> lines) {
    this.image = image;
    this.lines = lines;
  }

  /** Paragraph lines of {@code size}-pixel text from {@code top}, {@code leading} apart. */
  static List<Item> paragraph(List<String> texts, int x, int top, float size, double leading) {
    List<Item> items = new ArrayList<>();
    int baseline = top + Math.round(size);
    for (String t : texts) {
      items.add(new Item(t, x, baseline, size, false));
      baseline += (int) Math.round(size * leading);
    }
    return items;
  }

  /**
   * Renders {@code items} on a white {@code width x height} page, turned by {@code degrees} about
   * the centre, then adds Gaussian noise of {@code noiseSigma} grey levels and {@code speckle}
   * (a fraction of pixels set to black or white).
   */
  static SyntheticPage render(int width, int height, List<Item> items, double degrees,
      double noiseSigma, double speckle, long seed) {
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, width, height);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
    AffineTransform rotation = AffineTransform.getRotateInstance(
        Math.toRadians(degrees), width / 2.0, height / 2.0);
    g.transform(rotation);
    g.setColor(new Color(20, 20, 20));
    FontRenderContext frc = new FontRenderContext(new AffineTransform(), true, true);
    List<TruthLine> truth = new ArrayList<>();
    for (Item it : items) {
      Font font = new Font("DejaVu Sans", it.bold() ? Font.BOLD : Font.PLAIN, 1).deriveFont(it.size());
      TextLayout layout = new TextLayout(it.text(), font, frc);
      layout.draw(g, it.x(), it.baseline());
      Rectangle2D ink = layout.getBounds();
      ink.setRect(ink.getX() + it.x(), ink.getY() + it.baseline(), ink.getWidth(), ink.getHeight());
      truth.add(new TruthLine(it.text(), rotatedBounds(ink, rotation, width, height)));
    }
    g.dispose();
    if (noiseSigma > 0 || speckle > 0) {
      Random random = new Random(seed);
      for (int y = 0; y < height; y++) {
        for (int x = 0; x < width; x++) {
          double r = random.nextDouble();
          int v;
          if (r < speckle / 2) {
            v = 0;
          } else if (r < speckle) {
            v = 255;
          } else {
            int grey = img.getRGB(x, y) & 0xFF;
            v = (int) Math.max(0, Math.min(255, grey + random.nextGaussian() * noiseSigma));
          }
          img.setRGB(x, y, v << 16 | v << 8 | v);
        }
      }
    }
    return new SyntheticPage(img, truth);
  }

  private static Box rotatedBounds(Rectangle2D r, AffineTransform t, int width, int height) {
    double minX = Double.MAX_VALUE;
    double minY = Double.MAX_VALUE;
    double maxX = -Double.MAX_VALUE;
    double maxY = -Double.MAX_VALUE;
    double[][] corners = {
      {r.getMinX(), r.getMinY()}, {r.getMaxX(), r.getMinY()},
      {r.getMaxX(), r.getMaxY()}, {r.getMinX(), r.getMaxY()}
    };
    for (double[] c : corners) {
      Point2D p = t.transform(new Point2D.Double(c[0], c[1]), null);
      minX = Math.min(minX, p.getX());
      minY = Math.min(minY, p.getY());
      maxX = Math.max(maxX, p.getX());
      maxY = Math.max(maxY, p.getY());
    }
    return new Box((int) Math.floor(minX), (int) Math.floor(minY),
        (int) Math.ceil(maxX), (int) Math.ceil(maxY)).clip(width, height);
  }

  /** Character error rate {@code 1 - ED/max(len)} complement: {@code ED / max(len)}, 0 for two empty strings. */
  static double cer(String truth, String read) {
    String a = normalise(truth);
    String b = normalise(read);
    int max = Math.max(a.length(), b.length());
    return max == 0 ? 0 : (double) levenshtein(a, b) / max;
  }

  /** Whitespace runs to one space, trimmed: line breaks and spacing are layout, not text. */
  static String normalise(String s) {
    return s.replaceAll("\\s+", " ").strip();
  }

  static int levenshtein(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
