package org.groundedocr.deepseek.bench;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.groundedocr.deepseek.DeepSeekBatchEngine;
import org.groundedocr.deepseek.DeepSeekOcrEngine;
import org.groundedocr.deepseek.PreparedWave;
import org.groundedocr.engine.Device;
import org.groundedocr.engine.EngineConfig;

/**
 * The GPU benchmark of docs/BENCHMARKS.md "DeepSeek-OCR on the GPU" (not a test; run by hand on a
 * GPU machine, see that section for the commands).
 *
 * <pre>
 *   parity     MODEL_DIR IMAGE...              CPU step engine vs batch engine on the device (model's n-gram
 *                                              rule on, 64 tokens), same ids?
 *   throughput MODEL_DIR PAGES_DIR BATCHES N   per batch size: preprocessing and vision ms/page, prefill ms,
 *                                              decode tokens/s, pages/s of one wave without overlap
 *   pipeline   MODEL_DIR PAGES_DIR BATCH WAVES N  pages/s end to end over WAVES waves (vision of the next
 *                                              wave overlapping the decoding of the current one)
 *   tokens     MODEL_DIR PAGES_DIR COUNT N     ids of the first COUNT pages (EOS ignored) as JSON lines
 *   padding    MODEL_DIR N IMAGE...            the images as one right-padded wave vs each alone on the
 *                                              device (model's n-gram rule on): same ids?
 * </pre>
 * The device comes from {@code -Dgrounded.device=cuda|cpu} (default cuda), the decoder from
 * {@code -Dgrounded.decoder=step|loop} (default: step when the export has decode_step.onnx) and its
 * cache size from {@code -Dgrounded.kvCapacity=N}, its CUDA-graph decode steps from
 * {@code -Dgrounded.decodeGraph=auto|on|off}; the n-gram rule from
 * {@code -Dgrounded.ngram=SIZE} (default 0 for throughput, pipeline and tokens: random weights with EOS
 * ignored; the model's 30 gives the real decoding path).
 */
public final class DeepSeekGpuBench {

