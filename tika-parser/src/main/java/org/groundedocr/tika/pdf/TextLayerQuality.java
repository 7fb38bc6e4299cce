package org.groundedocr.tika.pdf;

/**
 * Decides, for the {@code auto} strategy, whether a page's text layer is worth using or the page
 * must be OCRed. A text layer is <b>unusable</b> when any of these holds:
 *
 * <ol>
 *   <li><b>empty</b>: fewer than {@code minTextChars} non-whitespace characters (a scan, or a scan
 *       with a page number on it);
 *   <li><b>unmapped glyphs</b>: more than 10% of its characters are U+FFFD, private-use code points
 *       or control characters — what PDFBox yields for fonts without a usable {@code ToUnicode}
 *       map (a simple font's raw codes below 32 come out as control characters);
 *   <li><b>mostly symbols</b>: fewer than half of its characters are letters or digits (any
 *       script) — raw glyph codes of subset fonts read as punctuation soup;
 *   <li><b>a scan with a stamp</b>: images cover at least half the page and the text layer has
 *       fewer than 200 characters (a Bates number, a "received" stamp or a short caption on a
 *       scanned page would otherwise hide the page's real text).
 * </ol>
 *
 * A page with a real text layer over a scan (a "searchable PDF" from a scanner's own OCR) has
 * plenty of mapped text and is read from its text layer; use {@code ocr_only} to OCR such pages
 * again.
 */
public final class TextLayerQuality {

  static final double MAX_UNMAPPED_RATIO = 0.10;
  static final double MIN_ALNUM_RATIO = 0.50;
  static final double SCAN_IMAGE_COVERAGE = 0.50;
  static final int SCAN_MAX_TEXT_CHARS = 200;

  private TextLayerQuality() {}

  /** Character counts of a text layer. */
  public record Counts(int chars, int unmapped, int alphanumeric) {

    static final Counts NONE = new Counts(0, 0, 0);

    /** Accumulates counts glyph by glyph. */
    static final class Builder {
      private int chars;
      private int unmapped;
      private int alphanumeric;

      void add(String unicode) {
        if (unicode == null) {
          chars++;
          unmapped++;
          return;
        }
        unicode.codePoints().forEach(this::add);
      }

      void add(int cp) {
        if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
          return;
        }
        chars++;
        if (isUnmapped(cp)) {
          unmapped++;
        } else if (Character.isLetterOrDigit(cp)) {
          alphanumeric++;
        }
      }

      Counts build() {
        return new Counts(chars, unmapped, alphanumeric);
      }
    }
  }

  static boolean isUnmapped(int cp) {
    if (cp == 0xFFFD) {
      return true;
    }
    int type = Character.getType(cp);
    return type == Character.CONTROL
        || type == Character.PRIVATE_USE
        || type == Character.UNASSIGNED
        || type == Character.SURROGATE;
  }

  /**
   * Why the text layer must be OCRed, or {@code null} when it is usable.
   *
   * @param imageCoverage share of the page area images cover (0..1), or a negative number when
   *     not measured (then rule 4 does not apply)
   */
  public static String reasonToOcr(Counts counts, int minTextChars, double imageCoverage) {
    if (counts.chars() < Math.max(1, minTextChars)) {
      return "text layer has " + counts.chars() + " characters (fewer than " + minTextChars + ")";
    }
    if (counts.unmapped() > counts.chars() * MAX_UNMAPPED_RATIO) {
      return "text layer is garbage: " + counts.unmapped() + " of " + counts.chars()
          + " characters have no Unicode mapping";
    }
    if (counts.alphanumeric() < counts.chars() * MIN_ALNUM_RATIO) {
      return "text layer is garbage: only " + counts.alphanumeric() + " of " + counts.chars()
          + " characters are letters or digits";
    }
    if (imageCoverage >= SCAN_IMAGE_COVERAGE && counts.chars() < SCAN_MAX_TEXT_CHARS) {
      return "page is a scan (images cover " + Math.round(imageCoverage * 100)
          + "%) with only " + counts.chars() + " characters of text";
    }
    return null;
  }

  /** Whether rule 4 could apply, i.e. whether measuring image coverage is worth it. */
  static boolean needsImageCoverage(Counts counts) {
    return counts.chars() < SCAN_MAX_TEXT_CHARS;
  }
}
