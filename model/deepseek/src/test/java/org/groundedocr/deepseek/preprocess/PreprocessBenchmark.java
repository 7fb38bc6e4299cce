package org.groundedocr.deepseek.preprocess;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Wall time of {@link ViewBuilder#prepare} for A4 pages (not a test; skipped unless
 * {@code -Dbenchmarks=true}; also runnable as a plain {@code main} on a machine without Maven).
 * Results and the commands are in {@code docs/BENCHMARKS.md}.
 */
@EnabledIfSystemProperty(named = "benchmarks", matches = "true")
class PreprocessBenchmark {

  @Test
  void prepareA4Pages() {
    run();
  }

  public static void main(String[] args) {
    run();
  }

  static void run() {
    int[][] pages = {{1240, 1754}, {2480, 3508}};
    String[][] modes = {{"deepseek-ocr", "gundam"}, {"deepseek-ocr", "base"}, {"deepseek-ocr2", "default"}};
    System.out.println("| page | family/mode | grid | image tokens | median ms | min ms |");
    System.out.println("| --- | --- | --- | --- | --- | --- |");
    for (int[] size : pages) {
      RgbImage page = page(size[0], size[1]);
      for (String[] m : modes) {
        ViewBuilder builder = new ViewBuilder(ViewSpec.of(ViewSpec.Family.of(m[0]), m[1]));
        PreparedImage p = null;
        long[] times = new long[15];
        for (int i = -5; i < times.length; i++) { // 5 warm-up runs
          long t = System.nanoTime();
          p = builder.prepare(page);
          if (i >= 0) {
            times[i] = System.nanoTime() - t;
          }
        }
        Arrays.sort(times);
        System.out.printf("| %dx%d | %s/%s | %s | %d | %.1f | %.1f |%n", size[0], size[1], m[0], m[1], p.grid(),
            p.imageTokens(), times[times.length / 2] / 1e6, times[0] / 1e6);
      }
    }
  }

  /** A page-like image: white with dark text-like noise strokes. */
  private static RgbImage page(int w, int h) {
    Random r = new Random(42);
    RgbImage img = RgbImage.filled(w, h, 250, 250, 248);
    byte[] px = img.pixels();
    for (int y = 40; y < h - 40; y += 24) {
      for (int x = 60; x < w - 60; x++) {
        for (int dy = 0; dy < 14; dy++) {
          if (r.nextInt(4) == 0) {
            int o = ((y + dy) * w + x) * 3;
            px[o] = px[o + 1] = px[o + 2] = (byte) r.nextInt(80);
          }
        }
      }
    }
    return img;
  }
}
