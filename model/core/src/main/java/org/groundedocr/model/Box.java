package org.groundedocr.model;

import java.util.Collection;

/**
 * An axis-aligned rectangle in page pixels, top-left origin, {@code x1 <= x2} and {@code y1 <= y2}.
 * The right and bottom edges follow the producing engine (DeepSeek-OCR boxes are inclusive pixel
 * coordinates mapped from its 0–999 grid); consumers treat the box as the half-open span
 * {@code [x1, x2) × [y1, y2)} for areas.
 */
public record Box(int x1, int y1, int x2, int y2) {

  public Box {
    if (x2 < x1 || y2 < y1) {
      throw new IllegalArgumentException(
          "inverted box [" + x1 + ", " + y1 + ", " + x2 + ", " + y2 + "]; use Box.normalised");
    }
  }

  /** Builds a box from two corners in any order. */
  public static Box normalised(int xa, int ya, int xb, int yb) {
    return new Box(Math.min(xa, xb), Math.min(ya, yb), Math.max(xa, xb), Math.max(ya, yb));
  }

  /** The smallest box holding all of {@code boxes}, or {@code null} when there are none. */
  public static Box union(Collection<Box> boxes) {
    Box u = null;
    for (Box b : boxes) {
      u = u == null ? b : u.union(b);
    }
    return u;
  }

  public Box union(Box o) {
    return new Box(
        Math.min(x1, o.x1), Math.min(y1, o.y1), Math.max(x2, o.x2), Math.max(y2, o.y2));
  }

  public int width() {
    return x2 - x1;
  }

  public int height() {
    return y2 - y1;
  }

  public long area() {
    return (long) width() * height();
  }

  public boolean intersects(Box o) {
    return x1 < o.x2 && o.x1 < x2 && y1 < o.y2 && o.y1 < y2;
  }

  /** Intersection over union; 0 when the boxes do not overlap or both are empty. */
  public double iou(Box o) {
    long iw = Math.max(0, Math.min(x2, o.x2) - Math.max(x1, o.x1));
    long ih = Math.max(0, Math.min(y2, o.y2) - Math.max(y1, o.y1));
    long inter = iw * ih;
    long uni = area() + o.area() - inter;
    return uni <= 0 ? 0 : (double) inter / uni;
  }

  /** This box clipped to a {@code width × height} page. */
  public Box clip(int width, int height) {
    return new Box(
        clamp(x1, width), clamp(y1, height), clamp(x2, width), clamp(y2, height));
  }

  private static int clamp(int v, int max) {
    return Math.max(0, Math.min(v, max));
  }

  /** {@code [x1, y1, x2, y2]}, the order of the JSON form. */
  public int[] toArray() {
    return new int[] {x1, y1, x2, y2};
  }

  @Override
  public String toString() {
    return "[" + x1 + ", " + y1 + ", " + x2 + ", " + y2 + "]";
  }
}
