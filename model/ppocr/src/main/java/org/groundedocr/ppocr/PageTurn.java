package org.groundedocr.ppocr;

import java.awt.geom.AffineTransform;
import java.awt.image.AffineTransformOp;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.groundedocr.image.PageImages;
import org.groundedocr.model.Box;
import org.groundedocr.model.GroundedPage;
import org.groundedocr.model.Region;
import org.groundedocr.model.TextLine;
import org.groundedocr.model.Word;

/**
 * A quarter turn of a whole page (clockwise), to read a page that was scanned turned: the image
 * turned upright, and the grounded page read from it turned back into the original image's pixels,
 * so that every box points at the page as the caller has it.
 */
enum PageTurn {
  NONE, CW90, CW180, CW270;

  /** {@code image} turned by this (a copy; the image itself for {@link #NONE}). */
  BufferedImage apply(BufferedImage image) {
    if (this == NONE) {
      return image;
    }
    BufferedImage src = PageImages.normalise(image);
    int w = src.getWidth();
    int h = src.getHeight();
    // AffineTransform(m00, m10, m01, m11, m02, m12): x' = m00 x + m01 y + m02, y' = m10 x + m11 y + m12
    AffineTransform tx = switch (this) {
      case CW90 -> new AffineTransform(0, 1, -1, 0, h, 0); // x' = h - y, y' = x
      case CW180 -> new AffineTransform(-1, 0, 0, -1, w, h);
      default -> new AffineTransform(0, -1, 1, 0, 0, w); // x' = y, y' = w - x
    };
    boolean swap = this != CW180;
    BufferedImage out = new BufferedImage(swap ? h : w, swap ? w : h, src.getType());
    new AffineTransformOp(tx, AffineTransformOp.TYPE_NEAREST_NEIGHBOR).filter(src, out);
    return out;
  }

  /** A box of the turned image as a box of the original {@code width x height} image. */
  Box back(Box b, int width, int height) {
    return switch (this) {
      case NONE -> b;
      case CW90 -> new Box(b.y1(), height - b.x2(), b.y2(), height - b.x1());
      case CW180 -> new Box(width - b.x2(), height - b.y2(), width - b.x1(), height - b.y1());
      case CW270 -> new Box(width - b.y2(), b.x1(), width - b.y1(), b.x2());
    };
  }

  /** The page read from the turned image, in the original {@code width x height} image's pixels. */
  GroundedPage back(GroundedPage p, int width, int height) {
    if (this == NONE) {
      return p;
    }
    List<Region> regions = new ArrayList<>(p.regions().size());
    for (Region r : p.regions()) {
      List<Box> boxes = r.boxes().stream().map(b -> back(b, width, height)).toList();
      List<TextLine> lines = new ArrayList<>(r.lines().size());
      for (TextLine l : r.lines()) {
        List<Word> words = l.words().stream()
            .map(w -> new Word(back(w.bbox(), width, height), w.text(), w.confidence())).toList();
        lines.add(new TextLine(back(l.bbox(), width, height), l.text(), words));
      }
      regions.add(new Region(r.label(), boxes, r.text(), lines));
    }
    return new GroundedPage(p.page(), width, height, regions, p.stats());
  }
}
