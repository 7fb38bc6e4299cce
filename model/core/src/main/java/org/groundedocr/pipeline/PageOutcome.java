package org.groundedocr.pipeline;

import org.groundedocr.model.GroundedPage;

/**
 * What the pipeline made of one page, emitted in page order.
 *
 * @param pageNumber 1-based
 * @param input what the reader read; {@code null} when reading failed
 * @param page the engine's page; {@code null} when the page needed no OCR or failed
 * @param error why the page failed, for the user; {@code null} when it did not
 * @param readNanos time reading the page
 * @param ocrNanos time from submitting the page to its engine until its result (queueing in a
 *     shared engine included); 0 without OCR
 * @param <I> the reader's page type
 */
public record PageOutcome<I>(int pageNumber, I input, GroundedPage page, String error, long readNanos, long ocrNanos) {

  public boolean failed() {
    return error != null;
  }

  static <I> PageOutcome<I> failure(int pageNumber, I input, String error, long readNanos, long ocrNanos) {
    return new PageOutcome<>(pageNumber, input, null, error, readNanos, ocrNanos);
  }
}
