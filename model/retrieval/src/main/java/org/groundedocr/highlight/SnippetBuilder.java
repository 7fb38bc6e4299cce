package org.groundedocr.highlight;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.groundedocr.chunking.ChunkRegion;
import org.groundedocr.chunking.PageSize;
import org.groundedocr.highlight.RegionSnippet.Page;
import org.groundedocr.highlight.RegionSnippet.SnippetBox;
import org.groundedocr.highlight.RegionSnippet.SnippetRegion;
import org.groundedocr.model.Box;

/**
 * Turns a highlighter's passage over a chunk's text into a {@link RegionSnippet}: the passage text
 * with tagged matches, the regions that hold the matches, the pages they lie on, and the boxes of
 * every match ({@link RegionHighlighter}), in the coordinates asked for.
 *
 * <p>A match that lies in no region with a box (text the engine gave no box for) gets no highlight
 * array; the snippet text still marks it. Immutable and thread-safe.
 */
public final class SnippetBuilder {

  private final String preTag;
  private final String postTag;
  private final Coordinates coordinates;
  private final UnaryOperator<String> encoder;

  /**
   * @param encoder applied to every piece of document text before tags are added (e.g. HTML
   *     escaping); never to the tags
   */
  public SnippetBuilder(String preTag, String postTag, Coordinates coordinates,
      UnaryOperator<String> encoder) {
    this.preTag = Objects.requireNonNull(preTag, "preTag");
    this.postTag = Objects.requireNonNull(postTag, "postTag");
    this.coordinates = Objects.requireNonNull(coordinates, "coordinates");
    this.encoder = Objects.requireNonNull(encoder, "encoder");
  }

  public SnippetBuilder(String preTag, String postTag, Coordinates coordinates) {
    this(preTag, postTag, coordinates, UnaryOperator.identity());
  }

  /**
   * @param text the chunk text the spans and the passage point into
   * @param regions the chunk's regions
   * @param pages the sizes of the chunk's pages (a page missing here is reported as 0 × 0 and its
   *     relative coordinates stay in pixels)
   */
  public RegionSnippet build(String text, List<ChunkRegion> regions, List<PageSize> pages,
      MatchedPassage passage) {
    List<List<HighlightBox>> perMatch = new ArrayList<>();
    TreeMap<Integer, Integer> usedRegions = new TreeMap<>();
    for (int i = 0; i < passage.numMatches(); i++) {
      List<HighlightBox> boxes =
          RegionHighlighter.locate(text, regions, passage.matchStart(i), passage.matchEnd(i));
      perMatch.add(boxes);
      boxes.forEach(b -> usedRegions.put(b.region(), 0));
    }

    Map<Integer, Integer> pageIdx = new LinkedHashMap<>();
    List<Page> snippetPages = new ArrayList<>();
    List<SnippetRegion> snippetRegions = new ArrayList<>();
    for (Map.Entry<Integer, Integer> e : usedRegions.entrySet()) {
      e.setValue(snippetRegions.size());
      ChunkRegion region = regions.get(e.getKey());
      Integer pi = pageIdx.get(region.page());
      if (pi == null) {
        pi = snippetPages.size();
        pageIdx.put(region.page(), pi);
        PageSize size = pageSize(pages, region.page());
        snippetPages.add(new Page("page_" + region.page(), region.page(), size.width(), size.height()));
      }
      Page page = snippetPages.get(pi);
      Box b = region.bbox();
      double[] c = pageCoordinates(b, page);
      String regionText = tagged(text, Math.min(region.start(), text.length()),
          Math.min(region.end(), text.length()), passage);
      snippetRegions.add(new SnippetRegion(c[0], c[1], c[2], c[3], pi, region.page(),
          region.region(), region.label(), regionText));
    }

    List<List<SnippetBox>> highlights = new ArrayList<>();
    for (List<HighlightBox> boxes : perMatch) {
      if (boxes.isEmpty()) {
        continue;
      }
      List<SnippetBox> out = new ArrayList<>(boxes.size());
      for (HighlightBox hb : boxes) {
        int parent = usedRegions.get(hb.region());
        ChunkRegion region = regions.get(hb.region());
        Box rb = region.bbox();
        Page page = snippetPages.get(snippetRegions.get(parent).pageIdx());
        double[] c = switch (coordinates) {
          case REGION -> new double[] {
            hb.box().x1() - rb.x1(), hb.box().y1() - rb.y1(),
            hb.box().x2() - rb.x1(), hb.box().y2() - rb.y1()};
          case ABSOLUTE, RELATIVE -> pageCoordinates(hb.box(), page);
        };
        out.add(new SnippetBox(encoder.apply(text.substring(hb.start(), hb.end())),
            c[0], c[1], c[2], c[3], parent, hb.precision() == HighlightBox.Precision.LINE));
      }
      highlights.add(out);
    }

    int ps = Math.max(0, Math.min(passage.start(), text.length()));
    int pe = Math.max(ps, Math.min(passage.end(), text.length()));
    return new RegionSnippet(tagged(text, ps, pe, passage), passage.score(), snippetPages,
        snippetRegions, highlights);
  }

  private double[] pageCoordinates(Box b, Page page) {
    if (coordinates == Coordinates.RELATIVE && page.width() > 0 && page.height() > 0) {
      return new double[] {
        round(b.x1() / (double) page.width()), round(b.y1() / (double) page.height()),
        round(b.x2() / (double) page.width()), round(b.y2() / (double) page.height())};
    }
    return new double[] {b.x1(), b.y1(), b.x2(), b.y2()};
  }

  private static double round(double v) {
    return Math.round(v * 100_000d) / 100_000d;
  }

  private static PageSize pageSize(List<PageSize> pages, int page) {
    for (PageSize p : pages) {
      if (p.page() == page) {
        return p;
      }
    }
    return new PageSize(page, 0, 0);
  }

  /** {@code text[from, to)} encoded, with the passage's matches inside it between the tags. */
  private String tagged(String text, int from, int to, MatchedPassage passage) {
    StringBuilder sb = new StringBuilder(to - from + 16);
    int pos = from;
    for (int i = 0; i < passage.numMatches(); i++) {
      int ms = Math.max(passage.matchStart(i), pos);
      int me = Math.min(passage.matchEnd(i), to);
      if (ms >= me) {
        continue;
      }
      sb.append(encoder.apply(text.substring(pos, ms))).append(preTag)
          .append(encoder.apply(text.substring(ms, me))).append(postTag);
      pos = me;
    }
    sb.append(encoder.apply(text.substring(pos, to)));
    return sb.toString();
  }
}
