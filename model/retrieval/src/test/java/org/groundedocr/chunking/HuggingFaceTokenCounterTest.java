package org.groundedocr.chunking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class HuggingFaceTokenCounterTest {

  static HuggingFaceTokenCounter bge;

  @BeforeAll
  static void load() throws IOException {
    bge = HuggingFaceTokenCounter.bgeSmallEnV15();
  }

  @AfterAll
  static void close() {
    bge.close();
  }

  @Test
  void countsWordPiecesWithoutSpecialTokens() {
    // bert-base-uncased WordPiece: "hello", ",", "world", "!" (no [CLS]/[SEP])
    assertEquals(4, bge.count("Hello, world!"));
    // a rare word splits into pieces: "token", "##ization"
    assertEquals(2, bge.count("tokenization"));
    assertEquals(0, bge.count(""));
    assertEquals("bge-small-en-v15", bge.name());
  }

  @Test
  void neverTruncatesAtTheModelWindow() {
    String longText = "word ".repeat(2000);
    assertEquals(2000, bge.count(longText));
  }

  @Test
  void countsAddUpOverWhitespaceJoins() {
    String a = "Revenue grew by 12% in 2024.";
    String b = "| Item | Qty |\n| --- | --- |";
    assertEquals(bge.count(a) + bge.count(b), bge.count(a + "\n\n" + b));
  }

  @Test
  void bertPreTokenisationIsAdditive() {
    assertTrue(bge.additive(), "BertPreTokenizer splits on whitespace first");
    assertTrue(new WhitespaceTokenCounter().additive());
    String a = "Shipments rose 12% (north); returns fell.";
    String b = "| Carrier | Cost |";
    assertEquals(bge.count(a) + bge.count(b), bge.count(a + " " + b));
    assertEquals(java.util.List.of(bge.count(a), bge.count(b)),
        java.util.Arrays.stream(bge.countAll(java.util.List.of(a, b))).boxed().toList());
  }

  @Test
  void whitespaceCountsRunsOfNonSpace() {
    WhitespaceTokenCounter ws = new WhitespaceTokenCounter();
    assertEquals(3, ws.count("  one two\n\tthree "));
    assertEquals(0, ws.count(" \n "));
  }

  @Test
  void countersByName() throws IOException {
    assertEquals("whitespace", TokenCounters.create("whitespace", null).name());
    assertEquals("bge-small-en-v15", TokenCounters.create("bge-small-en-v15", null).name());
    IOException e =
        assertThrows(IOException.class, () -> TokenCounters.create("no/such/tokenizer.json", Path.of("/tmp")));
    assertTrue(e.getMessage().contains("tokenizer.json"), e.getMessage());
  }
}
