package org.groundedocr.model;

/**
 * Estimated advance widths of characters, in thousandths of an em, for placing a character offset
 * inside a line box. Printed text is proportional: "illicit" is far narrower than "MWW", so
 * interpolating by character count alone puts a match at the end of a long line several glyphs
 * off. The widths are those of a common sans-serif face (Helvetica's metrics, which serif faces
 * follow closely in proportion); CJK and other wide scripts count as one em.
 */
public final class GlyphAdvance {

  /** Widths for U+0020..U+007E. */
  private static final short[] ASCII = {
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, // space../
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, // 0..?
    1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, // @..O
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, // P.._
    333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, // `..o
    556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584 // p..~
  };

  private static final int DEFAULT = 556;
  private static final int WIDE = 1000;

  private GlyphAdvance() {}

  public static int of(int codePoint) {
    if (codePoint >= 0x20 && codePoint <= 0x7E) {
      return ASCII[codePoint - 0x20];
    }
    if (codePoint == '\t' || codePoint == '\n' || codePoint == '\r') {
      return ASCII[0];
    }
    if (isWide(codePoint)) {
      return WIDE;
    }
    if (Character.isUpperCase(codePoint)) {
      return 667;
    }
    return DEFAULT;
  }

  /** East Asian wide and full-width characters. */
  private static boolean isWide(int cp) {
    return (cp >= 0x1100 && cp <= 0x115F)
        || (cp >= 0x2E80 && cp <= 0xA4CF)
        || (cp >= 0xAC00 && cp <= 0xD7A3)
        || (cp >= 0xF900 && cp <= 0xFAFF)
        || (cp >= 0xFE30 && cp <= 0xFE4F)
        || (cp >= 0xFF00 && cp <= 0xFF60)
        || (cp >= 0xFFE0 && cp <= 0xFFE6)
        || (cp >= 0x20000 && cp <= 0x3FFFD);
  }
}
