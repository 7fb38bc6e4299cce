package org.groundedocr.deepseek;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.groundedocr.engine.OcrException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Java engine against PyTorch: for tiny random-weight exports of both families, every fixture
 * case (Gundam-tiled, untiled and odd-aspect pages; two modes or tile limits; a tight n-gram rule)
 * must produce exactly the token ids reference.py generated.
 */
class DeepSeekOcrEngineParityTest {

  private static final Map<Map<String, String>, DeepSeekOcrEngine> ENGINES = new HashMap<>();

  static Stream<EngineFixtures.Case> cases() {
    return Stream.concat(EngineFixtures.cases("deepseek-ocr").stream(), EngineFixtures.cases("deepseek-ocr2").stream());
  }

  static synchronized DeepSeekOcrEngine engine(EngineFixtures.Case c) throws OcrException {
    Map<String, String> key = new HashMap<>(c.options());
    key.put("family", c.family());
    DeepSeekOcrEngine e = ENGINES.get(key);
    if (e == null) {
      e = DeepSeekOcrEngine.open(c.config());
      ENGINES.put(key, e);
    }
    return e;
  }

  @AfterAll
  static void closeEngines() {
    ENGINES.values().forEach(DeepSeekOcrEngine::close);
    ENGINES.clear();
  }

  static BufferedImage read(String name) throws IOException {
    BufferedImage img = ImageIO.read(EngineFixtures.image(name).toFile());
    if (img == null) {
      throw new IOException("cannot read " + name);
    }
    return img;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void generatesTheReferenceTokenIds(EngineFixtures.Case c) throws Exception {
    DeepSeekOcrEngine.Generation g = engine(c).generate(read(c.image()));
    assertEquals(c.imageTokens(), g.visionTokens(), "image placeholders");
    assertEquals(c.promptTokens(), g.promptTokens(), "prompt length");
    assertArrayEquals(c.tokenIds(), g.tokenIds(), "generated ids");
    assertEquals(c.finished(), g.finished(), "finished");
  }

  @Test
  void fixturesExerciseTilingAndTheNgramRule() {
    long tiled = cases().filter(c -> c.imageTokens() > (c.family().equals("deepseek-ocr") ? 273 : 257)).count();
    long untiled = cases().filter(c -> c.imageTokens() <= 273).count();
    long banned = cases().filter(c -> c.ngramChanges() > 0).count();
    assertTrue(tiled >= 2 && untiled >= 2, "tiled and untiled cases of both families");
    assertTrue(banned >= 2, "the n-gram rule changed the reference's choice in some cases");
  }
}
