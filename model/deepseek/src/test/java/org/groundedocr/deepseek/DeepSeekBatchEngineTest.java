package org.groundedocr.deepseek;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.groundedocr.engine.Device;
import org.groundedocr.engine.EngineConfig;
import org.groundedocr.engine.OcrEngine;
import org.groundedocr.engine.OcrEngines;
import org.groundedocr.engine.OcrException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Both batched decoders must give the step engine's ids: {@code decoder=step} (the default:
 * {@code decode_step.onnx} over KV buffers bound in place through the C API, continuous batching,
 * the n-gram rule on the host) and {@code decoder=loop} ({@code generate.onnx}: fused prefill +
 * in-graph greedy loop with the n-gram rule, right-padded waves). The fixture's graphs are made by
 * model/export/make_generate_graph.py.
 */
class DeepSeekBatchEngineTest {

  private static final String FAMILY = "deepseek-ocr2";
  /** The model's own n-gram rule (30 / 90): within 64 tokens it changes the choice on the tiled page. */
  private static final Map<String, String> OPTS = Map.of("maxNewTokens", "64", "batchSize", "3", "threads", "1");
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

  /** The engine options of a decoder under test: step, loop, or graph (step with decode_graph.onnx's decode steps). */
  private static Map<String, String> decoderOptions(Map<String, String> base, String decoder) {
    Map<String, String> opts = new java.util.HashMap<>(base);
    opts.put(DeepSeekBatchEngine.DECODER, decoder.equals("graph") ? "step" : decoder);
    opts.put(DeepSeekBatchEngine.DECODE_GRAPH, decoder.equals("graph") ? "on" : "off");
    return opts;
  }

  @ParameterizedTest
  @ValueSource(strings = {"step", "loop", "graph"})
  void pagesOfDifferentLengthsEqualTheStepEngine(String decoder) throws Exception {
    List<DeepSeekOcrEngine.Generation> got;
    if (decoder.equals("step")) {
      got = batch.generateAll(pages, 64, false);
    } else {
      Map<String, String> opts = decoderOptions(OPTS, decoder);
      try (DeepSeekBatchEngine b = DeepSeekBatchEngine.open(new EngineConfig("deepseek", Device.CPU,
          EngineFixtures.modelDir(FAMILY), opts))) {
        got = b.generateAll(pages, 64, false);
      }
    }
    assertEquals(3, got.size());
    for (int i = 0; i < pages.size(); i++) {
      DeepSeekOcrEngine.Generation want = step.generate(pages.get(i));
      assertArrayEquals(want.tokenIds(), got.get(i).tokenIds(), "page " + i);
      assertEquals(want.promptTokens(), got.get(i).promptTokens());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"step", "loop", "graph"})
  void ngramRuleGivesTheReferenceIds(String decoder) throws Exception {
    // every case of the fixture where the rule changed PyTorch's choice, decoded as one wave each
    // option set; the ids must be the reference's, and without the rule they must differ
    List<EngineFixtures.Case> fired = EngineFixtures.cases(FAMILY).stream().filter(c -> c.ngramChanges() > 0).toList();
    assertTrue(fired.size() >= 2, "the fixture has cases where the rule fires");
    boolean tight = false;
    for (EngineFixtures.Case c : fired) {
      Map<String, String> opts = decoderOptions(c.options(), decoder);
      tight |= opts.containsKey(DeepSeekOptions.NGRAM_SIZE);
      // 2 slots for 3 pages: with decoder=step the third page is prefilled into a slot another page left
      opts.put(DeepSeekBatchEngine.BATCH_SIZE, "2");
      BufferedImage img = ImageIO.read(EngineFixtures.image(c.image()).toFile());
      int limit = c.tokenIds().length;
      try (DeepSeekBatchEngine b = DeepSeekBatchEngine.open(new EngineConfig("deepseek", Device.CPU, c.config().modelDir(), opts))) {
        // the page twice in one wave, beside a shorter page, so padding and batching are exercised too
        List<DeepSeekOcrEngine.Generation> got = b.generateAll(List.of(img, pages.get(1), img), limit, false);
        assertArrayEquals(c.tokenIds(), got.get(0).tokenIds(), c.toString());
        assertArrayEquals(c.tokenIds(), got.get(2).tokenIds(), c.toString() + " (second row)");
      }
      opts.put(DeepSeekOptions.NGRAM_SIZE, "0");
      try (DeepSeekBatchEngine b = DeepSeekBatchEngine.open(new EngineConfig("deepseek", Device.CPU, c.config().modelDir(), opts))) {
        int[] without = b.generateAll(List.of(img), limit, false).get(0).tokenIds();
        assertFalse(Arrays.equals(c.tokenIds(), without), "the rule must have changed the ids of " + c);
      }
    }
    assertTrue(tight, "a case with a tight rule (size 3) that bans often");
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
  void closeWhileCallersWaitEndsEveryCallAndRefusesNewOnes() throws Exception {
    // close() must stop a wave inside generate.onnx (not free its session under it) and answer
    // every caller, whatever point each has reached: a result or an OcrException, never a hang
    DeepSeekBatchEngine e = DeepSeekBatchEngine.open(new EngineConfig("deepseek", Device.CPU,
        EngineFixtures.modelDir(FAMILY), Map.of("maxNewTokens", "400", "batchSize", "1", "threads", "1")));
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<DeepSeekOcrEngine.Generation>> callers = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        BufferedImage p = pages.get(i % pages.size());
        callers.add(pool.submit(() -> e.generate(p)));
      }
      // close while the first wave is inside generate.onnx (400 tokens keep it there for a while);
      // the other callers are queued or in vision by then
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!e.decoding() && !callers.get(0).isDone() && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      long closing = System.nanoTime();
      e.close();
      long closeMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - closing);
      for (Future<DeepSeekOcrEngine.Generation> c : callers) {
        try {
          assertTrue(c.get(60, TimeUnit.SECONDS).tokenIds().length > 0);
        } catch (ExecutionException x) {
          assertTrue(x.getCause() instanceof OcrException, String.valueOf(x.getCause()));
        }
      }
      assertFalse(e.decoding());
      assertTrue(closeMillis < 30_000, "close() waited " + closeMillis + " ms");
      OcrException after = assertThrows(OcrException.class, () -> e.generate(pages.get(0)));
      assertTrue(after.getMessage().contains("closed"), after.getMessage());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void ignoreEosGivesExactlyTheRequestedLength() throws Exception {
    List<DeepSeekOcrEngine.Generation> got = batch.decode(batch.prepare(pages.subList(0, 2)), 40, true);
    for (DeepSeekOcrEngine.Generation g : got) {
      assertEquals(40, g.tokenIds().length);
    }
  }

