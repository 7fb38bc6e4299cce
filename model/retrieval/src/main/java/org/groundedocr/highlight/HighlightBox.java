package org.groundedocr.highlight;

import org.groundedocr.model.Box;

/**
 * Where one part of a match lies on a page.
 *
 * @param region index of the chunk region (in the list given to {@link RegionHighlighter}) that
 *     holds this part
 * @param start start of this part in the chunk text (whitespace at the edges trimmed)
 * @param end end (exclusive) of this part in the chunk text
 * @param box the part's box in page pixels
 * @param precision how the box was found: narrowed to an OCR line, or the whole region box
 */
public record HighlightBox(int region, int start, int end, Box box, Precision precision) {

  /** How precisely a highlight box locates its text. */
  public enum Precision {
    /** The matched line's height, horizontal extent interpolated by character position. */
    LINE,
    /** The region's box: the engine gave no line boxes for this text. */
    REGION
  }
}