  private DeepSeekGpuBench() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: parity MODEL_DIR IMAGE... | throughput MODEL_DIR PAGES BATCHES N | tokens MODEL_DIR PAGES COUNT N");
      System.exit(2);
    }
    Device device = Device.valueOf(System.getProperty("grounded.device", "cuda").toUpperCase());
    Path model = Path.of(args[1]);
    switch (args[0]) {
      case "parity" -> parity(device, model, Arrays.asList(args).subList(2, args.length));
      case "throughput" -> throughput(device, model, Path.of(args[2]), args[3], Integer.parseInt(args[4]));
      case "padding" -> padding(device, model, Integer.parseInt(args[2]), Arrays.asList(args).subList(3, args.length));
      case "pipeline" -> pipeline(device, model, Path.of(args[2]), Integer.parseInt(args[3]), Integer.parseInt(args[4]),
          Integer.parseInt(args[5]));
      case "tokens" -> tokens(device, model, Path.of(args[2]), Integer.parseInt(args[3]), Integer.parseInt(args[4]));
      default -> throw new IllegalArgumentException("unknown command " + args[0]);
    }
  }

  private static List<BufferedImage> pages(Path dir, int count) throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.toString().endsWith(".png")).sorted().collect(Collectors.toList());
    }
    List<BufferedImage> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.add(ImageIO.read(files.get(i % files.size()).toFile()));
    }
    return out;
  }

  private static void parity(Device device, Path model, List<String> images) throws Exception {
    Map<String, String> opts = options("maxNewTokens", "64", "batchSize", String.valueOf(images.size()));
    List<BufferedImage> imgs = new ArrayList<>();
    for (String f : images) {
      imgs.add(ImageIO.read(Path.of(f).toFile()));
    }
    List<int[]> cpu = new ArrayList<>();
    try (DeepSeekOcrEngine e = DeepSeekOcrEngine.open(new EngineConfig("deepseek", Device.CPU, model, opts))) {
      for (BufferedImage img : imgs) {
        cpu.add(e.generate(img).tokenIds());
      }
    }
    int same = 0;
    try (DeepSeekBatchEngine b = DeepSeekBatchEngine.open(new EngineConfig("deepseek", device, model, opts))) {
      List<DeepSeekOcrEngine.Generation> gens = b.generateAll(imgs, 64, false);
      for (int i = 0; i < imgs.size(); i++) {
        boolean eq = Arrays.equals(cpu.get(i), gens.get(i).tokenIds());
        same += eq ? 1 : 0;
        System.out.println("parity " + images.get(i) + " cpu=" + cpu.get(i).length + " ids, " + device + " batch="
            + gens.get(i).tokenIds().length + " ids: " + (eq ? "IDENTICAL" : "DIFFERENT"));
      }
    }
    System.out.println("parity " + same + "/" + imgs.size() + " identical");
  }

  private static void throughput(Device device, Path model, Path pagesDir, String batches, int newTokens) throws Exception {
    int max = Arrays.stream(batches.split(",")).mapToInt(Integer::parseInt).max().orElse(1);
    long t0 = System.nanoTime();
    try (DeepSeekBatchEngine b = DeepSeekBatchEngine.open(
        new EngineConfig("deepseek", device, model, options("ngramSize", ngram(), "batchSize", String.valueOf(max))))) {
      System.out.printf("load %.1f s, n-gram size %s%n", (System.nanoTime() - t0) / 1e9, ngram());
      List<BufferedImage> all = pages(pagesDir, max);
      // warm-up: vision at a small batch, a short generation
      b.decode(b.prepare(all.subList(0, 1)), 4, true);
      System.out.println("| batch | prompt tokens | preprocess ms/page | vision ms/page | prefill ms | decode tok/s | pages/s | wall s |");
      for (String bs : batches.split(",")) {
        int n = Integer.parseInt(bs.trim());
        long start = System.currentTimeMillis();
        PreparedWave w = b.prepare(all.subList(0, n));
        b.decode(w, 2, true); // warm-up at this batch size (arena growth, kernel choices)
        long p0 = System.nanoTime();
        b.decode(w, 1, true);
        long p1 = System.nanoTime();
        List<DeepSeekOcrEngine.Generation> g = b.decode(w, newTokens, true);
        long p2 = System.nanoTime();
        double prefillMs = (p1 - p0) / 1e6;
        double decodeS = ((p2 - p1) - (p1 - p0)) / 1e9;
        int produced = g.get(0).tokenIds().length;
        double tokS = n * (produced - 1) / decodeS;
        double pagesS = n / (w.visionMillis / 1000.0 + (p2 - p1) / 1e9);
        System.out.printf("| %d | %d | %.1f | %.1f | %.1f | %.1f | %.3f | %.1f | (t=%d..%d, %d tokens/page)%n", n,
            g.get(0).promptTokens(), (double) w.preprocessMillis / n, (double) w.visionMillis / n, prefillMs, tokS, pagesS,
            (System.currentTimeMillis() - start) / 1000.0, start, System.currentTimeMillis(), produced);
      }
    }
  }

  private static void padding(Device device, Path model, int newTokens, List<String> images) throws Exception {
    List<BufferedImage> imgs = new ArrayList<>();
    for (String f : images) {
      imgs.add(ImageIO.read(Path.of(f).toFile()));
    }
    int same = 0;
    try (DeepSeekBatchEngine b = DeepSeekBatchEngine.open(
        new EngineConfig("deepseek", device, model, options("batchSize", String.valueOf(imgs.size()))))) {
      List<DeepSeekOcrEngine.Generation> wave = b.generateAll(imgs, newTokens, true);
      for (int i = 0; i < imgs.size(); i++) {
        DeepSeekOcrEngine.Generation alone = b.decode(b.prepare(imgs.subList(i, i + 1)), newTokens, true).get(0);
        boolean eq = Arrays.equals(alone.tokenIds(), wave.get(i).tokenIds());
        same += eq ? 1 : 0;
        System.out.println("padding " + images.get(i) + " prompt " + alone.promptTokens() + " tokens: wave vs alone "
            + (eq ? "IDENTICAL" : "DIFFERENT"));
      }
    }
    System.out.println("padding " + same + "/" + imgs.size() + " identical");
  }

  /** The given options plus the decoder's from {@code -Dgrounded.decoder=step|loop} and {@code -Dgrounded.kvCapacity=N}. */
  private static Map<String, String> options(String... keysAndValues) {
    Map<String, String> o = new java.util.HashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      o.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    String decoder = System.getProperty("grounded.decoder");
    if (decoder != null) {
      o.put(DeepSeekBatchEngine.DECODER, decoder);
    }
    String graph = System.getProperty("grounded.decodeGraph");
    if (graph != null) {
      o.put(DeepSeekBatchEngine.DECODE_GRAPH, graph);
    }
    String capacity = System.getProperty("grounded.kvCapacity");
    if (capacity != null) {
      o.put(DeepSeekBatchEngine.KV_CAPACITY, capacity);
    }
    return o;
  }

  private static String ngram() {
    return System.getProperty("grounded.ngram", "0");
  }

  private static void pipeline(Device device, Path model, Path pagesDir, int batch, int waves, int newTokens)
      throws Exception {
    try (DeepSeekBatchEngine b = DeepSeekBatchEngine.open(
        new EngineConfig("deepseek", device, model, options("ngramSize", ngram(), "batchSize", String.valueOf(batch))))) {
      List<BufferedImage> all = pages(pagesDir, batch * waves);
      b.generateAll(all.subList(0, batch), 2, true); // warm-up at this batch size
      long start = System.currentTimeMillis();
      List<DeepSeekOcrEngine.Generation> g = b.generateAll(all, newTokens, true);
      long end = System.currentTimeMillis();
      long tokens = g.stream().mapToLong(x -> x.tokenIds().length).sum();
      System.out.printf("pipeline batch %d x %d waves, %d tokens/page, n-gram %s: %d pages in %.1f s = %.3f pages/s, %.0f tok/s (t=%d..%d)%n",
          batch, waves, newTokens, ngram(), all.size(), (end - start) / 1000.0, all.size() * 1000.0 / (end - start),
          tokens * 1000.0 / (end - start), start, end);
    }
  }

  private static void tokens(Device device, Path model, Path pagesDir, int count, int newTokens) throws Exception {
    try (DeepSeekBatchEngine b = DeepSeekBatchEngine.open(
        new EngineConfig("deepseek", device, model, options("ngramSize", ngram(), "batchSize", String.valueOf(count))))) {
      List<DeepSeekOcrEngine.Generation> g = b.generateAll(pages(pagesDir, count), newTokens, true);
      for (DeepSeekOcrEngine.Generation x : g) {
        System.out.println("{\"token_ids\":" + Arrays.toString(x.tokenIds()).replace(" ", "") + "}");
      }
    }
  }
}
