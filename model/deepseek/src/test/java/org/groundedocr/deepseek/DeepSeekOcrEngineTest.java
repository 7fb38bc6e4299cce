package org.groundedocr.deepseek;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.groundedocr.engine.Device;
import org.groundedocr.engine.EngineConfig;
import org.groundedocr.engine.OcrEngine;
import org.groundedocr.engine.OcrEngines;
import org.groundedocr.engine.OcrException;
import org.groundedocr.model.GroundedPage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine's contract around generation: pages, stats, concurrency, configuration errors. */
class DeepSeekOcrEngineTest {

  private static DeepSeekOcrEngine engine;
  private static BufferedImage small;

  @BeforeAll
  static void open() throws Exception {
    engine = DeepSeekOcrEngine.open(config("deepseek-ocr2", Map.of("maxNewTokens", "12", "threads", "1")));
    small = DeepSeekOcrEngineParityTest.read("small_500x400.png");
  }

  @AfterAll
  static void close() {
    engine.close();
  }

  static EngineConfig config(String family, Map<String, String> options) {
    return new EngineConfig("deepseek", Device.CPU, EngineFixtures.modelDir(family), options);
  }

  @Test
  void recognizeGivesAGroundedPageWithStatsAndFlagsTheTokenLimit() throws Exception {
    GroundedPage page = engine.recognize(small, 3);
    assertEquals(3, page.page());
    assertEquals(500, page.width());
    assertEquals(400, page.height());
    assertEquals("deepseek", page.stats().engine());
    assertEquals("gundam", page.stats().mode());
    assertEquals(257, page.stats().visionTokens());
    DeepSeekOcrEngine.Generation g = engine.generate(small);
    assertEquals(g.tokenIds().length, page.stats().generatedTokens());
    // a random model does not stop by itself within 12 tokens: the page is kept, flagged unfinished
    assertEquals(12, g.tokenIds().length);
    assertFalse(g.finished());
    assertFalse(page.stats().finished());
  }

  @Test
  void concurrentCallersGetTheSameIdsAsOneAtATime() throws Exception {
    BufferedImage wide = DeepSeekOcrEngineParityTest.read("wide_1500x430.png");
    int[] a = engine.generate(small).tokenIds();
    int[] b = engine.generate(wide).tokenIds();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<int[]>> futures = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        BufferedImage img = i % 2 == 0 ? small : wide;
        futures.add(pool.submit(() -> engine.generate(img).tokenIds()));
      }
      for (int i = 0; i < 4; i++) {
        assertArrayEquals(i % 2 == 0 ? a : b, futures.get(i).get());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void theProviderIsFoundByName() throws Exception {
    assertTrue(OcrEngines.available().contains("deepseek"));
    try (OcrEngine e = OcrEngines.create(config("deepseek-ocr", Map.of("mode", "small", "maxNewTokens", "3")))) {
      assertEquals("deepseek", e.name());
      assertEquals(3, e.recognize(small, 1).stats().generatedTokens());
    }
  }

  @Test
  void configurationErrorsNameTheProblem() {
    assertMessage("modelDir", () -> DeepSeekOcrEngine.open(new EngineConfig("deepseek", Device.CPU, null, Map.of())));
    assertMessage("mode", () -> DeepSeekOcrEngine.open(config("deepseek-ocr", Map.of("mode", "huge"))));
    assertMessage("task", () -> DeepSeekOcrEngine.open(config("deepseek-ocr", Map.of("task", "poem"))));
    assertMessage("maxNewTokens", () -> DeepSeekOcrEngine.open(config("deepseek-ocr", Map.of("maxNewTokens", "0"))));
    assertMessage("query", () -> DeepSeekOcrEngine.open(config("deepseek-ocr", Map.of("task", "locate"))));
    // the fixture exports v1's gundam and small modes only: large needs vision_1280.onnx
    assertMessage("--modes", () -> DeepSeekOcrEngine.open(config("deepseek-ocr", Map.of("mode", "large"))));
  }

  @Test
  void brokenModelDirectoriesFailClearly(@TempDir Path dir) throws IOException {
    assertMessage("manifest.json", () -> DeepSeekOcrEngine.open(new EngineConfig("deepseek", Device.CPU, dir, Map.of())));
    Path copy = copyOfFixture("deepseek-ocr2", dir);
    Files.delete(copy.resolve("decoder.onnx"));
    assertMessage("decoder.onnx", () -> DeepSeekOcrEngine.open(new EngineConfig("deepseek", Device.CPU, copy, Map.of())));
    Files.writeString(copy.resolve("manifest.json"), "{\"format\": \"grounded-ocr-deepseek/1\", \"family\": \"deepseek-ocr2\"}");
    assertMessage("decoder", () -> DeepSeekOcrEngine.open(new EngineConfig("deepseek", Device.CPU, copy, Map.of())));
  }

  @Test
  void promptAndOutputStayWithinTheModelContext(@TempDir Path dir) throws Exception {
    Path copy = copyOfFixture("deepseek-ocr2", dir);
    int prompt = engine.generate(small).promptTokens();
    setMaxTotalTokens(copy, prompt + 7);
    try (DeepSeekOcrEngine e = DeepSeekOcrEngine.open(
        new EngineConfig("deepseek", Device.CPU, copy, Map.of("maxNewTokens", "8192", "threads", "1")))) {
      DeepSeekOcrEngine.Generation g = e.generate(small);
      assertEquals(7, g.tokenIds().length, "generation stops at the context limit");
      assertFalse(g.finished());
    }
    setMaxTotalTokens(copy, prompt);
    try (DeepSeekOcrEngine e = DeepSeekOcrEngine.open(new EngineConfig("deepseek", Device.CPU, copy, Map.of()))) {
      OcrException full = assertThrows(OcrException.class, () -> e.generate(small));
      assertTrue(full.getMessage().contains("no room"), full.getMessage());
    }
  }

  private static Path copyOfFixture(String family, Path dir) throws IOException {
    Path copy = dir.resolve(family);
    Files.createDirectories(copy);
    try (Stream<Path> files = Files.list(EngineFixtures.modelDir(family))) {
      for (Path f : files.toList()) {
        Files.copy(f, copy.resolve(f.getFileName()));
      }
    }
    return copy;
  }

  private static void setMaxTotalTokens(Path modelDir, int value) throws IOException {
    Path manifest = modelDir.resolve("manifest.json");
    String json = Files.readString(manifest).replaceAll("\"max_total_tokens\": \\d+", "\"max_total_tokens\": " + value);
    Files.writeString(manifest, json);
  }

  private static void assertMessage(String fragment, org.junit.jupiter.api.function.Executable open) {
    OcrException e = assertThrows(OcrException.class, open);
    assertTrue(e.getMessage().contains(fragment), "'" + fragment + "' in: " + e.getMessage());
  }
}
