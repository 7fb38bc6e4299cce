package org.groundedocr.ppocr;

import java.util.ArrayList;
import java.util.List;

/**
 * DB ("Differentiable Binarization", Liao et al. 2020) post-processing, as PaddleOCR's
 * {@code DBPostProcess} does it: threshold the probability map, take each text kernel's outline,
 * fit its minimum-area rectangle, score the rectangle by the mean probability inside it, grow it by
 * the unclip distance (the network was trained on kernels shrunk by that rule), and map it back to
 * page pixels.
 *
 * <p>OpenCV's {@code findContours} is replaced by 8-connected component labelling: the
 * minimum-area rectangle depends only on the convex hull of the outline, and the hull of a
 * component is the hull of its leftmost and rightmost pixel on every row, which the labelling
 * collects in one pass. Holes in a kernel (which {@code RETR_LIST} would report as extra contours
 * giving duplicate, smaller boxes) are ignored on purpose.
 *
 * <p>Stateless and thread-safe.
 */
final class DbPostProcessor {

  /** PaddleOCR's {@code min_size}: kernels whose short side is under this are noise. */
  static final int MIN_SIZE = 3;

  private final float binaryThreshold;
  private final float boxThreshold;
  private final double unclipRatio;
  private final int maxCandidates;

  DbPostProcessor(float binaryThreshold, float boxThreshold, double unclipRatio, int maxCandidates) {
    this.binaryThreshold = binaryThreshold;
    this.boxThreshold = boxThreshold;
    this.unclipRatio = unclipRatio;
    this.maxCandidates = maxCandidates;
  }

  /**
   * Text boxes in page pixels.
   *
   * @param prob the probability map, row-major, {@code mapWidth x mapHeight}
   * @param pageWidth width of the page the map was computed from (boxes are scaled to it)
   */
  List<Quad> boxes(float[] prob, int mapWidth, int mapHeight, int pageWidth, int pageHeight) {
    int[] labels = new int[mapWidth * mapHeight];
    List<Quad> boxes = new ArrayList<>();
    // per component: the leftmost and rightmost pixel of each of its rows
    int[] xs = new int[1024];
    int[] ys = new int[1024];
    int[] rowMin = new int[mapHeight];
    int[] rowMax = new int[mapHeight];
    int[] stack = new int[1024];
    int components = 0;
    double sx = (double) pageWidth / mapWidth;
    double sy = (double) pageHeight / mapHeight;
    for (int start = 0; start < labels.length && components < maxCandidates; start++) {
      if (labels[start] != 0 || prob[start] <= binaryThreshold) {
        continue;
      }
      components++;
      int label = components;
      int top = start / mapWidth;
      int bottom = top;
      labels[start] = label;
      int sp = 0;
      stack[sp++] = start;
      rowMin[top] = rowMax[top] = start % mapWidth;
      while (sp > 0) {
        int p = stack[--sp];
        int py = p / mapWidth;
        int px = p - py * mapWidth;
        if (py > bottom) {
          for (int r = bottom + 1; r <= py; r++) {
            rowMin[r] = Integer.MAX_VALUE;
            rowMax[r] = Integer.MIN_VALUE;
          }
          bottom = py;
        }
        if (py < top) {
          for (int r = py; r < top; r++) {
            rowMin[r] = Integer.MAX_VALUE;
            rowMax[r] = Integer.MIN_VALUE;
          }
          top = py;
        }
        rowMin[py] = Math.min(rowMin[py], px);
        rowMax[py] = Math.max(rowMax[py], px);
        for (int dy = -1; dy <= 1; dy++) {
          int ny = py + dy;
          if (ny < 0 || ny >= mapHeight) {
            continue;
          }
          for (int dx = -1; dx <= 1; dx++) {
            int nx = px + dx;
            if ((dx == 0 && dy == 0) || nx < 0 || nx >= mapWidth) {
              continue;
            }
            int q = ny * mapWidth + nx;
            if (labels[q] == 0 && prob[q] > binaryThreshold) {
              labels[q] = label;
              if (sp == stack.length) {
                stack = java.util.Arrays.copyOf(stack, stack.length * 2);
              }
              stack[sp++] = q;
            }
          }
        }
      }
      int n = 0;
      int rows = bottom - top + 1;
      if (xs.length < 2 * rows) {
        xs = new int[2 * rows];
        ys = new int[2 * rows];
      }
      for (int r = top; r <= bottom; r++) {
        if (rowMin[r] <= rowMax[r]) {
          xs[n] = rowMin[r];
          ys[n++] = r;
          xs[n] = rowMax[r];
          ys[n++] = r;
        }
      }
      Quad box = box(prob, mapWidth, mapHeight, xs, ys, n, sx, sy, pageWidth, pageHeight);
      if (box != null) {
        boxes.add(box);
      }
    }
    return boxes;
  }

