package org.groundedocr.solr.ingest;

import org.apache.solr.common.util.SimpleOrderedMap;

/** What happened to one uploaded file: {@code ok} with its id, pages and chunks, or why it failed. */
record ScanResult(String name, String id, boolean ok, String contentType, int pages, int chunks, long millis, String error) {

  static ScanResult ok(String name, String id, String contentType, int pages, int chunks, long millis) {
    return new ScanResult(name, id, true, contentType, pages, chunks, millis, null);
  }

  static ScanResult failed(String name, String id, long millis, String error) {
    return new ScanResult(name, id, false, null, 0, 0, millis, error);
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
    } else {
      m.add("error", error);
    }
    m.add("millis", millis);
    return m;
  }
}
