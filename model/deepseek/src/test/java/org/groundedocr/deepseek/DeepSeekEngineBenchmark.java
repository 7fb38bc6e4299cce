package org.groundedocr.deepseek;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Map;
import javax.imageio.ImageIO;
import org.groundedocr.engine.Device;
import org.groundedocr.engine.EngineConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Throughput of the DeepSeek engine on an export (not a unit test; skipped unless
 * {@code -Ddeepseek.benchmark.model=DIR} is given). Prints a Markdown table row per run: vision,
 * prefill, decode rate. Options: {@code deepseek.benchmark.image} (default: the 900x1200 fixture page),
 * {@code .device} (cpu), {@code .tokens} (64), {@code .runs} (3), {@code .mode}, {@code .threads} (0).
 *
 * <pre>
 * ./mvnw -q -o -pl model test -Dtest=DeepSeekEngineBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Ddeepseek.benchmark.model=/path/to/export
 * </pre>
 */
@EnabledIfSystemProperty(named = "deepseek.benchmark.model", matches = ".+")
class DeepSeekEngineBenchmark {

  @Test
  void measure() throws Exception {
    Path model = Path.of(System.getProperty("deepseek.benchmark.model"));
    String imageProp = System.getProperty("deepseek.benchmark.image");
    Path image = imageProp == null ? EngineFixtures.image("page_900x1200.png") : Path.of(imageProp);
    Device device = Device.parse(System.getProperty("deepseek.benchmark.device", "cpu"));
    int tokens = Integer.getInteger("deepseek.benchmark.tokens", 64);
    int runs = Integer.getInteger("deepseek.benchmark.runs", 3);
    Map<String, String> options = new java.util.HashMap<>(Map.of(
        DeepSeekOptions.MAX_NEW_TOKENS, Integer.toString(tokens),
        DeepSeekOptions.THREADS, System.getProperty("deepseek.benchmark.threads", "0")));
    if (System.getProperty("deepseek.benchmark.mode") != null) {
      options.put(DeepSeekOptions.MODE, System.getProperty("deepseek.benchmark.mode"));
    }
    BufferedImage img = ImageIO.read(image.toFile());
    long open0 = System.nanoTime();
    try (DeepSeekOcrEngine engine = DeepSeekOcrEngine.open(new EngineConfig("deepseek", device, model, options))) {
      long openMillis = (System.nanoTime() - open0) / 1_000_000;
      System.out.println("| run | image | mode | grid | prompt tokens | vision ms | prefill ms | generated | decode tok/s | total ms |");
      System.out.println("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
      for (int r = 0; r < runs; r++) {
        DeepSeekOcrEngine.Generation g = engine.generate(img);
        System.out.printf("| %d | %dx%d | %s | %s | %d | %d | %d | %d | %.1f | %d |%n", r + 1, img.getWidth(),
            img.getHeight(), engine.options().mode(), g.grid(), g.promptTokens(), g.visionMillis(), g.prefillMillis(),
            g.tokenIds().length, g.decodeTokensPerSecond(), g.millis());
        assertTrue(g.tokenIds().length > 0);
      }
      System.out.println("engine open (sessions created): " + openMillis + " ms; model " + model + " ("
          + engine.manifest().family().id() + ", " + engine.manifest().dtype() + ")");
    }
  }
}
