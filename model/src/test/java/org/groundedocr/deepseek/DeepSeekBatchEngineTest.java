package org.groundedocr.deepseek;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.imageio.ImageIO;
import org.groundedocr.engine.Device;
import org.groundedocr.engine.EngineConfig;
import org.groundedocr.engine.OcrEngine;
import org.groundedocr.engine.OcrEngines;
import org.groundedocr.engine.OcrException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The batched path ({@code generate.onnx}: prefill + in-graph greedy loop, left-padded waves) must give
 * the step engine's ids. The fixture's generate.onnx is made by model/export/make_generate_graph.py.
 */
class DeepSeekBatchEngineTest {

  private static final String FAMILY = "deepseek-ocr2";
  private static final Map<String, String> OPTS = Map.of("ngramSize", "0", "maxNewTokens", "24", "batchSize", "3");
  private static DeepSeekBatchEngine batch;
  private static DeepSeekOcrEngine step;
  private static List<BufferedImage> pages;

  @BeforeAll
  static void open() throws Exception {
    EngineConfig cfg = new EngineConfig("deepseek", Device.CPU, EngineFixtures.modelDir(FAMILY), OPTS);
    batch = DeepSeekBatchEngine.open(cfg);
    step = DeepSeekOcrEngine.open(cfg);
    pages = new ArrayList<>();
    for (String name : List.of("page_900x1200.png", "small_500x400.png", "wide_1500x430.png")) {
      pages.add(ImageIO.read(EngineFixtures.image(name).toFile()));
    }
  }

  @AfterAll
  static void close() {
    batch.close();
    step.close();
  }

  @Test
  void waveOfPagesOfDifferentLengthsEqualsTheStepEngine() throws Exception {
    List<DeepSeekOcrEngine.Generation> got = batch.generateAll(pages, 24, false);
    assertEquals(3, got.size());
    for (int i = 0; i < pages.size(); i++) {
      DeepSeekOcrEngine.Generation want = step.generate(pages.get(i));
      assertArrayEquals(want.tokenIds(), got.get(i).tokenIds(), "page " + i);
      assertEquals(want.promptTokens(), got.get(i).promptTokens());
    }
  }

  @Test
  void concurrentCallersShareWavesAndGetTheirOwnPage() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      List<Future<DeepSeekOcrEngine.Generation>> futures = new ArrayList<>();
      for (BufferedImage p : pages) {
        futures.add(pool.submit(() -> batch.generate(p)));
      }
      for (int i = 0; i < pages.size(); i++) {
        assertArrayEquals(step.generate(pages.get(i)).tokenIds(), futures.get(i).get().tokenIds(), "page " + i);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void ignoreEosGivesExactlyTheRequestedLength() throws Exception {
    List<DeepSeekOcrEngine.Generation> got = batch.decode(batch.prepare(pages.subList(0, 2)), 7, true);
    for (DeepSeekOcrEngine.Generation g : got) {
      assertEquals(7, g.tokenIds().length);
    }
  }

  @Test
  void providerPicksTheBatchedEngineWhenBatchSizeIsSet() throws Exception {
    try (OcrEngine e = OcrEngines.create(
        new EngineConfig("deepseek", Device.CPU, EngineFixtures.modelDir(FAMILY), OPTS))) {
      assertTrue(e instanceof DeepSeekBatchEngine, e.getClass().getName());
    }
  }

  @Test
  void batchedEngineRefusesToDropTheNgramRuleSilently() {
    EngineConfig cfg = new EngineConfig("deepseek", Device.CPU, EngineFixtures.modelDir(FAMILY), Map.of("batchSize", "2"));
    OcrException e = assertThrows(OcrException.class, () -> DeepSeekBatchEngine.open(cfg));
    assertTrue(e.getMessage().contains("ngramSize=0"), e.getMessage());
  }

  @Test
  void badOptionsFailFast() {
    EngineConfig cfg = new EngineConfig("deepseek", Device.CPU, EngineFixtures.modelDir(FAMILY), Map.of("batchSize", "0"));
    OcrException e = assertThrows(OcrException.class, () -> DeepSeekBatchEngine.open(cfg));
    assertEquals(true, e.getMessage().contains("batchSize"));
  }
}