  private Quad box(
      float[] prob, int mapWidth, int mapHeight, int[] xs, int[] ys, int n,
      double sx, double sy, int pageWidth, int pageHeight) {
    RotatedRect kernel = RotatedRect.minAreaRect(xs, ys, n);
    if (kernel == null || kernel.shortSide() < MIN_SIZE) {
      return null;
    }
    Quad kernelQuad = kernel.toQuad();
    if (meanInside(prob, mapWidth, mapHeight, kernelQuad) < boxThreshold) {
      return null;
    }
    RotatedRect grown = kernel.grow(kernel.unclipDistance(unclipRatio));
    if (grown.shortSide() < MIN_SIZE + 2) {
      return null;
    }
    Quad q = grown.toQuad();
    Quad page =
        new Quad(
            clip(Math.round(q.x0() * sx), pageWidth), clip(Math.round(q.y0() * sy), pageHeight),
            clip(Math.round(q.x1() * sx), pageWidth), clip(Math.round(q.y1() * sy), pageHeight),
            clip(Math.round(q.x2() * sx), pageWidth), clip(Math.round(q.y2() * sy), pageHeight),
            clip(Math.round(q.x3() * sx), pageWidth), clip(Math.round(q.y3() * sy), pageHeight));
    // PaddleOCR's filter_tag_det_res: boxes 3 pixels or thinner on the page are dropped
    if (page.width() <= 3 || page.height() <= 3) {
      return null;
    }
    return page;
  }

  private static double clip(double v, int max) {
    return Math.max(0, Math.min(v, max));
  }

  /**
   * PaddleOCR's {@code box_score_fast}: the mean probability over the pixels inside the box (pixel
   * centres at integer coordinates, edges included as {@code fillPoly} includes them).
   */
  static double meanInside(float[] prob, int mapWidth, int mapHeight, Quad q) {
    int xmin = (int) Math.max(0, Math.min(mapWidth - 1, Math.floor(q.minX())));
    int xmax = (int) Math.max(0, Math.min(mapWidth - 1, Math.ceil(q.maxX())));
    int ymin = (int) Math.max(0, Math.min(mapHeight - 1, Math.floor(q.minY())));
    int ymax = (int) Math.max(0, Math.min(mapHeight - 1, Math.ceil(q.maxY())));
    double[] px = {q.x0(), q.x1(), q.x2(), q.x3()};
    double[] py = {q.y0(), q.y1(), q.y2(), q.y3()};
    double sum = 0;
    int count = 0;
    for (int y = ymin; y <= ymax; y++) {
      for (int x = xmin; x <= xmax; x++) {
        if (insideConvex(px, py, x, y)) {
          sum += prob[y * mapWidth + x];
          count++;
        }
      }
    }
    return count == 0 ? 0 : sum / count;
  }

  /** Whether (x, y) is inside or within half a pixel of the convex quadrilateral. */
  private static boolean insideConvex(double[] px, double[] py, double x, double y) {
    boolean pos = false;
    boolean neg = false;
    for (int i = 0; i < 4; i++) {
      int j = (i + 1) & 3;
      double ex = px[j] - px[i];
      double ey = py[j] - py[i];
      double len = Math.hypot(ex, ey);
      if (len == 0) {
        continue;
      }
      double d = (ex * (y - py[i]) - ey * (x - px[i])) / len; // signed distance to the edge
      if (d > 0.5) {
        pos = true;
      } else if (d < -0.5) {
        neg = true;
      }
      if (pos && neg) {
        return false;
      }
    }
    return true;
  }
}
