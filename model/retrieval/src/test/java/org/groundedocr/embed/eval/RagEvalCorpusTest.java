package org.groundedocr.embed.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.groundedocr.chunking.Chunk;
import org.groundedocr.chunking.ChunkRegion;
import org.groundedocr.chunking.ChunkingConfig;
import org.groundedocr.chunking.GroundedChunker;
import org.groundedocr.chunking.HuggingFaceTokenCounter;
import org.groundedocr.model.GroundedPage;
import org.groundedocr.model.Region;
import org.junit.jupiter.api.Test;

/** The evaluation set is sound: unique ids, every answer is a region of its page, and the default chunker keeps it. */
class RagEvalCorpusTest {

  @Test
  void everyAnswerIsARegionOfItsPageAndLandsInAChunk() throws Exception {
    RagEvalCorpus corpus = RagEvalCorpus.build();
    assertTrue(corpus.documents().size() >= 25, "documents: " + corpus.documents().size());
    assertTrue(corpus.questions().size() >= 60, "questions: " + corpus.questions().size());
    Map<String, RagEvalCorpus.Document> byId = new HashMap<>();
    corpus.documents().forEach(d -> byId.put(d.id(), d));
    assertEquals(corpus.documents().size(), byId.size(), "document ids are unique");
    Set<String> questionIds = new HashSet<>();
    Map<String, Integer> kinds = new HashMap<>();
    GroundedChunker chunker = new GroundedChunker(ChunkingConfig.defaults(), HuggingFaceTokenCounter.bgeSmallEnV15());
    Map<String, List<Chunk>> chunks = new HashMap<>();
    for (RagEvalCorpus.Question q : corpus.questions()) {
      assertTrue(questionIds.add(q.id()), "duplicate question id " + q.id());
      kinds.merge(q.kind(), 1, Integer::sum);
      RagEvalCorpus.Document d = byId.get(q.documentId());
      GroundedPage page = d.grounded().pages().get(q.page() - 1);
      assertTrue(page.regions().stream().map(Region::boxes).anyMatch(b -> b.contains(q.answer())), q.id());
      List<Chunk> cs = chunks.computeIfAbsent(d.id(), k -> chunker.chunk(d.grounded()));
      boolean found = false;
      for (Chunk c : cs) {
        for (ChunkRegion r : c.regions()) {
          found |= r.page() == q.page() && r.boxes().contains(q.answer());
        }
      }
      assertTrue(found, "the answer of " + q.id() + " is in a chunk");
    }
    assertEquals(Set.of("keyword", "natural", "paraphrase"), kinds.keySet());
    kinds.values().forEach(n -> assertTrue(n >= 15, "each kind has enough questions: " + kinds));
  }
}
