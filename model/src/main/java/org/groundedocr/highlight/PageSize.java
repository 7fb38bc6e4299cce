package org.groundedocr.highlight;

/** A page's number (1-based) and the pixel size of the image its boxes refer to. */
public record PageSize(int page, int width, int height) {
  public PageSize {
    if (page < 1) {
      throw new IllegalArgumentException("page numbers are 1-based, got " + page);
    }
    if (width < 0 || height < 0) {
      throw new IllegalArgumentException("negative page size " + width + "x" + height);
    }
  }
}
