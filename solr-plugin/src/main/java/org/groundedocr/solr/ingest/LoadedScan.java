package org.groundedocr.solr.ingest;

import java.util.List;

/**
 * What the parser made of one upload: its grounded pages as JSON and the page counts the response
 * and the document record report.
 *
 * @param contentType the detected type (base type, no parameters), or null
 * @param pages pages read
 * @param ocrPages pages the engine read (the rest came from PDF text layers)
 * @param failedPages page numbers the engine failed on (their pages are empty)
 * @param pagesTotal pages of the file, when known (0 otherwise)
 * @param pagesSkipped pages left out by {@code maxPages}
 * @param remotePageImages page images an OCR file names by URL (recorded, never fetched)
 */
record LoadedScan(Upload upload, String groundedJson, String contentType, int pages, int ocrPages,
    List<Integer> failedPages, int pagesTotal, int pagesSkipped, List<String> remotePageImages) {

  /** The warning the response gives when {@code maxPages} left pages out, or null. */
  String warning() {
    if (pagesSkipped <= 0) {
      return null;
    }
    return "only " + pages + " of " + pagesTotal + " pages were read (maxPages); " + pagesSkipped
        + " pages were left out: raise ocr.maxPages (or maxPages in tika-config.xml), or send the rest with ocr.firstPage";
  }
}
