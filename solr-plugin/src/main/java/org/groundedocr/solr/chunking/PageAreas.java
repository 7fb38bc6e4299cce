package org.groundedocr.solr.chunking;

import java.util.Locale;
import org.groundedocr.model.Box;

/**
 * The page-tile plane of the {@code region_area} field: page {@code p}'s point {@code (x, y)},
 * relative to the page (0..1, top-left origin), is at {@code X = 2·((p−1) mod 100) + x},
 * {@code Y = 2·((p−1) div 100) + y}. Every page is a unit square with a unit gap to its
 * neighbours, so one spatial field holds the regions of all pages and an area query for one page
 * never touches another. The world is {@code ENVELOPE(0, 200, 200, 0)}: 10,000 pages.
 */
public final class PageAreas {

  public static final int COLUMNS = 100;
  public static final int MAX_PAGE = COLUMNS * COLUMNS;
  private static final double PITCH = 2.0;
  // a degenerate box (a line) still gets an area, so Intersects and Within both see it
  private static final double MIN_EXTENT = 1e-4;

  private PageAreas() {}

  /** The tile's X offset of {@code page}. */
  public static double xOffset(int page) {
    return PITCH * ((page - 1) % COLUMNS);
  }

  /** The tile's Y offset of {@code page}. */
  public static double yOffset(int page) {
    return PITCH * ((page - 1) / COLUMNS);
  }

  public static boolean indexable(int page, int width, int height) {
    return page >= 1 && page <= MAX_PAGE && width > 0 && height > 0;
  }

  /** A box in page pixels as the WKT envelope to index, or null when the page cannot be placed. */
  public static String envelope(int page, Box box, int width, int height) {
    if (!indexable(page, width, height)) {
      return null;
    }
    return relativeEnvelope(
        page,
        box.x1() / (double) width,
        box.y1() / (double) height,
        box.x2() / (double) width,
        box.y2() / (double) height);
  }

  /** A box relative to the page (0..1) as a WKT envelope on the page's tile. */
  public static String relativeEnvelope(int page, double x1, double y1, double x2, double y2) {
    if (page < 1 || page > MAX_PAGE) {
      throw new IllegalArgumentException("page must be in 1.." + MAX_PAGE + ", got " + page);
    }
    double minX = clamp(Math.min(x1, x2));
    double maxX = clamp(Math.max(x1, x2));
    double minY = clamp(Math.min(y1, y2));
    double maxY = clamp(Math.max(y1, y2));
    if (maxX - minX < MIN_EXTENT) {
      maxX = Math.min(1, minX + MIN_EXTENT);
      minX = maxX - MIN_EXTENT;
    }
    if (maxY - minY < MIN_EXTENT) {
      maxY = Math.min(1, minY + MIN_EXTENT);
      minY = maxY - MIN_EXTENT;
    }
    double ox = xOffset(page);
    double oy = yOffset(page);
    // WKT ENVELOPE is (minX, maxX, maxY, minY)
    return String.format(
        Locale.ROOT, "ENVELOPE(%.6f, %.6f, %.6f, %.6f)", ox + minX, ox + maxX, oy + maxY, oy + minY);
  }

  private static double clamp(double v) {
    return Double.isNaN(v) ? 0 : Math.max(0, Math.min(1, v));
  }
}
