package org.groundedocr.chunking;

/**
 * A stretch of chunk text and where it came from.
 *
 * @param text the characters it puts into the chunk
 * @param owner the region it belongs to, or null for a pure separator between regions
 * @param from start in the owner's canonical text, or -1 for text the chunker added inside the
 *     region's span (a heading's {@code ##}, a table's pipes)
 * @param to end in the owner's canonical text (exclusive), or -1
 * @param exact true when {@code text} is exactly {@code owner.text.substring(from, to)}, so an
 *     offset inside it maps to the canonical text one to one (false for table cells whose HTML
 *     was reduced to text)
 */
record Segment(String text, RegionText owner, int from, int to, boolean exact) {

  static Segment separator(String text) {
    return new Segment(text, null, -1, -1, false);
  }

  static Segment synthetic(String text, RegionText owner) {
    return new Segment(text, owner, -1, -1, false);
  }

  static Segment of(RegionText owner, int from, int to) {
    return new Segment(owner.text.substring(from, to), owner, from, to, true);
  }

  boolean isContent() {
    return owner != null && from >= 0;
  }

  /** The part of this segment between {@code a} and {@code b}, offsets relative to its text. */
  Segment cut(int a, int b) {
    if (a == 0 && b == text.length()) {
      return this;
    }
    String t = text.substring(a, b);
    if (!isContent()) {
      return new Segment(t, owner, -1, -1, false);
    }
    if (exact) {
      return new Segment(t, owner, from + a, from + b, true);
    }
    // reduced text: keep the whole canonical range (spans stay right, coverage is approximate)
    return new Segment(t, owner, from, to, false);
  }
}
