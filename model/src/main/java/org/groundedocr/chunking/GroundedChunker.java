package org.groundedocr.chunking;

import java.text.BreakIterator;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.groundedocr.model.GroundedDocument;
import org.groundedocr.model.GroundedPage;

/**
 * Cuts a grounded document into retrieval chunks that know where they came from.
 *
 * <p>Structure first, then size (the approach of Docling's HybridChunker, plus what its users ask
 * for: boxes per chunk, overlap, exact token budgets):
 *
 * <ol>
 *   <li>Regions become blocks in reading order ({@link BlockBuilder}): page headers, footers and
 *       page numbers are set aside as metadata; captions join their figure or table; a paragraph
 *       running over a page break is one block.
 *   <li>Every block is tagged with the heading path above it. A block larger than a chunk is
 *       split ({@link BlockSplitter}): tables by rows with the header repeated, text at paragraph,
 *       line, sentence or word boundaries. Anything that fits is never cut.
 *   <li>Blocks are packed greedily: a chunk closes once it reaches {@code targetTokens}, before a
 *       block that would take it past {@code maxTokens}, and at a new heading unless the section
 *       so far is small (under a quarter of the target), so tiny sections merge with the next. A
 *       heading never ends a chunk when text follows it.
 *   <li>Sizes count the retrieval text — breadcrumbs ({@code # A > ## B}) plus chunk text — in
 *       the configured tokenizer, so no chunk exceeds {@code maxTokens} for the embedder.
 * </ol>
 *
 * <p>Every chunk lists its regions with the exact span of each in the chunk text (and of each
 * line, when the engine gave lines), so a highlighter can map a hit's offsets back to boxes.
 * Thread-safe if its {@link TokenCounter} is.
 */
public final class GroundedChunker {

  private static final String BLOCK_SEPARATOR = "\n\n";
  private static final String BREADCRUMB_JOIN = " > ";

  private final ChunkingConfig config;
  private final TokenCounter tokens;
  private final BlockSplitter splitter;

  public GroundedChunker(ChunkingConfig config, TokenCounter tokens) {
    this.config = Objects.requireNonNull(config, "config");
    this.tokens = Objects.requireNonNull(tokens, "tokens");
    this.splitter = new BlockSplitter(tokens);
  }

  public ChunkingConfig config() {
    return config;
  }

  public TokenCounter tokenCounter() {
    return tokens;
  }

  /** {@code bge-small-en-v15 target=256 max=500 overlap=0}. */
  public String describe() {
    return config.describe(tokens);
  }

  public List<Chunk> chunk(GroundedDocument doc) {
    return new Run().chunk(doc);
  }

  /**
   * One call's work. Token counts are memoised for the call: the same breadcrumbs and chunk
   * texts are measured several times while packing, and a native tokenizer call costs far more
   * than a map lookup. Block texts are counted in one batch.
   */
  private final class Run {

  private final java.util.HashMap<String, Integer> memo = new java.util.HashMap<>();

  int count(String text) {
    Integer n = memo.get(text);
    if (n == null) {
      n = tokens.count(text);
      memo.put(text, n);
    }
    return n;
  }

  List<Chunk> chunk(GroundedDocument doc) {
    BlockBuilder built = BlockBuilder.build(doc);
    Map<Integer, GroundedPage> pages = new TreeMap<>();
    for (GroundedPage p : doc.pages()) {
      pages.put(p.page(), p);
    }
    List<String> texts = new ArrayList<>(built.blocks.size());
    for (Block b : built.blocks) {
      if (!memo.containsKey(b.text)) {
        texts.add(b.text);
      }
    }
    int[] counts = tokens.countAll(texts);
    for (int i = 0; i < counts.length; i++) {
      memo.put(texts.get(i), counts[i]);
    }
    Deque<Block> units = new ArrayDeque<>(prepare(built.blocks));
    List<Draft> drafts = pack(units);
    List<Chunk> chunks = new ArrayList<>(drafts.size());
    for (Draft d : drafts) {
      chunks.add(toChunk(chunks.size(), d, pages, built.furniture));
    }
    return chunks;
  }

  // ---- 2. heading paths and oversized blocks ----

