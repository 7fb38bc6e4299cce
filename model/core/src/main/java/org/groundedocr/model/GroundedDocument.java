package org.groundedocr.model;

import java.util.List;

/** A document's grounded pages, in page order, with where it came from and which engine read it. */
public record GroundedDocument(String source, String engine, List<GroundedPage> pages) {
  public GroundedDocument {
    source = source == null ? "" : source;
    engine = engine == null ? "" : engine;
    pages = List.copyOf(pages);
  }
}
