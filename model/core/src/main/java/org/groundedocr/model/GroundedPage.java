package org.groundedocr.model;

import java.util.List;
import java.util.Objects;

/**
 * One page as the OCR saw it: its 1-based number, the pixel size of the image the engine read, and
 * its regions in reading order. This is the contract between the engines, the Tika parser and the
 * Solr plugin. Its clean Markdown is {@code GroundedMarkdown.toMarkdown(page)}: the model knows no
 * output format, so that the formats depend on it and never the other way round.
 */
public record GroundedPage(int page, int width, int height, List<Region> regions, PageStats stats) {

  public GroundedPage {
    if (page < 1) {
      throw new IllegalArgumentException("page numbers are 1-based, got " + page);
    }
    if (width < 0 || height < 0) {
      throw new IllegalArgumentException("negative page size " + width + "x" + height);
    }
    regions = List.copyOf(regions);
    Objects.requireNonNull(stats, "stats");
  }

  public GroundedPage withStats(PageStats newStats) {
    return new GroundedPage(page, width, height, regions, newStats);
  }

  public GroundedPage withPage(int number) {
    return new GroundedPage(number, width, height, regions, stats);
  }
}