  private List<Block> prepare(List<Block> blocks) {
    List<Block.Heading> path = new ArrayList<>();
    List<Block> units = new ArrayList<>();
    int group = 0;
    for (Block b : blocks) {
      if (b.kind == Block.Kind.HEADING) {
        while (!path.isEmpty() && path.get(path.size() - 1).level() >= b.level) {
          path.remove(path.size() - 1);
        }
        b.ancestors = List.copyOf(path);
        path.add(new Block.Heading(b.level, b.headingText));
      } else {
        b.ancestors = List.copyOf(path);
      }
      b.tokens = count(b.text);
      int limit = config.maxTokens() - breadcrumbTokens(b.ancestors);
      if (b.tokens <= limit) {
        units.add(b);
        continue;
      }
      // tables use the whole budget (fewer header repeats); prose aims at the target size
      int budget =
          b.kind == Block.Kind.TABLE
              ? limit
              : Math.max(8, Math.min(limit, config.targetTokens() - breadcrumbTokens(b.ancestors)));
      List<Block> parts = splitter.split(b, budget);
      for (int i = 0; i < parts.size(); i++) {
        Block part = parts.get(i);
        part.ancestors = b.ancestors;
        part.splitGroup = group;
        part.splitPart = i;
        part.tokens = count(part.text);
        units.add(part);
      }
      group++;
    }
    return units;
  }

  // ---- 3. packing ----

  /** A chunk being filled. */
  private final class Draft {
    final List<Block> blocks = new ArrayList<>();
    List<Block.Heading> path = List.of();
    int breadcrumbTokens;
    int tokens;

    void add(Block b) {
      if (blocks.isEmpty()) {
        path = trimmedPath(b.ancestors);
        breadcrumbTokens = count(breadcrumbs(path));
        tokens = breadcrumbTokens;
      }
      blocks.add(b);
      tokens += b.tokens;
    }

    Block removeLast() {
      Block b = blocks.remove(blocks.size() - 1);
      tokens -= b.tokens;
      return b;
    }

    int limit() {
      return config.maxTokens();
    }

    boolean onlyHeadingsOrOverlap() {
      return blocks.stream().allMatch(b -> b.kind == Block.Kind.HEADING || b.overlap);
    }

    boolean onlyOverlap() {
      return blocks.stream().allMatch(b -> b.overlap);
    }

    /** A view of this draft without its last block (for checks only). */
    Draft withoutLast() {
      Draft d = new Draft();
      for (Block b : blocks.subList(0, blocks.size() - 1)) {
        d.add(b);
      }
      return d;
    }

    int bodyTokens() {
      int n = 0;
      for (Block b : blocks) {
        if (b.kind != Block.Kind.HEADING && !b.overlap) {
          n += b.tokens;
        }
      }
      return n;
    }
  }

  private List<Draft> pack(Deque<Block> units) {
    List<Draft> done = new ArrayList<>();
    Draft cur = new Draft();
    int minSection = config.targetTokens() / 4;
    while (true) {
      if (units.isEmpty()) {
        if (cur.blocks.isEmpty() || cur.onlyOverlap()) {
          return done;
        }
        if (!verify(cur, units)) {
          done.add(cur);
          return done;
        }
        done.add(cur);
        cur = new Draft();
        continue;
      }
      Block u = units.peekFirst();
      if (cur.blocks.isEmpty()) {
        cur.add(units.pollFirst());
        continue;
      }
      if (cur.onlyHeadingsOrOverlap()) {
        if (cur.tokens + u.tokens > cur.limit()) {
          // an overlap that does not fit with the next block goes; a heading that cannot take
          // its text along becomes a chunk of its own
          if (cur.blocks.get(0).overlap) {
            cur = withoutOverlap(cur);
          } else {
            done.add(cur);
            cur = new Draft();
          }
          continue;
        }
        cur.add(units.pollFirst());
        continue;
      }
      boolean close =
          (u.kind == Block.Kind.HEADING && cur.bodyTokens() >= minSection)
              || cur.tokens >= config.targetTokens()
              || cur.tokens + u.tokens > cur.limit();
      if (!close) {
        cur.add(units.pollFirst());
        continue;
      }
      // trailing headings belong to the text after them: back into the queue
      boolean carried = false;
      while (cur.blocks.size() > 1
          && cur.blocks.get(cur.blocks.size() - 1).kind == Block.Kind.HEADING
          && u.kind != Block.Kind.HEADING
          && !cur.withoutLast().onlyHeadingsOrOverlap()) {
        units.addFirst(cur.removeLast());
        carried = true;
      }
      boolean pushed = verify(cur, units);
      done.add(cur);
      Draft fresh = new Draft();
      if (!carried && !pushed && config.overlapTokens() > 0 && u.kind != Block.Kind.HEADING) {
        Block tail = overlapFrom(cur.blocks.get(cur.blocks.size() - 1));
        if (tail != null) {
          fresh.add(tail);
        }
      }
      cur = fresh;
    }
  }

  private Draft withoutOverlap(Draft cur) {
    Draft fresh = new Draft();
    for (Block b : cur.blocks.subList(1, cur.blocks.size())) {
      fresh.add(b);
    }
    return fresh;
  }

