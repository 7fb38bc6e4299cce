package org.groundedocr.tika;

import java.awt.image.BufferedImage;
import java.io.IOException;

/**
 * Receives each page image as {@link GroundedOcrParser} produces it, so that a caller keeps page
 * images (to draw highlights on them later) without rendering the document a second time. Put one
 * in the {@code ParseContext}:
 *
 * <pre>{@code
 * context.set(PageImageSink.class, (page, image) -> ImageIO.write(image, "png", pageFile(page)));
 * }</pre>
 *
 * <p>It is called once per page read, in page order, on the thread that called {@code parse},
 * before the page is OCRed, with the exact image whose pixels the page's boxes refer to (a PDF
 * page rendered at the configured DPI; an image file's page decoded, EXIF orientation applied).
 * With a sink present, pages read from a PDF's text layer are rendered too (they are not
 * otherwise), so every page read reaches the sink. Pages that fail before they have an image
 * (over the pixel limit, unreadable) do not.
 *
 * <p>Do not modify the image: the engine reads it after the call returns. An exception from the
 * sink ends the parse with a
 * {@code TikaException}: a caller that asked for page images would not want a document without
 * them.
 */
@FunctionalInterface
public interface PageImageSink {

  /**
   * @param pageNumber 1-based page number, as in the page's {@code data-page} and grounded JSON
   * @param image the page image; its size is the page's {@code data-width} x {@code data-height}
   */
  void accept(int pageNumber, BufferedImage image) throws IOException;

  /**
   * As {@link #accept(int, BufferedImage)}, for a page whose image may be smaller than the page:
   * a PDF page read from its text layer whose full-DPI rendering would be over the pixel limit
   * (a 20000 pt MediaBox) is rendered scaled down to fit the limit, for keeping only; its boxes
   * are still in {@code pageWidth} x {@code pageHeight} pixels. The default ignores the page size.
   */
  default void accept(int pageNumber, BufferedImage image, int pageWidth, int pageHeight) throws IOException {
    accept(pageNumber, image);
  }
}
