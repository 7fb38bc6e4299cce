package org.groundedocr.cli;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import org.groundedocr.engine.OcrException;
import org.groundedocr.image.ImageLimits;
import org.groundedocr.image.PageImageReader;

/** An image file's pages (all pages of a TIFF) through {@link PageImageReader}. */
final class ImageDocumentSource implements DocumentSource {

  private final String name;
  private final PageImageReader reader;

  private ImageDocumentSource(String name, PageImageReader reader) {
    this.name = name;
    this.reader = reader;
  }

  static ImageDocumentSource open(Path file, ImageLimits limits) throws OcrException {
    return new ImageDocumentSource(file.toString(), PageImageReader.open(file, limits));
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public int pageCount() throws OcrException {
    return reader.pageCount();
  }

  @Override
  public BufferedImage page(int index) throws OcrException {
    return reader.read(index);
  }

  @Override
  public void close() {
    reader.close();
  }
}
