package org.groundedocr.engine;

import java.awt.image.BufferedImage;
import org.groundedocr.model.GroundedPage;

/**
 * Turns one decoded page image into a grounded page. Every engine (the embedded PP-OCR, DeepSeek-OCR)
 * implements this, so that everything downstream is engine-agnostic.
 *
 * <p>Implementations are thread-safe: one instance, holding its ONNX Runtime sessions once, serves
 * concurrent callers. They are created through {@link OcrEngines} and closed by their owner.
 */
public interface OcrEngine extends AutoCloseable {

  /** The engine's name as configured ({@code ppocr}, {@code deepseek}). */
  String name();

  /**
   * Reads {@code image} as page {@code pageNumber} (1-based). The returned page's size is the
   * image's size and its boxes are in its pixels.
   *
   * @throws OcrException when the page cannot be read; the message says why
   */
  GroundedPage recognize(BufferedImage image, int pageNumber) throws OcrException;

  /** Releases the engine's sessions. */
  @Override
  void close();
}
