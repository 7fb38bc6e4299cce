package org.groundedocr.solr.ingest;

import java.util.List;
import org.apache.solr.common.util.SimpleOrderedMap;

/**
 * What happened to one uploaded file: {@code ok} with its id, pages and chunks, or why it failed.
 * {@code pagesSkipped} &gt; 0: the file has more pages than {@code maxPages} let through; the
 * response says so in {@code warning} (and the document record in {@code pages_skipped_i}), never
 * only the server log. {@code failedPages}: the pages the engine failed on (empty in the document).
 */
record ScanResult(String name, String id, boolean ok, String contentType, int pages, int chunks, long millis,
    String error, int pagesTotal, int pagesSkipped, String warning, List<Integer> failedPages) {

  static ScanResult ok(String name, String id, String contentType, int pages, int chunks, long millis,
      int pagesTotal, int pagesSkipped, String warning, List<Integer> failedPages) {
    return new ScanResult(name, id, true, contentType, pages, chunks, millis, null, pagesTotal, pagesSkipped, warning,
        List.copyOf(failedPages));
  }

  static ScanResult failed(String name, String id, long millis, String error) {
    return new ScanResult(name, id, false, null, 0, 0, millis, error, 0, 0, null, List.of());
  }

  SimpleOrderedMap<Object> toResponse() {
    SimpleOrderedMap<Object> m = new SimpleOrderedMap<>();
    m.add("name", name);
    if (id != null) {
      m.add("id", id);
    }
    m.add("status", ok ? "ok" : "failed");
    if (ok) {
      m.add("contentType", contentType);
      m.add("pages", pages);
      m.add("chunks", chunks);
      if (pagesSkipped > 0) {
        m.add("pagesTotal", pagesTotal);
        m.add("pagesSkipped", pagesSkipped);
      }
      if (warning != null) {
        m.add("warning", warning);
      }
    } else {
      m.add("error", error);
    }
    m.add("millis", millis);
    return m;
  }
}
