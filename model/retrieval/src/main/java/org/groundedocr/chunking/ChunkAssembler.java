package org.groundedocr.chunking;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.ToIntFunction;
import org.groundedocr.model.GroundedPage;

/**
 * Turns a packed run of blocks into the {@link Chunk} record: the chunk text (blocks joined, a
 * paragraph continued over a page break with a space), the breadcrumbs, and for every region the
 * exact span of its text (and of each of its lines) in the chunk text, which the highlighter maps
 * back to boxes. Stateless; {@link GroundedChunker} decides what goes into a chunk, this class
 * only writes it down.
 */
final class ChunkAssembler {

  private static final String BLOCK_SEPARATOR = "\n\n";
  private static final String BREADCRUMB_JOIN = " > ";

  private ChunkAssembler() {}

  /** {@code # A > ## B}: the heading path as the chunk's breadcrumbs. */
  static String breadcrumbs(List<Block.Heading> path) {
    StringBuilder sb = new StringBuilder();
    for (Block.Heading h : path) {
      if (sb.length() > 0) {
        sb.append(BREADCRUMB_JOIN);
      }
      sb.append(h.markdown());
    }
    return sb.toString();
  }

  /** Breadcrumbs and chunk text, as the embedder sees them. */
  static String retrievalText(List<Block.Heading> path, List<Block> blocks) {
    return withBreadcrumbs(breadcrumbs(path), assemble(blocks, null));
  }

  private static String withBreadcrumbs(String breadcrumbs, String text) {
    return breadcrumbs.isEmpty() ? text : breadcrumbs + Chunk.BREADCRUMB_SEPARATOR + text;
  }

  /**
   * The chunk {@code ordinal} made of {@code blocks} under {@code path}.
   *
   * @param exactTokens the retrieval text's token count when the packer's sum is exact, else -1 to
   *     count it with {@code counter}
   */
  static Chunk chunk(int ordinal, List<Block> blocks, List<Block.Heading> path, int exactTokens,
      ToIntFunction<String> counter, Map<Integer, GroundedPage> pages,
      Map<Integer, BlockBuilder.Furniture> furniture) {
    List<Placement> placements = new ArrayList<>();
    String text = assemble(blocks, placements);
    Map<RegionText, RegionSpan> spans = new IdentityHashMap<>();
    List<RegionSpan> order = new ArrayList<>();
    for (Placement p : placements) {
      RegionText owner = p.segment().owner();
      if (owner == null) {
        continue;
      }
      RegionSpan rs = spans.get(owner);
      if (rs == null) {
        rs = new RegionSpan(owner);
        spans.put(owner, rs);
        order.add(rs);
      }
      rs.add(p);
    }
    List<ChunkRegion> regions = new ArrayList<>();
    for (RegionSpan rs : order) {
      regions.add(rs.toRegion());
    }
    regions.sort((a, b) -> a.start() != b.start() ? Integer.compare(a.start(), b.start()) : Integer.compare(a.end(), b.end()));

    Set<Integer> pageNumbers = new TreeSet<>();
    Set<String> labels = new LinkedHashSet<>();
    for (ChunkRegion r : regions) {
      pageNumbers.add(r.page());
      labels.add(r.label());
    }
    List<PageSize> sizes = new ArrayList<>();
    Set<String> printed = new LinkedHashSet<>();
    Set<String> running = new LinkedHashSet<>();
    boolean unfinished = false;
    for (int p : pageNumbers) {
      GroundedPage page = pages.get(p);
      sizes.add(new PageSize(p, page.width(), page.height()));
      unfinished |= !page.stats().finished();
      BlockBuilder.Furniture f = furniture.get(p);
      if (f != null) {
        printed.addAll(f.printedPages());
        running.addAll(f.text());
      }
    }
    int overlapChars = !blocks.isEmpty() && blocks.get(0).overlap ? blocks.get(0).text.length() : 0;
    String bc = breadcrumbs(path);
    String retrieval = withBreadcrumbs(bc, text);
    return new Chunk(
        ordinal,
        text,
        path.stream().map(Block.Heading::text).toList(),
        bc,
        exactTokens >= 0 ? exactTokens : counter.applyAsInt(retrieval),
        overlapChars,
        regions,
        sizes,
        List.copyOf(labels),
        List.copyOf(printed),
        List.copyOf(running),
        unfinished);
  }

  /** The chunk text; with {@code placements}, also where each segment landed. */
  static String assemble(List<Block> blocks, List<Placement> placements) {
    StringBuilder sb = new StringBuilder();
    Block prev = null;
    for (Block b : blocks) {
      if (prev != null) {
        sb.append(b.continues(prev) ? " " : BLOCK_SEPARATOR);
      }
      for (Segment s : b.segments) {
        if (placements != null) {
          placements.add(new Placement(s, sb.length()));
        }
        sb.append(s.text());
      }
      prev = b;
    }
    return sb.toString();
  }

  private record Placement(Segment segment, int start) {}

  /** What a chunk holds of one region, accumulated over its segments. */
  private static final class RegionSpan {
    final RegionText region;
    int start = Integer.MAX_VALUE;
    int end = -1;
    final BitSet covered = new BitSet();
    final int[][] lineSpans;

    RegionSpan(RegionText region) {
      this.region = region;
      this.lineSpans = new int[region.lines.length][];
    }

    void add(Placement p) {
      Segment s = p.segment();
      int a = p.start();
      int b = a + s.text().length();
      start = Math.min(start, a);
      end = Math.max(end, b);
      if (!s.isContent()) {
        return;
      }
      covered.set(s.from(), s.to());
      if (!s.exact()) {
        return;
      }
      for (int i = 0; i < region.lines.length; i++) {
        int[] line = region.lines[i];
        if (line == null) {
          continue;
        }
        int from = Math.max(line[0], s.from());
        int to = Math.min(line[1], s.to());
        if (from >= to) {
          continue;
        }
        int ls = a + (from - s.from());
        int le = a + (to - s.from());
        int[] cur = lineSpans[i];
        lineSpans[i] = cur == null ? new int[] {ls, le} : new int[] {Math.min(cur[0], ls), Math.max(cur[1], le)};
      }
    }

    boolean partial() {
      String t = region.text;
      for (int i = 0; i < region.coverEnd; i++) {
        if (region.content != null && !region.content.get(i)) {
          continue;
        }
        if (!covered.get(i) && !Character.isWhitespace(t.charAt(i))) {
          return true;
        }
      }
      return false;
    }

    ChunkRegion toRegion() {
      List<ChunkLine> lines = new ArrayList<>();
      for (int i = 0; i < lineSpans.length; i++) {
        if (lineSpans[i] != null) {
          lines.add(new ChunkLine(region.units.get(i), lineSpans[i][0], lineSpans[i][1]));
        }
      }
      return new ChunkRegion(
          region.page, region.index, region.label(), region.region.boxes(), start, end, partial(), lines);
    }
  }

}
