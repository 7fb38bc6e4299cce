package org.groundedocr.deepseek;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OrtSession;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.groundedocr.engine.Device;
import org.groundedocr.engine.EngineConfig;
import org.groundedocr.onnx.OrtSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Continuous batching in {@link DeepSeekStepDecoder}: pages of different budgets share two slots, a
 * waiting page joins while another is still decoding, and every page gets the step engine's ids.
 */
class DeepSeekStepDecoderTest {

  private static final String FAMILY = "deepseek-ocr2";
  private static final Map<String, String> OPTS = Map.of("maxNewTokens", "40", "batchSize", "2", "threads", "1");
  private static DeepSeekBatchEngine engine;
  private static DeepSeekOcrEngine reference;
  private static List<BufferedImage> pages;
  private static PreparedWave wave;
  private static DeepSeekManifest manifest;

  @BeforeAll
  static void open() throws Exception {
    EngineConfig cfg = new EngineConfig("deepseek", Device.CPU, EngineFixtures.modelDir(FAMILY), OPTS);
    engine = DeepSeekBatchEngine.open(cfg); // for its preprocessing and vision (the prompt embeddings)
    reference = DeepSeekOcrEngine.open(cfg);
    manifest = DeepSeekManifest.load(EngineFixtures.modelDir(FAMILY));
    pages = new ArrayList<>();
    for (String name : List.of("small_500x400.png", "wide_1500x430.png", "small_500x400.png")) {
      pages.add(ImageIO.read(EngineFixtures.image(name).toFile()));
    }
    wave = engine.prepare(pages);
  }

  @AfterAll
  static void close() {
    engine.close();
    reference.close();
  }

  private static NoRepeatNGram ngram() {
    DeepSeekOptions o = DeepSeekOptions.from(new EngineConfig("deepseek", Device.CPU, EngineFixtures.modelDir(FAMILY), OPTS),
        manifest);
    return o.ngram();
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
  void aWaitingPageJoinsWhenASlotFreesAndEveryPageGetsTheStepEnginesIds(boolean decodeGraph) throws Exception {
    int hidden = manifest.decoder().hiddenSize();
    int[] budgets = {5, 40, 12};
    List<String> events = new ArrayList<>();
    DeepSeekStepDecoder.Sequence[] seqs = new DeepSeekStepDecoder.Sequence[3];
    OrtSession session = OrtSupport.createSession(EngineFixtures.modelDir(FAMILY).resolve("decode_step.onnx"),
        OrtSupport.options(Device.CPU, 1));
    try (DeepSeekStepDecoder d = new DeepSeekStepDecoder(session, manifest.decoder(), Device.CPU, 2, 2048,
        ngram())) {
      if (decodeGraph) {
        // decode_graph.onnx's steps (constant shapes, batch buckets of 1 and 2), no CUDA graph on the CPU
        d.useDecodeGraph(OrtSupport.createSession(EngineFixtures.modelDir(FAMILY).resolve("decode_graph.onnx"),
            OrtSupport.options(Device.CPU, 1)), false);
      }
      for (int i = 0; i < 3; i++) {
        int page = i;
        seqs[i] = new DeepSeekStepDecoder.Sequence(wave.prompts[i], wave.prompts[i].length / hidden, budgets[i], -1,
            s -> events.add("done " + page));
      }
      d.admit(seqs[0]);
      d.admit(seqs[1]);
      int next = 2;
      int steps = 0;
      while (d.active() > 0 || next < 3) {
        if (next < 3 && d.hasFreeSlot()) {
          events.add("join " + next + " while " + d.active() + " decode");
          d.admit(seqs[next++]);
        }
        d.step();
        steps++;
      }
      // page 0 leaves after 5 tokens, page 2 takes its slot while page 1 is still decoding
      assertEquals(List.of("done 0", "join 2 while 1 decode", "done 2", "done 1"), events);
      assertEquals(39, steps, "the first token comes from the prefill; 39 steps for page 1's 40");
      assertEquals(decodeGraph, d.usesDecodeGraph(), "no fall-back from decode_graph.onnx");
    }
    for (int i = 0; i < 3; i++) {
      assertNull(seqs[i].error);
      int[] want = reference.generate(pages.get(i)).tokenIds();
      assertTrue(want.length >= budgets[i], "the reference generated " + want.length);
      assertArrayEquals(Arrays.copyOf(want, budgets[i]), seqs[i].tokens(), "page " + i);
    }
  }
}
