package org.groundedocr.ppocr;

import org.groundedocr.layout.PagePixels;

/**
 * Where a text line lies on the page, as a frame to sample it from: an origin corner, a unit
 * vector along the text, a unit vector across it (pointing "down" the glyphs), and the lengths
 * along both. Sampling the page in this frame is PaddleOCR's {@code get_rotate_crop_image}
 * (perspective crop, then a 90-degree turn for tall boxes) folded into one resampling.
 *
 * <p>A detected box is a rectangle in detection-map pixels; scaled back to the page by two
 * different factors it is a parallelogram, for which a perspective transform reduces to this
 * affine frame exactly.
 */
record CropFrame(double ox, double oy, double ux, double uy, double vx, double vy,
    double length, double thickness) {

  /**
   * The frame of {@code q}: along its top edge, or — for boxes at least 1.5 times taller than wide,
   * which PaddleOCR turns 90 degrees counter-clockwise — down its right edge.
   */
  static CropFrame of(Quad q) {
    double w = Math.hypot(q.x1() - q.x0(), q.y1() - q.y0());
    double h = Math.hypot(q.x3() - q.x0(), q.y3() - q.y0());
    if (w < 1e-6 || h < 1e-6) {
      return new CropFrame(q.x0(), q.y0(), 1, 0, 0, 1, Math.max(w, 1), Math.max(h, 1));
    }
    if (h / w >= 1.5) {
      double rw = Math.hypot(q.x2() - q.x1(), q.y2() - q.y1());
      return new CropFrame(q.x1(), q.y1(),
          (q.x2() - q.x1()) / rw, (q.y2() - q.y1()) / rw,
          (q.x0() - q.x1()) / w, (q.y0() - q.y1()) / w,
          rw, w);
    }
    return new CropFrame(q.x0(), q.y0(),
        (q.x1() - q.x0()) / w, (q.y1() - q.y0()) / w,
        (q.x3() - q.x0()) / h, (q.y3() - q.y0()) / h,
        w, h);
  }

  /**
   * This frame lengthened by {@code fraction} of its thickness at both ends, clamped to the page.
   */
  CropFrame lengthened(double fraction, int pageWidth, int pageHeight) {
    double e = fraction * thickness;
    double sx = ox - ux * e;
    double sy = oy - uy * e;
    double len = length + 2 * e;
    // keep both ends on the page: shorten an end that would leave it
    double start = 0;
    double end = len;
    for (int i = 0; i < 2; i++) {
      double px = sx + ux * (i == 0 ? start : end);
      double py = sy + uy * (i == 0 ? start : end);
      if (px < 0 || py < 0 || px > pageWidth || py > pageHeight) {
        if (i == 0) {
          start = e;
        } else {
          end = len - e;
        }
      }
    }
    return new CropFrame(sx + ux * start, sy + uy * start, ux, uy, vx, vy, end - start, thickness);
  }

  /** The same line turned by 180 degrees (what the angle classifier asks for). */
  CropFrame rotated180() {
    return new CropFrame(
        ox + ux * length + vx * thickness, oy + uy * length + vy * thickness,
        -ux, -uy, -vx, -vy, length, thickness);
  }

  /** Width of the crop scaled to {@code height} pixels high, at least 1. */
  int scaledWidth(int height) {
    return Math.max(1, (int) Math.ceil(height * length / thickness));
  }

  /**
   * Samples the frame into {@code out} (channel-major B, G, R planes of {@code planeWidth x height}
   * floats starting at {@code offset}), {@code width x height} pixels, normalised as {@code (v /
   * 255 - 0.5) / 0.5}. Columns from {@code width} to {@code planeWidth} are left as they are (the
   * caller's zero padding). When the crop shrinks by more than 1.5 each output pixel averages a
   * grid of bilinear samples, so small print is not aliased away.
   */
  void sample(PagePixels page, float[] out, int offset, int planeWidth, int width, int height) {
    double stepU = length / width;
    double stepV = thickness / height;
    int k = (int) Math.min(4, Math.max(1, Math.ceil(Math.max(stepU, stepV) / 1.5)));
    float[] px = new float[3];
    float[] tmp = new float[3];
    int plane = planeWidth * height;
    float inv = 1f / (k * k);
    for (int j = 0; j < height; j++) {
      for (int i = 0; i < width; i++) {
        float b = 0;
        float g = 0;
        float r = 0;
        for (int sj = 0; sj < k; sj++) {
          double t = (j + (sj + 0.5) / k) * stepV;
          for (int si = 0; si < k; si++) {
            double s = (i + (si + 0.5) / k) * stepU;
            page.bilinear(ox + ux * s + vx * t - 0.5, oy + uy * s + vy * t - 0.5, px, tmp);
            b += px[0];
            g += px[1];
            r += px[2];
          }
        }
        int o = offset + j * planeWidth + i;
        out[o] = b * inv / 127.5f - 1f;
        out[o + plane] = g * inv / 127.5f - 1f;
        out[o + 2 * plane] = r * inv / 127.5f - 1f;
      }
    }
  }
}
