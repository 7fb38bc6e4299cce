package org.groundedocr.tika;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.groundedocr.image.ImageDecodingException;
import org.groundedocr.image.ImageFormat;
import org.groundedocr.image.ImageLimits;
import org.groundedocr.image.PageImageReader;

/**
 * An image file's pages through the model's {@link PageImageReader}: every page of a multi-page
 * TIFF, EXIF orientation applied, CMYK and 1-bit scans handled, each page's declared size checked
 * against the pixel limit before it is decoded.
 */
final class ImageFilePageSource implements PageSource {

  private final PageImageReader reader;
  private final boolean ocr;
  private final String path;
  private final String name;

  private ImageFilePageSource(PageImageReader reader, boolean ocr, String path, String name) {
    this.reader = reader;
    this.ocr = ocr;
    this.path = path;
    this.name = name;
  }

  /**
   * Opens {@code file}; {@code name} names it in messages. Fails with {@link
   * ImageDecodingException} when the file is empty, not an image we read, or its header is corrupt.
   */
  static ImageFilePageSource open(Path file, String name, long maxPixels, boolean ocr)
      throws ImageDecodingException {
    // the page limit is the parser's maxPages (read the first pages, report the rest), so the
    // reader itself accepts any count
    ImageLimits limits = new ImageLimits(maxPixels, Integer.MAX_VALUE);
    try {
      return new ImageFilePageSource(
          PageImageReader.open(file, limits), ocr, file.toString(), name);
    } catch (ImageDecodingException e) {
      throw new ImageDecodingException(rename(e.getMessage(), file.toString(), name), e);
    }
  }

  ImageFormat format() {
    return reader.format();
  }

  @Override
  public int pageCount() {
    try {
      return reader.pageCount();
    } catch (ImageDecodingException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  /** Counts pages up front, so that a file whose page directory is corrupt fails as a whole. */
  int countPages() throws ImageDecodingException {
    try {
      return reader.pageCount();
    } catch (ImageDecodingException e) {
      throw new ImageDecodingException(rename(e.getMessage(), path, name), e);
    }
  }

  /** Messages name the file Tika spooled the stream to; name the document instead. */
  private static String rename(String message, String path, String name) {
    return message == null ? "" : message.replace(path, name);
  }

  @Override
  public PageInput read(int pageNumber, boolean wantImage) throws IOException {
    BufferedImage image;
    try {
      image = reader.read(pageNumber - 1);
    } catch (ImageDecodingException e) {
      throw new IOException(rename(e.getMessage(), path, name), e);
    }
    if (ocr) {
      return PageInput.forOcr(pageNumber, image, "");
    }
    return new PageInput(
        pageNumber, image.getWidth(), image.getHeight(), image, List.of(), PageInput.NONE, "");
  }

  @Override
  public void close() {
    reader.close();
  }
}
