package org.groundedocr.model;

import java.util.List;
import java.util.Objects;
import org.groundedocr.grounding.GroundedMarkdown;

/**
 * One page as the OCR saw it: its 1-based number, the pixel size of the image the engine read, and
 * its regions in reading order. This is the contract between the engines, the Tika parser and the
 * Solr plugin.
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

  /** The page's clean Markdown (grounding tags removed, pictures as image references). */
  public String markdown() {
    return GroundedMarkdown.toMarkdown(this);
  }

  public GroundedPage withStats(PageStats newStats) {
    return new GroundedPage(page, width, height, regions, newStats);
  }

  public GroundedPage withPage(int number) {
    return new GroundedPage(number, width, height, regions, stats);
  }
}
