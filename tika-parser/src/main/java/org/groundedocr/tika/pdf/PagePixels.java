package org.groundedocr.tika.pdf;

import java.awt.geom.Point2D;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.groundedocr.model.Box;

/**
 * Where a point of a PDF page lands in the page image {@code PDFRenderer} draws at a given scale:
 * the crop box, flipped to a top-left origin, turned by the page's {@code /Rotate} and scaled. The
 * size is computed exactly as {@code PDFRenderer.renderImage} computes it, so boxes taken from the
 * text layer and boxes the OCR engine finds on the rendered image share one coordinate space,
 * page by page, whether the page was rendered or not.
 */
public final class PagePixels {

  private final float cropWidth;
  private final float cropHeight;
  private final float scale;
  private final int rotation;
  private final int width;
  private final int height;

  private PagePixels(float cropWidth, float cropHeight, float scale, int rotation) {
    this.cropWidth = cropWidth;
    this.cropHeight = cropHeight;
    this.scale = scale;
    this.rotation = rotation;
    // PDFRenderer: floor, at least one pixel (PDFBOX-4306), width and height swapped for 90/270
    int w = (int) Math.max(Math.floor(cropWidth * scale), 1);
    int h = (int) Math.max(Math.floor(cropHeight * scale), 1);
    boolean quarterTurn = rotation == 90 || rotation == 270;
    this.width = quarterTurn ? h : w;
    this.height = quarterTurn ? w : h;
  }

  /** The pixel grid of {@code page} rendered at {@code dpi}. */
  public static PagePixels of(PDPage page, int dpi) {
    PDRectangle crop = page.getCropBox();
    return new PagePixels(crop.getWidth(), crop.getHeight(), dpi / 72f, normalise(page.getRotation()));
  }

  static int normalise(int rotation) {
    int r = ((rotation % 360) + 360) % 360;
    // PDFRenderer only handles quarter turns; anything else it draws unrotated
    return r % 90 == 0 ? r : 0;
  }

  /** Image width in pixels. */
  public int width() {
    return width;
  }

  /** Image height in pixels. */
  public int height() {
    return height;
  }

  public long pixels() {
    return (long) width * height;
  }

  /**
   * The pixel position of a point given in crop-box-relative user space (origin at the crop box's
   * lower left, y up), which is what PDFBox's {@code TextPosition} text matrices use.
   */
  public Point2D.Double toPixel(double x, double y) {
    // unrotated, top-left origin, in points
    double u = x;
    double v = cropHeight - y;
    double px;
    double py;
    switch (rotation) {
      case 90 -> {
        px = cropHeight - v;
        py = u;
      }
      case 180 -> {
        px = cropWidth - u;
        py = cropHeight - v;
      }
      case 270 -> {
        px = v;
        py = cropWidth - u;
      }
      default -> {
        px = u;
        py = v;
      }
    }
    return new Point2D.Double(px * scale, py * scale);
  }

  /**
   * The pixel box holding the given corner points (crop-box-relative user space), clipped to the
   * image; {@code null} when it is empty after clipping.
   */
  public Box box(double[] xs, double[] ys) {
    double minX = Double.POSITIVE_INFINITY;
    double minY = Double.POSITIVE_INFINITY;
    double maxX = Double.NEGATIVE_INFINITY;
    double maxY = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < xs.length; i++) {
      Point2D.Double p = toPixel(xs[i], ys[i]);
      minX = Math.min(minX, p.x);
      minY = Math.min(minY, p.y);
      maxX = Math.max(maxX, p.x);
      maxY = Math.max(maxY, p.y);
    }
    int x1 = clamp((int) Math.floor(minX), width);
    int y1 = clamp((int) Math.floor(minY), height);
    int x2 = clamp((int) Math.ceil(maxX), width);
    int y2 = clamp((int) Math.ceil(maxY), height);
    if (x2 <= x1 || y2 <= y1) {
      return null;
    }
    return new Box(x1, y1, x2, y2);
  }

  private static int clamp(int v, int max) {
    return Math.max(0, Math.min(v, max));
  }
}
