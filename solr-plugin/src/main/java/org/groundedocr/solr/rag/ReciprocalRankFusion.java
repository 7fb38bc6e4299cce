package org.groundedocr.solr.rag;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reciprocal rank fusion (Cormack, Clarke and Buettcher, SIGIR 2009): a document's fused score is
 * {@code sum over rankings of weight / (k + rank)}, ranks from 1. It needs no score
 * normalisation, which is why it suits BM25 scores (unbounded) next to cosine similarities.
 */
final class ReciprocalRankFusion {

  /** A hit of one retriever: its id, 1-based rank and native score. */
  record Hit(String id, int rank, float score) {}

  /** A fused hit: the score parts that made it, {@code null} for a retriever that missed it. */
  record Fused(String id, double score, Hit lexical, Hit vector) {}

  private ReciprocalRankFusion() {}

  /**
   * Fuses two rankings. Ties (same fused score) go to the better vector rank, then the better
   * lexical rank, then the id, so the order is stable across shards and runs.
   */
  static List<Fused> fuse(List<Hit> lexical, List<Hit> vector, int k, double lexicalWeight, double vectorWeight) {
    Map<String, Hit[]> byId = new LinkedHashMap<>();
    for (Hit h : lexical) {
      byId.computeIfAbsent(h.id(), id -> new Hit[2])[0] = h;
    }
    for (Hit h : vector) {
      byId.computeIfAbsent(h.id(), id -> new Hit[2])[1] = h;
    }
    List<Fused> out = new ArrayList<>(byId.size());
    for (Map.Entry<String, Hit[]> e : byId.entrySet()) {
      Hit l = e.getValue()[0];
      Hit v = e.getValue()[1];
      double score = (l == null ? 0 : lexicalWeight / (k + l.rank()))
          + (v == null ? 0 : vectorWeight / (k + v.rank()));
      out.add(new Fused(e.getKey(), score, l, v));
    }
    out.sort(Comparator.comparingDouble(Fused::score).reversed()
        .thenComparingInt(f -> f.vector() == null ? Integer.MAX_VALUE : f.vector().rank())
        .thenComparingInt(f -> f.lexical() == null ? Integer.MAX_VALUE : f.lexical().rank())
        .thenComparing(Fused::id));
    return out;
  }
}
