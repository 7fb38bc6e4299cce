package org.groundedocr.grounding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.groundedocr.model.Box;
import org.groundedocr.model.GroundedDocument;
import org.groundedocr.model.GroundedPage;
import org.groundedocr.model.PageStats;
import org.groundedocr.model.Region;
import org.groundedocr.model.TextLine;
import org.groundedocr.model.Word;
import org.junit.jupiter.api.Test;

/** Word boxes in the grounded JSON: kept when known, absent (and not required) when not. */
class GroundedJsonWordsTest {

  @Test
  void wordsRoundTripAndLinesWithoutWordsStayAsBefore() {
    TextLine withWords = new TextLine(new Box(10, 10, 200, 40), "Was ist",
        List.of(new Word(new Box(10, 10, 80, 40), "Was", 0.875), new Word(new Box(95, 10, 200, 40), "ist")));
    TextLine plain = new TextLine(new Box(10, 50, 200, 80), "Aufklärung");
    GroundedPage page = new GroundedPage(1, 300, 100, List.of(new Region("text", List.of(new Box(10, 10, 200, 80)),
        "Was ist\nAufklärung", List.of(withWords, plain))), new PageStats("alto", "", 0, 0, 0, true));
    GroundedDocument doc = new GroundedDocument("k.xml", "alto", List.of(page));
    String json = GroundedJson.write(doc, false);
    assertTrue(json.contains("\"words\":[{\"bbox\":[10,10,80,40],\"text\":\"Was\",\"conf\":0.875}"), json);
    assertFalse(json.contains("\"text\":\"ist\",\"conf\""), "no confidence, no conf key: " + json);
    assertEquals(1, json.split("\"words\"", -1).length - 1, "a line without words has no words key: " + json);
    assertEquals(doc, GroundedJson.readDocument(json));

    // JSON written before words existed reads as lines without words
    String old = "{\"pages\":[{\"page\":1,\"width\":300,\"height\":100,\"regions\":[{\"label\":\"text\","
        + "\"bbox\":[10,10,200,80],\"text\":\"Aufklärung\",\"lines\":[{\"bbox\":[10,50,200,80],\"text\":\"Aufklärung\"}]}]}]}";
    assertEquals(List.of(), GroundedJson.readDocument(old).pages().get(0).regions().get(0).lines().get(0).words());
  }
}
