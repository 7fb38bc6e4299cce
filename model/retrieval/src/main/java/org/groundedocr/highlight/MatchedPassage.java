package org.groundedocr.highlight;

/**
 * A passage of a chunk's text with its matches, as a highlighter reports it: half-open character
 * spans into the chunk text. One match per query match span (a phrase is one match when the
 * highlighter weighs matches).
 */
public record MatchedPassage(int start, int end, float score, int[] matchStarts, int[] matchEnds) {
  public MatchedPassage {
    if (matchStarts.length != matchEnds.length) {
      throw new IllegalArgumentException("match starts and ends differ in length");
    }
    matchStarts = matchStarts.clone();
    matchEnds = matchEnds.clone();
  }

  public int numMatches() {
    return matchStarts.length;
  }

  public int matchStart(int i) {
    return matchStarts[i];
  }

  public int matchEnd(int i) {
    return matchEnds[i];
  }
}
