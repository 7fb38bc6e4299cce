package org.groundedocr.tika.pdf;

import java.awt.geom.Point2D;
import java.io.IOException;
import org.apache.pdfbox.contentstream.PDFGraphicsStreamEngine;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.graphics.image.PDImage;
import org.apache.pdfbox.util.Matrix;

/**
 * One pass over a page's content stream without rendering it: how much of the page images cover,
 * and the largest image (declared width x height) the page draws. The first feeds the
 * {@code auto} strategy's "scan with a stamp" rule; the second lets the parser refuse a page that
 * would decode a decompression bomb before {@code PDFRenderer} allocates it. Images are not
 * decoded here.
 */
final class PageSurvey extends PDFGraphicsStreamEngine {

  /** What the survey found. */
  record Result(double imageCoverage, long largestImagePixels, int images) {}

  private final PDRectangle crop;
  private double coveredArea;
  private long largestImagePixels;
  private int images;

  private PageSurvey(PDPage page) {
    super(page);
    this.crop = page.getCropBox();
  }

  static Result of(PDPage page) throws IOException {
    PageSurvey survey = new PageSurvey(page);
    survey.processPage(page);
    double pageArea = Math.max(1e-6, (double) survey.crop.getWidth() * survey.crop.getHeight());
    return new Result(
        Math.min(1.0, survey.coveredArea / pageArea), survey.largestImagePixels, survey.images);
  }

  @Override
  public void drawImage(PDImage pdImage) {
    images++;
    largestImagePixels =
        Math.max(largestImagePixels, (long) pdImage.getWidth() * (long) pdImage.getHeight());
    // the image fills the unit square of the current transformation matrix
    Matrix ctm = getGraphicsState().getCurrentTransformationMatrix();
    double minX = Double.POSITIVE_INFINITY;
    double minY = Double.POSITIVE_INFINITY;
    double maxX = Double.NEGATIVE_INFINITY;
    double maxY = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < 4; i++) {
      Point2D.Float p = ctm.transformPoint(i & 1, i >> 1);
      minX = Math.min(minX, p.x);
      minY = Math.min(minY, p.y);
      maxX = Math.max(maxX, p.x);
      maxY = Math.max(maxY, p.y);
    }
    double w =
        Math.min(maxX, crop.getUpperRightX()) - Math.max(minX, crop.getLowerLeftX());
    double h =
        Math.min(maxY, crop.getUpperRightY()) - Math.max(minY, crop.getLowerLeftY());
    if (w > 0 && h > 0) {
      coveredArea += w * h;
    }
  }

  // Paths, clips and shadings do not matter here.

  @Override
  public void appendRectangle(Point2D p0, Point2D p1, Point2D p2, Point2D p3) {}

  @Override
  public void clip(int windingRule) {}

  @Override
  public void moveTo(float x, float y) {}

  @Override
  public void lineTo(float x, float y) {}

  @Override
  public void curveTo(float x1, float y1, float x2, float y2, float x3, float y3) {}

  @Override
  public Point2D getCurrentPoint() {
    return new Point2D.Float(0, 0);
  }

  @Override
  public void closePath() {}

  @Override
  public void endPath() {}

  @Override
  public void strokePath() {}

  @Override
  public void fillPath(int windingRule) {}

  @Override
  public void fillAndStrokePath(int windingRule) {}

  @Override
  public void shadingFill(org.apache.pdfbox.cos.COSName shadingName) {}
}
