package org.groundedocr.solr.highlight;

import java.io.IOException;
import java.util.Map;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.uhighlight.UnifiedHighlighter;
import org.groundedocr.highlight.MatchedPassage;

/**
 * Lucene's {@link UnifiedHighlighter} asked for passages with their match offsets instead of
 * strings, through its documented extension point for custom formatter output
 * ({@code highlightFieldsAsObjects}); nothing of its internals is copied or overridden, so it
 * follows Lucene upgrades unchanged.
 */
final class PassageHighlighter extends UnifiedHighlighter {

  PassageHighlighter(Builder builder) {
    super(builder.withFormatter(new PassageCollector()));
  }

  /**
   * The passages of {@code field} for each of {@code docIds} (index-wide ids), in the same order;
   * an entry is {@code null} or empty when the document has no match in the field.
   */
  MatchedPassage[][] passages(String field, Query query, int[] docIds, int maxPassages)
      throws IOException {
    int[] max = {maxPassages};
    Map<String, Object[]> byField = highlightFieldsAsObjects(new String[] {field}, query, docIds, max);
    Object[] perDoc = byField.get(field);
    MatchedPassage[][] out = new MatchedPassage[docIds.length][];
    for (int i = 0; i < docIds.length; i++) {
      out[i] = perDoc == null ? null : (MatchedPassage[]) perDoc[i];
    }
    return out;
  }
}
