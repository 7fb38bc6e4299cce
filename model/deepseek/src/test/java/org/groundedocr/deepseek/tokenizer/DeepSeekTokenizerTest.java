package org.groundedocr.deepseek.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Parity with Python {@code tokenizers} on DeepSeek-OCR's real tokenizer (DeepSeek-V3 BPE + OCR
 * specials), fixtures by {@code model/export/make_tokenizer_fixtures.py}.
 */
class DeepSeekTokenizerTest {

  private static final String ROOT = "/deepseek/tokenizer/";

  @TempDir
  static Path modelDir;

  private static DeepSeekTokenizer tokenizer;
  private static JsonNode fixture;

  @BeforeAll
  static void load() throws IOException {
    try (InputStream gz = new GZIPInputStream(resource("tokenizer.json.gz"))) {
      Files.write(modelDir.resolve("tokenizer.json"), gz.readAllBytes());
    }
    tokenizer = DeepSeekTokenizer.load(modelDir); // a model directory holding tokenizer.json
    try (InputStream in = resource("encodings.json")) {
      fixture = new ObjectMapper().readTree(in);
    }
  }

  @AfterAll
  static void close() {
    tokenizer.close();
  }

  @Test
  void encodesAndDecodesLikePythonTokenizers() {
    List<String> failures = new ArrayList<>();
    int n = 0;
    for (JsonNode c : fixture.get("encodings")) {
      String text = c.get("text").asText();
      int[] expected = ints(c.get("ids"));
      int[] ids = tokenizer.encode(text);
      if (!java.util.Arrays.equals(expected, ids)) {
        failures.add("encode " + quote(text) + ": " + java.util.Arrays.toString(ids));
      }
      if (!c.get("decoded").asText().equals(tokenizer.decode(expected))) {
        failures.add("decode " + quote(text) + ": " + quote(tokenizer.decode(expected)));
      }
      if (!c.get("decoded_skip_special").asText().equals(tokenizer.decode(expected, true))) {
        failures.add("decode(skip special) " + quote(text) + ": " + quote(tokenizer.decode(expected, true)));
      }
      n++;
    }
    assertTrue(n >= 40, "encodings: " + n);
    assertEquals(List.of(), failures);
  }

  @Test
  void decodesArbitraryIdsLikePythonTokenizers() {
    int n = 0;
    for (JsonNode c : fixture.get("decodings")) {
      int[] ids = ints(c.get("ids"));
      assertEquals(c.get("decoded").asText(), tokenizer.decode(ids), java.util.Arrays.toString(ids));
      assertEquals(c.get("decoded_skip_special").asText(), tokenizer.decode(ids, true), java.util.Arrays.toString(ids));
      n++;
    }
    assertTrue(n >= 16);
  }

  @Test
  void specialTokenIdsByName() {
    Iterator<Map.Entry<String, JsonNode>> it = fixture.get("token_ids").fields();
    int n = 0;
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      assertEquals(e.getValue().asInt(), tokenizer.tokenId(e.getKey()), e.getKey());
      n++;
    }
    assertEquals(17, n);
    assertEquals(0, tokenizer.tokenId(DeepSeekTokenizer.BOS));
    assertEquals(1, tokenizer.tokenId(DeepSeekTokenizer.EOS));
    assertEquals(2, tokenizer.tokenId(DeepSeekTokenizer.PAD));
    assertEquals(128815, tokenizer.tokenId(DeepSeekTokenizer.IMAGE));
    assertEquals(128816, tokenizer.tokenId(DeepSeekTokenizer.REF));
    assertEquals(128820, tokenizer.tokenId(DeepSeekTokenizer.GROUNDING));
    assertEquals(128821, tokenizer.tokenId(DeepSeekTokenizer.TD));
    assertEquals(128822, tokenizer.tokenId(DeepSeekTokenizer.TD_END));
    assertEquals(128824, tokenizer.tokenId(DeepSeekTokenizer.TR_END));
    assertTrue(tokenizer.isSpecial(128815));
    assertTrue(tokenizer.isSpecial(1));
    assertFalse(tokenizer.isSpecial(128803)); // DeepSeek-V3's <｜User｜> is not special
    assertFalse(tokenizer.isSpecial(1000));
    assertEquals(fixture.get("vocab_size_with_added").asInt(), tokenizer.addedTokens().values().stream()
        .mapToInt(DeepSeekTokenizer.AddedToken::id).max().getAsInt() + 1);
  }

  @Test
  void ordinaryTokensByName() {
    int[] ids = tokenizer.encode("Hello");
    assertEquals(1, ids.length);
    assertEquals(ids[0], tokenizer.tokenId("Hello"));
    assertTrue(tokenizer.findTokenId("no such single token, surely").isEmpty());
    assertThrows(IllegalArgumentException.class, () -> tokenizer.tokenId("two words"));
  }

  @Test
  void longTextIsNotTruncated() {
    String text = "grounded ".repeat(5000);
    int[] ids = tokenizer.encode(text);
    assertTrue(ids.length >= 5000, "tokens: " + ids.length);
    assertEquals(text, tokenizer.decode(ids));
  }

  @Test
  void emptyInputs() {
    assertArrayEquals(new int[0], tokenizer.encode(""));
    assertEquals("", tokenizer.decode(new int[0]));
  }

  @Test
  void concurrentCallersGetTheSameIds() {
    List<String> texts = new ArrayList<>();
    for (JsonNode c : fixture.get("encodings")) {
      texts.add(c.get("text").asText());
    }
    List<int[]> expected = texts.stream().map(tokenizer::encode).toList();
    IntStream.range(0, 400).parallel().forEach(i -> {
      int k = i % texts.size();
      assertArrayEquals(expected.get(k), tokenizer.encode(texts.get(k)));
    });
  }

  @Test
  void clearErrorsForMissingOrBrokenFiles(@TempDir Path dir) throws IOException {
    IOException missing = assertThrows(IOException.class, () -> DeepSeekTokenizer.load(dir));
    assertTrue(missing.getMessage().contains("tokenizer.json"), missing.getMessage());
    Path broken = Files.writeString(dir.resolve("tokenizer.json"), "{\"version\": \"1.0\"}");
    IOException bad = assertThrows(IOException.class, () -> DeepSeekTokenizer.load(broken));
    assertTrue(bad.getMessage().contains(broken.toString()), bad.getMessage());
  }

  private static InputStream resource(String name) {
    InputStream in = DeepSeekTokenizerTest.class.getResourceAsStream(ROOT + name);
    if (in == null) {
      throw new IllegalStateException("missing " + ROOT + name + " (run model/export/make_tokenizer_fixtures.py)");
    }
    return in;
  }

  private static int[] ints(JsonNode array) {
    int[] out = new int[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = array.get(i).asInt();
    }
    return out;
  }

  private static String quote(String s) {
    return '"' + s.replace("\n", "\\n") + '"';
  }
}
