package org.groundedocr.engine;

import java.awt.image.BufferedImage;
import java.util.concurrent.CompletableFuture;
import org.groundedocr.model.GroundedPage;

/**
 * Turns one decoded page image into a grounded page. Every engine (the embedded PP-OCR, DeepSeek-OCR)
 * implements this, so that everything downstream is engine-agnostic.
 *
 * <p>Implementations are thread-safe: one instance, holding its ONNX Runtime sessions once, serves
 * concurrent callers. They are created through {@link OcrEngines} and closed by their owner.
 *
 * <p>Besides the blocking {@link #recognize}, an engine takes pages asynchronously through
 * {@link #submit}: a batching engine (DeepSeek-OCR on a GPU) reads the pages of one document, and
 * of every document submitted at the same time, together; {@link #pagesInFlight} says how many
 * pages a caller should keep submitted to keep the engine busy.
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

  /**
   * Submits {@code image} as page {@code pageNumber}; the future completes with what
   * {@link #recognize} would return, or exceptionally with the {@link OcrException} it would throw.
   * It may block while the engine's own queue is full (back-pressure), never for the page's OCR.
   *
   * <p>The default reads the page on the calling thread before returning: right for an engine
   * that reads one page at a time. Engines that read pages together or in parallel override it.
   * Cancelling the future does not stop a page the engine has already started.
   */
  default CompletableFuture<GroundedPage> submit(BufferedImage image, int pageNumber) {
    try {
      return CompletableFuture.completedFuture(recognize(image, pageNumber));
    } catch (OcrException | RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /**
   * How many submitted pages keep this engine fully busy: a document pipeline reads ahead and
   * submits up to this many pages of one document at once. 1 (the default) for an engine that
   * reads one page at a time.
   */
  default int pagesInFlight() {
    return 1;
  }

  /** Releases the engine's sessions. */
  @Override
  void close();
}
