package org.groundedocr.chunking;

import java.util.List;
import java.util.Objects;

/**
 * One retrieval unit of a grounded document.
 *
 * @param ordinal 0-based position in reading order
 * @param text the plain chunk text; region and line spans are offsets into it
 * @param headings the heading path above the chunk's first block, outermost first, without
 *     Markdown {@code #} marks
 * @param breadcrumbs the same path as {@code # A > ## B} (empty when there is none)
 * @param tokenCount tokens of {@link #retrievalText()}
 * @param overlapChars length of the leading part of {@code text} repeated from the previous chunk
 * @param regions the regions (or parts) the text came from, ordered by span
 * @param pages the pages of those regions with their pixel sizes, in page order
 * @param labels distinct region labels, in order of first appearance
 * @param printedPages page numbers printed on those pages ({@code page_number} regions)
 * @param furniture running headers and footers of those pages (kept out of {@code text})
 * @param unfinished true when the OCR engine cut off one of those pages
 */
public record Chunk(
    int ordinal,
    String text,
    List<String> headings,
    String breadcrumbs,
    int tokenCount,
    int overlapChars,
    List<ChunkRegion> regions,
    List<PageSize> pages,
    List<String> labels,
    List<String> printedPages,
    List<String> furniture,
    boolean unfinished) {

  /** Separates breadcrumbs from the text in {@link #retrievalText()}. */
  public static final String BREADCRUMB_SEPARATOR = "\n\n";

  public Chunk {
    Objects.requireNonNull(text, "text");
    headings = List.copyOf(headings);
    breadcrumbs = breadcrumbs == null ? "" : breadcrumbs;
    regions = List.copyOf(regions);
    pages = List.copyOf(pages);
    labels = List.copyOf(labels);
    printedPages = List.copyOf(printedPages);
    furniture = List.copyOf(furniture);
  }

  /** What to search and embed: breadcrumbs, a blank line, the text (just the text without headings). */
  public String retrievalText() {
    return breadcrumbs.isEmpty() ? text : breadcrumbs + BREADCRUMB_SEPARATOR + text;
  }

  /** Where {@code text} starts inside {@link #retrievalText()}: add it to a span to shift it there. */
  public int textOffsetInRetrievalText() {
    return breadcrumbs.isEmpty() ? 0 : breadcrumbs.length() + BREADCRUMB_SEPARATOR.length();
  }

  public List<Integer> pageNumbers() {
    return pages.stream().map(PageSize::page).toList();
  }
}
