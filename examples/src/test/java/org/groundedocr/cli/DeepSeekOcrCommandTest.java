package org.groundedocr.cli;

import static org.groundedocr.cli.CliRunner.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@code ocr --engine deepseek} on the model module's tiny OCR-2 export (its parity fixture, read in
 * place from the source tree): {@code --format tokens} prints exactly the ids reference.py generated,
 * and the flags reach the engine.
 */
class DeepSeekOcrCommandTest {

  static final Path FIXTURES = Path.of("..", "model", "deepseek", "src", "test", "resources", "deepseek", "engine");
  static final Path MODEL = FIXTURES.resolve("deepseek-ocr2").resolve("model");
  static final Path IMAGE = FIXTURES.resolve("images").resolve("small_500x400.png");

  @Test
  void tokensFormatPrintsTheReferenceIds() throws Exception {
    assertTrue(Files.isDirectory(MODEL), "fixture model at " + MODEL.toAbsolutePath());
    JsonNode cases = new ObjectMapper().readTree(MODEL.getParent().resolve("cases.json").toFile()).get("cases");
    JsonNode expected = null;
    for (JsonNode c : cases) {
      if (c.get("image").asText().equals("small_500x400.png") && c.get("max_new_tokens").asInt() == 40
          && !c.has("ngram_size") && !c.has("task")) {
        expected = c.get("token_ids");
      }
    }
    String[] r = run("ocr", "--engine", "deepseek", "--model", MODEL.toString(), "--mode", "gundam",
        "--max-new-tokens", "40", "--format", "tokens", IMAGE.toString());
    assertEquals("0", r[0], r[2]);
    JsonNode got = new ObjectMapper().readTree(r[1]).get("token_ids");
    assertEquals(expected, got);
  }

  @Test
  void jsonFormatCarriesTheDeepSeekStats() throws Exception {
    String[] r = run("ocr", "--engine", "deepseek", "--model", MODEL.toString(), "--max-new-tokens", "5",
        "--task", "free", "--format", "json", IMAGE.toString());
    assertEquals("0", r[0], r[2]);
    JsonNode doc = new ObjectMapper().readTree(r[1]);
    assertEquals("deepseek", doc.path("engine").asText());
    assertEquals(1, doc.path("pages").size());
    JsonNode page = doc.path("pages").get(0);
    assertEquals(500, page.path("width").asInt());
    assertTrue(r[1].contains("\"finished\""), r[1]);
  }

  @Test
  void tokensFormatNeedsTheDeepSeekEngineAndBadFlagsFailClearly() {
    String[] wrong = run("ocr", "--format", "tokens", IMAGE.toString());
    assertEquals("2", wrong[0]);
    assertTrue(wrong[2].contains("--engine deepseek"), wrong[2]);
    String[] badMode = run("ocr", "--engine", "deepseek", "--model", MODEL.toString(), "--mode", "huge", IMAGE.toString());
    assertEquals("2", badMode[0]);
    assertTrue(badMode[2].contains("mode"), badMode[2]);
  }
}
