package org.groundedocr.solr.highlight;

import org.apache.lucene.search.uhighlight.Passage;
import org.apache.lucene.search.uhighlight.PassageFormatter;
import org.groundedocr.highlight.MatchedPassage;

/**
 * A {@link PassageFormatter} that formats nothing: it hands the highlighter's passages back as
 * {@link MatchedPassage}s (offsets into the stored text), which is all the region highlighter
 * needs. Passages are reused by the highlighter, hence the copies.
 */
final class PassageCollector extends PassageFormatter {

  @Override
  public MatchedPassage[] format(Passage[] passages, String content) {
    MatchedPassage[] out = new MatchedPassage[passages.length];
    for (int i = 0; i < passages.length; i++) {
      Passage p = passages[i];
      int n = p.getNumMatches();
      int[] starts = new int[n];
      int[] ends = new int[n];
      System.arraycopy(p.getMatchStarts(), 0, starts, 0, n);
      System.arraycopy(p.getMatchEnds(), 0, ends, 0, n);
      out[i] = new MatchedPassage(p.getStartOffset(), p.getEndOffset(), p.getScore(), starts, ends);
    }
    return out;
  }
}