  /**
   * Checks the real token count of a finished chunk (piece counts add up exactly for WordPiece
   * and whitespace, not necessarily for other tokenizers) and pushes trailing blocks back onto
   * {@code units} until it fits, never leaving only headings or overlap behind. Returns true when
   * something was pushed back.
   */
  private boolean verify(Draft d, Deque<Block> units) {
    boolean pushed = false;
    if (tokens.additive()) {
      return false; // the draft's sum is exact and was kept within maxTokens while packing
    }
    while (count(retrievalText(d)) > config.maxTokens()) {
      if (d.blocks.size() > 1 && d.blocks.get(0).overlap) {
        Draft fresh = withoutOverlap(d);
        d.blocks.clear();
        d.tokens = 0;
        for (Block b : fresh.blocks) {
          d.add(b);
        }
        continue;
      }
      if (d.blocks.size() < 2 || d.withoutLast().onlyHeadingsOrOverlap()) {
        break; // a single block over budget: the splitter already did what it could
      }
      units.addFirst(d.removeLast());
      pushed = true;
    }
    return pushed;
  }

  /** Trailing whole sentences of a paragraph, at most {@code overlapTokens}; null if none fit. */
  private Block overlapFrom(Block last) {
    if (last.kind != Block.Kind.TEXT && last.kind != Block.Kind.LIST) {
      return null;
    }
    String t = last.text;
    BreakIterator it = BreakIterator.getSentenceInstance(Locale.ROOT);
    it.setText(t);
    int best = -1;
    for (int b = it.last(); b != BreakIterator.DONE; b = it.previous()) {
      if (b >= t.length()) {
        continue;
      }
      int start = b;
      while (start < t.length() && Character.isWhitespace(t.charAt(start))) {
        start++;
      }
      if (start >= t.length()) {
        continue;
      }
      if (count(t.substring(start)) > config.overlapTokens()) {
        break;
      }
      best = start;
      if (b == 0) {
        break;
      }
    }
    if (best <= 0) {
      return null; // nothing fits, or the whole paragraph would repeat
    }
    Block tail = last.slice(best, t.length());
    tail.overlap = true;
    tail.ancestors = last.ancestors;
    tail.splitGroup = last.splitGroup;
    tail.splitPart = last.splitPart;
    tail.tokens = count(tail.text);
    return tail;
  }

  // ---- breadcrumbs ----

  private List<Block.Heading> trimmedPath(List<Block.Heading> path) {
    // breadcrumbs may take at most a quarter of a chunk: drop outer headings first
    List<Block.Heading> p = path;
    while (!p.isEmpty() && count(breadcrumbs(p)) > config.maxTokens() / 4) {
      p = p.subList(1, p.size());
    }
    return p;
  }

  private int breadcrumbTokens(List<Block.Heading> path) {
    return count(breadcrumbs(trimmedPath(path)));
  }

  private static String breadcrumbs(List<Block.Heading> path) {
    StringBuilder sb = new StringBuilder();
    for (Block.Heading h : path) {
      if (sb.length() > 0) {
        sb.append(BREADCRUMB_JOIN);
      }
      sb.append(h.markdown());
    }
    return sb.toString();
  }

  private static String retrievalText(Draft d) {
    String bc = breadcrumbs(d.path);
    String text = assemble(d.blocks, null);
    return bc.isEmpty() ? text : bc + Chunk.BREADCRUMB_SEPARATOR + text;
  }

  // ---- 4. the chunk record ----

  /** The chunk text; with {@code placements}, also where each segment landed. */
  private static String assemble(List<Block> blocks, List<Placement> placements) {
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

  private Chunk toChunk(
      int ordinal, Draft d, Map<Integer, GroundedPage> pages, Map<Integer, BlockBuilder.Furniture> furniture) {
    List<Placement> placements = new ArrayList<>();
    String text = assemble(d.blocks, placements);
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

    Set<Integer> pageNumbers = new java.util.TreeSet<>();
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
    int overlapChars = !d.blocks.isEmpty() && d.blocks.get(0).overlap ? d.blocks.get(0).text.length() : 0;
    String bc = breadcrumbs(d.path);
    String retrieval = bc.isEmpty() ? text : bc + Chunk.BREADCRUMB_SEPARATOR + text;
    return new Chunk(
        ordinal,
        text,
        d.path.stream().map(Block.Heading::text).toList(),
        bc,
        tokens.additive() ? d.tokens : count(retrieval),
        overlapChars,
        regions,
        sizes,
        List.copyOf(labels),
        List.copyOf(printed),
        List.copyOf(running),
        unfinished);
  }
  }
}
