package org.groundedocr.solr.rag;

import java.util.List;
import org.apache.solr.SolrTestCase;
import org.groundedocr.solr.rag.ReciprocalRankFusion.Fused;
import org.groundedocr.solr.rag.ReciprocalRankFusion.Hit;
import org.junit.Test;

public class ReciprocalRankFusionTest extends SolrTestCase {

  @Test
  public void aDocumentBothRetrieversRankWellBeatsOneThatOnlyOneRanksFirst() {
    List<Hit> lexical = List.of(new Hit("a", 1, 9f), new Hit("b", 2, 7f), new Hit("c", 3, 5f));
    List<Hit> vector = List.of(new Hit("d", 1, 0.9f), new Hit("b", 2, 0.8f), new Hit("a", 9, 0.5f));
    List<Fused> fused = ReciprocalRankFusion.fuse(lexical, vector, 60, 1, 1);
    assertEquals(List.of("b", "a", "d", "c"), fused.stream().map(Fused::id).toList());
    Fused b = fused.get(0);
    assertEquals(2.0 / 62, b.score(), 1e-12);
    assertEquals(2, b.lexical().rank());
    assertEquals(2, b.vector().rank());
    assertNull(fused.get(2).lexical());
  }

  @Test
  public void weightsAndKShiftTheBalance() {
    List<Hit> lexical = List.of(new Hit("a", 1, 9f), new Hit("b", 2, 7f));
    List<Hit> vector = List.of(new Hit("b", 1, 0.9f), new Hit("a", 2, 0.8f));
    assertEquals("a", ReciprocalRankFusion.fuse(lexical, vector, 60, 2, 1).get(0).id());
    assertEquals("b", ReciprocalRankFusion.fuse(lexical, vector, 60, 1, 2).get(0).id());
    assertEquals("only the vector ranking counts", "b", ReciprocalRankFusion.fuse(lexical, vector, 60, 0, 1).get(0).id());
    // k = 0: rank 1 scores 1, rank 2 scores 0.5
    assertEquals(1.5, ReciprocalRankFusion.fuse(lexical, vector, 0, 1, 1).get(0).score(), 1e-12);
  }

  @Test
  public void tiesAreBrokenByVectorRankThenLexicalRankThenId() {
    List<Hit> lexical = List.of(new Hit("x", 1, 3f), new Hit("y", 2, 2f));
    List<Hit> vector = List.of(new Hit("y", 1, 0.9f), new Hit("x", 2, 0.8f));
    assertEquals(List.of("y", "x"), ReciprocalRankFusion.fuse(lexical, vector, 60, 1, 1).stream().map(Fused::id).toList());
    List<Hit> onlyLexical = List.of(new Hit("q", 1, 3f));
    List<Hit> onlyVector = List.of(new Hit("p", 1, 0.9f));
    assertEquals(List.of("p", "q"), ReciprocalRankFusion.fuse(onlyLexical, onlyVector, 60, 1, 1).stream().map(Fused::id).toList());
    assertTrue(ReciprocalRankFusion.fuse(List.of(), List.of(), 60, 1, 1).isEmpty());
  }
}
