package org.groundedocr.highlight;

import java.util.List;

/**
 * One highlighted passage of a chunk located on its pages, in solr-ocrhighlighting's vocabulary so
 * that viewers built for it read it unchanged.
 *
 * @param text the passage text with matches between the pre and post tags
 * @param score the highlighter's passage score
 * @param pages the pages the snippet's regions lie on
 * @param regions the chunk regions that hold matches of this passage
 * @param highlights one list per match span: the match's boxes, one per touched line or region
 */
public record RegionSnippet(
    String text, float score, List<Page> pages, List<SnippetRegion> regions,
    List<List<SnippetBox>> highlights) {

  public RegionSnippet {
    pages = List.copyOf(pages);
    regions = List.copyOf(regions);
    highlights = highlights.stream().map(List::copyOf).toList();
  }

  /** A page of the snippet: {@code id} is {@code page_<n>}. */
  public record Page(String id, int number, int width, int height) {}

  /**
   * A region of the snippet. Coordinates are page pixels, or 0–1 of the page for
   * {@link Coordinates#RELATIVE}.
   *
   * @param page the page number
   * @param region the region's index among its page's regions (as in the grounded JSON)
   */
  public record SnippetRegion(
      double ulx, double uly, double lrx, double lry, int pageIdx, int page, int region,
      String label, String text) {}

  /**
   * A box of a match. Coordinates are page pixels, pixels from the parent region's top-left corner
   * ({@link Coordinates#REGION}) or 0–1 of the page ({@link Coordinates#RELATIVE}).
   *
   * @param line {@code true} when the box was narrowed to an OCR line, {@code false} when it is the
   *     whole region (the engine gave no lines)
   */
  public record SnippetBox(
      String text, double ulx, double uly, double lrx, double lry, int parentRegionIdx,
      boolean line) {}
}
