package org.groundedocr.chunking;

import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * Splits a block that does not fit a chunk: tables by rows with the header repeated, text at the
 * best boundary that keeps a part within budget — paragraph, then line (list items), then
 * sentence, then word, and only as a last resort inside a word.
 */
final class BlockSplitter {

  private final TokenCounter tokens;

  BlockSplitter(TokenCounter tokens) {
    this.tokens = tokens;
  }

  /** Parts of {@code block} of at most {@code budget} tokens each (as long as one row fits). */
  List<Block> split(Block block, int budget) {
    if (block.kind == Block.Kind.TABLE && block.table != null && !block.table.body().isEmpty()) {
      return splitTable(block, budget);
    }
    return splitText(block, budget);
  }

  private List<Block> splitTable(Block block, int budget) {
    Block.TableRows rows = block.table;
    int n = rows.body().size();
    int header = tokens.count(text(BlockBuilder.tableSegments(rows, 0, 0, false, false)));
    int before = tokens.count(text(rows.before()));
    int after = tokens.count(text(rows.after()));
    int[] rowTokens = new int[n];
    for (int i = 0; i < n; i++) {
      rowTokens[i] = tokens.count(text(rows.body().get(i)));
    }
    List<Block> parts = new ArrayList<>();
    int from = 0;
    while (from < n) {
      int sum = header + (from == 0 ? before : 0) + rowTokens[from];
      int to = from + 1;
      while (to < n && sum + rowTokens[to] + (to + 1 == n ? after : 0) <= budget) {
        sum += rowTokens[to];
        to++;
      }
      // counts of pieces add up for WordPiece and whitespace; check the real text anyway
      Block part = tablePart(rows, from, to, n);
      while (to - from > 1 && tokens.count(part.text) > budget) {
        to--;
        part = tablePart(rows, from, to, n);
      }
      if (tokens.count(part.text) > budget) {
        parts.addAll(splitText(part, budget)); // one row larger than a chunk
      } else {
        parts.add(part);
      }
      from = to;
    }
    return parts;
  }

  private static Block tablePart(Block.TableRows rows, int from, int to, int n) {
    return new Block(
        Block.Kind.TABLE, BlockBuilder.tableSegments(rows, from, to, from == 0, to == n), 0, null, null);
  }

  private List<Block> splitText(Block block, int budget) {
    String t = block.text;
    List<TreeSet<Integer>> ranks = boundaries(t);
    List<Block> parts = new ArrayList<>();
    int pos = skipSpace(t, 0);
    while (pos < t.length()) {
      int end = trimEnd(t, pos, t.length());
      if (count(t, pos, end) <= budget) {
        parts.add(block.slice(pos, end));
        break;
      }
      int cut = -1;
      int fallback = -1;
      for (int r = 0; r < ranks.size() && cut < 0; r++) {
        int c = farthestFitting(t, pos, ranks.get(r), budget);
        if (c < 0) {
          continue;
        }
        if (r == ranks.size() - 1 || count(t, pos, trimEnd(t, pos, c)) >= budget / 2) {
          cut = c;
        } else if (fallback < 0) {
          fallback = c;
        }
      }
      if (cut < 0) {
        cut = fallback >= 0 ? fallback : hardCut(t, pos, budget);
      }
      parts.add(block.slice(pos, trimEnd(t, pos, cut)));
      pos = skipSpace(t, cut);
    }
    return parts;
  }

  /** Paragraph, line, sentence and word boundaries (where a next part may start). */
  private static List<TreeSet<Integer>> boundaries(String t) {
    TreeSet<Integer> paragraphs = new TreeSet<>();
    TreeSet<Integer> lines = new TreeSet<>();
    TreeSet<Integer> sentences = new TreeSet<>();
    TreeSet<Integer> words = new TreeSet<>();
    for (int i = 1; i < t.length(); i++) {
      char prev = t.charAt(i - 1);
      if (prev == '\n') {
        lines.add(i);
        if (i >= 2 && t.charAt(i - 2) == '\n') {
          paragraphs.add(i);
        }
      }
      if (Character.isWhitespace(prev) && !Character.isWhitespace(t.charAt(i))) {
        words.add(i);
      }
    }
    BreakIterator it = BreakIterator.getSentenceInstance(Locale.ROOT);
    it.setText(t);
    for (int b = it.next(); b != BreakIterator.DONE; b = it.next()) {
      if (b > 0 && b < t.length()) {
        sentences.add(b);
      }
    }
    return List.of(paragraphs, lines, sentences, words);
  }

  /** The farthest boundary after {@code pos} whose part fits, or -1 (token counts grow with length). */
  private int farthestFitting(String t, int pos, TreeSet<Integer> candidates, int budget) {
    List<Integer> c = new ArrayList<>(candidates.tailSet(pos + 1));
    int lo = 0;
    int hi = c.size() - 1;
    int best = -1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      int b = c.get(mid);
      if (count(t, pos, trimEnd(t, pos, b)) <= budget) {
        best = b;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return best;
  }

  /** A word longer than the budget (a long URL, garbage): the longest prefix that fits. */
  private int hardCut(String t, int pos, int budget) {
    int lo = pos + 1;
    int hi = t.length();
    int best = pos + 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      if (count(t, pos, mid) <= budget) {
        best = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    if (best < t.length() && Character.isLowSurrogate(t.charAt(best)) && best > pos + 1) {
      best--; // never cut a surrogate pair
    }
    return best;
  }

  private int count(String t, int from, int to) {
    return tokens.count(t.substring(from, to));
  }

  private static int skipSpace(String t, int i) {
    while (i < t.length() && Character.isWhitespace(t.charAt(i))) {
      i++;
    }
    return i;
  }

  private static int trimEnd(String t, int from, int to) {
    while (to > from && Character.isWhitespace(t.charAt(to - 1))) {
      to--;
    }
    return to;
  }

  static String text(List<Segment> segments) {
    StringBuilder sb = new StringBuilder();
    for (Segment s : segments) {
      sb.append(s.text());
    }
    return sb.toString();
  }
}
