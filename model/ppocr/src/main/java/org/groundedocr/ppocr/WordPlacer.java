package org.groundedocr.ppocr;

import java.util.ArrayList;
import java.util.List;
import org.groundedocr.model.Box;
import org.groundedocr.model.Word;

/**
 * Places a line's words on the page: a word's columns in the crop ({@link CropWord}) are distances
 * along the crop's frame ({@link CropFrame}: the crop of {@code cropWidth} columns spans the frame's
 * length), and the word's box is the bounding box of that stretch of the frame across the line's
 * full thickness, so it follows the line's skew and a line the direction classifier turned.
 * Stateless.
 */
final class WordPlacer {

  private WordPlacer() {}

  static List<Word> onPage(CropFrame frame, int cropWidth, List<CropWord> words, int pageWidth,
      int pageHeight) {
    List<Word> out = new ArrayList<>(words.size());
    double scale = frame.length() / Math.max(1, cropWidth);
    for (CropWord w : words) {
      double s0 = w.x0() * scale;
      double s1 = w.x1() * scale;
      double minX = Double.MAX_VALUE;
      double minY = Double.MAX_VALUE;
      double maxX = -Double.MAX_VALUE;
      double maxY = -Double.MAX_VALUE;
      for (double s : new double[] {s0, s1}) {
        for (double t : new double[] {0, frame.thickness()}) {
          double x = frame.ox() + frame.ux() * s + frame.vx() * t;
          double y = frame.oy() + frame.uy() * s + frame.vy() * t;
          minX = Math.min(minX, x);
          minY = Math.min(minY, y);
          maxX = Math.max(maxX, x);
          maxY = Math.max(maxY, y);
        }
      }
      Box box = new Box((int) Math.floor(minX), (int) Math.floor(minY),
          (int) Math.ceil(maxX), (int) Math.ceil(maxY)).clip(pageWidth, pageHeight);
      out.add(new Word(box, w.text(), w.confidence()));
    }
    return out;
  }
}
