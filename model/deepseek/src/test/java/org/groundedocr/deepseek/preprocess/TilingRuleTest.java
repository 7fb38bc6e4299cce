package org.groundedocr.deepseek.preprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TilingRuleTest {

  @Test
  void candidateOrderIsCPythonSetOrderSortedByArea() {
    int n = 0;
    for (JsonNode c : PreprocessFixtures.index().get("candidates")) {
      List<TileGrid> expected = new ArrayList<>();
      for (JsonNode g : c.get("grids")) {
        expected.add(new TileGrid(g.get(0).asInt(), g.get(1).asInt()));
      }
      int min = c.get("min").asInt();
      int max = c.get("max").asInt();
      assertEquals(expected, TilingRule.candidates(min, max), "min " + min + " max " + max);
      n++;
    }
    assertTrue(n >= 80);
  }

  @Test
  void specOrderForTheOfficialRanges() {
    assertEquals("[1x2, 2x1, 3x1, 1x3, 4x1, 1x4, 2x2, 1x5, 5x1, 6x1, 2x3, 1x6, 3x2]",
        TilingRule.candidates(2, 6).toString());
    assertEquals("[1x2, 2x1, 3x1, 1x3, 2x2, 4x1, 1x4, 5x1, 1x5, 1x6, 6x1, 3x2, 2x3, 7x1, 1x7, 4x2, 2x4,"
        + " 1x8, 8x1, 1x9, 3x3, 9x1]", TilingRule.candidates(2, 9).toString());
  }

  @Test
  void everyDecisionEqualsTheReference() {
    List<String> failures = new ArrayList<>();
    int n = 0;
    for (JsonNode d : PreprocessFixtures.index().get("grids")) {
      int w = d.get(0).asInt();
      int h = d.get(1).asInt();
      int tile = d.get(2).asInt();
      int min = d.get(3).asInt();
      int max = d.get(4).asInt();
      TileGrid expected = new TileGrid(d.get(5).asInt(), d.get(6).asInt());
      TileGrid actual = TilingRule.choose(w, h, tile, min, max);
      if (!expected.equals(actual)) {
        failures.add(w + "x" + h + " tile " + tile + " " + min + ".." + max + ": " + actual + " != " + expected);
      }
      n++;
    }
    assertTrue(n > 4000, "decisions: " + n);
    assertEquals(List.of(), failures);
  }

  @Test
  void specTieBreakExamples() {
    // aspect 1.25 lies exactly between 2x2 and 3x2: the larger grid wins only with enough pixels
    assertEquals(new TileGrid(3, 2), TilingRule.choose(1280, 1024, 640, 2, 6)); // 1310720 > 1228800
    assertEquals(new TileGrid(2, 2), TilingRule.choose(1000, 800, 640, 2, 6));
    assertEquals(new TileGrid(2, 3), TilingRule.choose(595, 842, 640, 2, 6));
    assertEquals(new TileGrid(2, 1), TilingRule.choose(1920, 1080, 640, 2, 6));
    assertEquals(new TileGrid(4, 2), TilingRule.choose(1920, 1080, 640, 2, 9));
    assertEquals(new TileGrid(3, 2), TilingRule.choose(800, 600, 640, 2, 6));
    assertEquals(new TileGrid(2, 1), TilingRule.choose(641, 300, 640, 2, 6));
  }

  @Test
  void rejectsBadArguments() {
    assertThrows(IllegalArgumentException.class, () -> TilingRule.candidates(0, 6));
    assertThrows(IllegalArgumentException.class, () -> TilingRule.candidates(3, 2));
    assertThrows(IllegalArgumentException.class, () -> TilingRule.choose(0, 10, 640, 2, 6));
  }
}
