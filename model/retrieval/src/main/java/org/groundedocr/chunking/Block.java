package org.groundedocr.chunking;

import java.util.ArrayList;
import java.util.List;

/**
 * A unit the packer never cuts if it fits a chunk: a paragraph, a heading, a list, an equation,
 * a table or a figure with its captions. Oversized blocks are split into parts before packing.
 */
final class Block {

  enum Kind {
    HEADING,
    TEXT,
    LIST,
    TABLE,
    EQUATION,
    FIGURE
  }

  /** A heading in the path above a block. */
  record Heading(int level, String text) {
    String markdown() {
      return "#".repeat(level) + " " + text;
    }
  }

  final Kind kind;
  final List<Segment> segments;
  final String text;
  /** For headings: level (1 = {@code #}) and text without the marks. */
  final int level;
  final String headingText;
  /** For tables: rows to split by; null for other kinds. */
  final TableRows table;

  /** Parts of one split block share a group id (>= 0) and count parts from 0. */
  int splitGroup = -1;
  int splitPart = -1;
  /** A copy of the previous chunk's tail. */
  boolean overlap;
  List<Heading> ancestors = List.of();
  int tokens;

  Block(Kind kind, List<Segment> segments, int level, String headingText, TableRows table) {
    this.kind = kind;
    this.segments = List.copyOf(segments);
    StringBuilder sb = new StringBuilder();
    for (Segment s : segments) {
      sb.append(s.text());
    }
    this.text = sb.toString();
    this.level = level;
    this.headingText = headingText;
    this.table = table;
  }

  static Block of(Kind kind, List<Segment> segments) {
    return new Block(kind, segments, 0, null, null);
  }

  /** The block's text between {@code from} and {@code to}, with the same sources; same kind. */
  Block slice(int from, int to) {
    List<Segment> out = new ArrayList<>();
    int pos = 0;
    for (Segment s : segments) {
      int len = s.text().length();
      int a = Math.max(from, pos);
      int b = Math.min(to, pos + len);
      if (a < b || (len == 0 && pos >= from && pos <= to && s.owner() != null)) {
        out.add(s.cut(a - pos, Math.max(a, b) - pos));
      }
      pos += len;
    }
    Block b = new Block(kind == Kind.TABLE ? Kind.TEXT : kind, out, level, headingText, null);
    b.ancestors = ancestors;
    return b;
  }

  /** True when this block continues {@code previous}: two parts of one split paragraph. */
  boolean continues(Block previous) {
    return splitGroup >= 0
        && splitGroup == previous.splitGroup
        && (splitPart == previous.splitPart + 1 || previous.overlap && splitPart == previous.splitPart);
  }

  /** Rows of a table, for splitting it with the header repeated. */
  record TableRows(List<Segment> before, List<List<Segment>> header, List<List<Segment>> body, List<Segment> after) {}
}
