package org.groundedocr.tika;

import java.awt.image.BufferedImage;
import java.util.List;
import org.groundedocr.model.Region;

/**
 * One page as a {@link PageSource} read it, before OCR.
 *
 * @param pageNumber 1-based
 * @param width page image width in pixels (the coordinate space of every box of the page)
 * @param height page image height in pixels
 * @param image the page image; {@code null} when the page was not rendered (a text-layer page and
 *     nobody asked for its image)
 * @param textRegions the page's regions when they do not come from OCR; {@code null} when the
 *     page needs OCR
 * @param source where the regions come from: {@link #OCR}, {@link #TEXT_LAYER} or {@link #NONE}
 *     (an image file under {@code no_ocr})
 * @param ocrReason why the page is OCRed ({@code auto} strategy), empty otherwise
 */
public record PageInput(
    int pageNumber,
    int width,
    int height,
    BufferedImage image,
    List<Region> textRegions,
    String source,
    String ocrReason) {

  public static final String OCR = "ocr";
  public static final String TEXT_LAYER = "text";
  public static final String NONE = "none";

  public PageInput {
    textRegions = textRegions == null ? null : List.copyOf(textRegions);
    if (textRegions == null) {
      source = OCR;
      if (image == null) {
        throw new IllegalArgumentException("page " + pageNumber + " needs OCR but has no image");
      }
    }
    ocrReason = ocrReason == null ? "" : ocrReason;
  }

  /** A page the engine is to read. */
  public static PageInput forOcr(int pageNumber, BufferedImage image, String ocrReason) {
    return new PageInput(
        pageNumber, image.getWidth(), image.getHeight(), image, null, OCR, ocrReason);
  }

  public boolean needsOcr() {
    return textRegions == null;
  }
}