  @Test
  void providerPicksTheBatchedEngineWhenBatchSizeIsSet() throws Exception {
    try (OcrEngine e = OcrEngines.create(
        new EngineConfig("deepseek", Device.CPU, EngineFixtures.modelDir(FAMILY), OPTS))) {
      assertTrue(e instanceof DeepSeekBatchEngine, e.getClass().getName());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"generate.onnx:loop", "decode_step.onnx:step"})
  void graphOfAnotherFormatIsRefusedWithTheFix(String fileAndDecoder, @TempDir Path dir) throws Exception {
    // an export whose graph predates the current contract (here: any graph without its format tag)
    try (Stream<Path> files = Files.list(EngineFixtures.modelDir(FAMILY))) {
      for (Path f : files.toList()) {
        Files.copy(f, dir.resolve(f.getFileName()));
      }
    }
    String[] fd = fileAndDecoder.split(":");
    Files.copy(dir.resolve("decoder.onnx"), dir.resolve(fd[0]), StandardCopyOption.REPLACE_EXISTING);
    Map<String, String> opts = new java.util.HashMap<>(OPTS);
    opts.put(DeepSeekBatchEngine.DECODER, fd[1]);
    OcrException e = assertThrows(OcrException.class,
        () -> DeepSeekBatchEngine.open(new EngineConfig("deepseek", Device.CPU, dir, opts)));
    assertTrue(e.getMessage().contains("make_generate_graph.py"), e.getMessage());
  }

  @Test
  void withoutTheStepGraphTheLoopDecoderIsUsed(@TempDir Path dir) throws Exception {
    try (Stream<Path> files = Files.list(EngineFixtures.modelDir(FAMILY))) {
      for (Path f : files.toList()) {
        if (!f.getFileName().toString().equals("decode_step.onnx")) {
          Files.copy(f, dir.resolve(f.getFileName()));
        }
      }
    }
    try (DeepSeekBatchEngine b = DeepSeekBatchEngine.open(new EngineConfig("deepseek", Device.CPU, dir, OPTS))) {
      assertArrayEquals(step.generate(pages.get(1)).tokenIds(), b.generateAll(pages.subList(1, 2), 64, false).get(0).tokenIds());
    }
  }

  @Test
  void aPageTooLongForTheCacheFailsAloneAndTheOthersAreAnswered() throws Exception {
    // kvCapacity 800: the first page's prompt (1,138 tokens) does not fit, the others (274, 706) do; the
    // 706-token page gets the 94 positions left (its budget is cut, not the page dropped)
    Map<String, String> opts = new java.util.HashMap<>(OPTS);
    opts.put(DeepSeekBatchEngine.KV_CAPACITY, "800");
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try (DeepSeekBatchEngine b = DeepSeekBatchEngine.open(new EngineConfig("deepseek", Device.CPU,
        EngineFixtures.modelDir(FAMILY), opts))) {
      List<Future<DeepSeekOcrEngine.Generation>> futures = new ArrayList<>();
      for (BufferedImage p : pages) {
        futures.add(pool.submit(() -> b.generate(p)));
      }
      ExecutionException tooLong = assertThrows(ExecutionException.class, () -> futures.get(0).get(60, TimeUnit.SECONDS));
      assertTrue(tooLong.getCause().getMessage().contains("kvCapacity"), tooLong.getCause().getMessage());
      for (int i = 1; i < pages.size(); i++) {
        DeepSeekOcrEngine.Generation got = futures.get(i).get(60, TimeUnit.SECONDS);
        int[] want = step.generate(pages.get(i)).tokenIds();
        int room = 800 - got.promptTokens();
        assertArrayEquals(Arrays.copyOf(want, Math.min(want.length, room)), got.tokenIds(), "page " + i);
      }
      // a bulk call with the page that does not fit fails as a whole, after its other pages have left
      OcrException bulk = assertThrows(OcrException.class, () -> b.generateAll(pages, 64, false));
      assertTrue(bulk.getMessage().contains("kvCapacity"), bulk.getMessage());
      assertFalse(b.decoding(), "no page of the failed call is left in the slots");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void badOptionsFailFast() {
    for (Map<String, String> bad : List.of(Map.of("batchSize", "0"), Map.of("decoder", "fast"), Map.of("kvCapacity", "1"),
        Map.of("decodeGraph", "maybe"))) {
      EngineConfig cfg = new EngineConfig("deepseek", Device.CPU, EngineFixtures.modelDir(FAMILY), bad);
      OcrException e = assertThrows(OcrException.class, () -> DeepSeekBatchEngine.open(cfg));
      String key = bad.keySet().iterator().next();
      assertTrue(e.getMessage().contains(key), e.getMessage());
    }
  }
}
