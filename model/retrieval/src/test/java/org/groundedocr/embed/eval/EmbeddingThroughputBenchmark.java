package org.groundedocr.embed.eval;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.groundedocr.chunking.Chunk;
import org.groundedocr.chunking.ChunkingConfig;
import org.groundedocr.chunking.GroundedChunker;
import org.groundedocr.chunking.HuggingFaceTokenCounter;
import org.groundedocr.embed.EmbedderOptions;
import org.groundedocr.embed.EmbeddingModelFiles;
import org.groundedocr.embed.SentenceEmbedder;
import org.groundedocr.engine.Device;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Embedding throughput of the default model (int8 bge-small-en-v1.5) on the CPU: the evaluation
 * corpus's chunks as the default chunker makes them, and texts of fixed token lengths. A
 * benchmark, not a test: skipped unless {@code -Dbenchmark=true}; writes
 * {@code target/benchmarks/embedding-throughput.md}.
 *
 * <pre>
 * ./mvnw -q -o -pl model -am test -Dtest=EmbeddingThroughputBenchmark -Dbenchmark=true -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 *
 * Also runnable as a plain program ({@link #main}), e.g. pinned to two cores with {@code taskset -c 0,1}.
 */
class EmbeddingThroughputBenchmark {

  /** ONNX Runtime threads: the target is 2 cores. */
  static final int THREADS = Integer.getInteger("benchmark.threads", 2);
  static final double SECONDS_PER_POINT = Double.parseDouble(System.getProperty("benchmark.seconds", "8"));

  @Test
  @EnabledIfSystemProperty(named = "benchmark", matches = "true")
  void measure() throws Exception {
    String report = run();
    Path out = Path.of("target", "benchmarks", "embedding-throughput.md");
    Files.createDirectories(out.getParent());
    Files.writeString(out, report);
    System.out.println(report);
  }

  public static void main(String[] args) throws Exception {
    System.out.println(run());
  }

  static String run() throws Exception {
    StringBuilder md = new StringBuilder();
    md.append(machine()).append('\n');
    HuggingFaceTokenCounter tokens = HuggingFaceTokenCounter.bgeSmallEnV15();
    GroundedChunker chunker = new GroundedChunker(ChunkingConfig.defaults(), tokens);
    List<String> chunks = new ArrayList<>();
    RagEvalCorpus corpus = RagEvalCorpus.build();
    for (RagEvalCorpus.Document d : corpus.documents()) {
      for (Chunk c : chunker.chunk(d.grounded())) {
        chunks.add(c.retrievalText());
      }
    }
    md.append("| texts | model runs x ONNX Runtime threads | batch size | chunks/s | tokens/s | CPU cores busy | chunks per CPU-second |\n"
        + "| --- | --- | ---: | ---: | ---: | ---: | ---: |\n");
    int cores = THREADS;
    String stats = null;
    // one run spread over the cores, then single-threaded runs side by side (the default)
    for (int[] setup : new int[][] {{1, cores}, {cores, 1}}) {
      try (SentenceEmbedder embedder = SentenceEmbedder.open(
          EmbeddingModelFiles.bgeSmallEnV15Quantized(),
          new EmbedderOptions(Device.CPU, setup[1], 16, 16 * 512, setup[0]))) {
        if (stats == null) {
          int[] lengths = chunks.stream().mapToInt(embedder::tokenCount).sorted().toArray();
          stats = String.format(Locale.ROOT,
              "Corpus chunks: %d chunks of the evaluation corpus (default chunker, target 256 / max 500 tokens);"
                  + " tokens per chunk: mean %.0f, median %d, max %d.%n%n",
              chunks.size(), Arrays.stream(lengths).average().orElse(0), lengths[lengths.length / 2], lengths[lengths.length - 1]);
        }
        String layout = setup[0] + " x " + setup[1];
        for (int batch : setup[0] == 1 ? new int[] {1, 8, 16, 32} : new int[] {8, 16}) {
          md.append(point(embedder, "corpus chunks", layout, chunks, batch)).append('\n');
        }
        if (setup[0] > 1) {
          for (int length : new int[] {64, 128, 256, 500}) {
            List<String> fixed = fixedLength(embedder, chunks, length, 64);
            md.append(point(embedder, length + "-token texts", layout, fixed, 16)).append('\n');
          }
        }
      }
    }
    md.insert(md.indexOf("| texts"), stats);
    return md.toString();
  }

  private static String point(SentenceEmbedder embedder, String name, String layout, List<String> texts, int batch)
      throws Exception {
    embedder.embedPassages(texts.subList(0, Math.min(texts.size(), 32)), batch, 16 * 512); // warm-up
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long cpu0 = os.getProcessCpuTime();
    long t0 = System.nanoTime();
    long n = 0;
    long tokenCount = 0;
    int[] lengths = texts.stream().mapToInt(embedder::tokenCount).toArray();
    do {
      embedder.embedPassages(texts, batch, 16 * 512);
      n += texts.size();
      tokenCount += Arrays.stream(lengths).sum();
    } while ((System.nanoTime() - t0) / 1e9 < SECONDS_PER_POINT);
    double seconds = (System.nanoTime() - t0) / 1e9;
    double busy = (os.getProcessCpuTime() - cpu0) / 1e9 / seconds;
    return String.format(Locale.ROOT, "| %s | %s | %d | %.1f | %.0f | %.2f | %.1f |",
        name, layout, batch, n / seconds, tokenCount / seconds, busy, n / seconds / busy);
  }

  /** {@code count} texts of exactly {@code tokens} tokens (special tokens included), cut from the corpus text. */
  private static List<String> fixedLength(SentenceEmbedder embedder, List<String> chunks, int tokens, int count) {
    String all = String.join(" ", chunks).replaceAll("\\s+", " ");
    String[] words = all.split(" ");
    List<String> out = new ArrayList<>();
    int start = 0;
    while (out.size() < count) {
      StringBuilder sb = new StringBuilder();
      int i = start;
      // grow word by word until the model sees the wanted length (the tokenizer cuts at 512 anyway)
      while (embedder.tokenCount(sb.toString()) < tokens) {
        sb.append(sb.length() > 0 ? " " : "").append(words[i % words.length]);
        i++;
      }
      out.add(sb.toString());
      start = (i * 7919) % words.length;
    }
    return out;
  }

  private static String machine() {
    String cpu = "unknown CPU";
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          cpu = line.substring(line.indexOf(':') + 1).strip();
          break;
        }
      }
    } catch (IOException e) {
      // not Linux: the JVM's own figures below still say enough
    }
    double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    return String.format(Locale.ROOT,
        "Machine: %s, %d cores visible to the JVM, load average %.1f at start; ONNX Runtime intra-op threads: %d;"
            + " Java %s.%n",
        cpu, Runtime.getRuntime().availableProcessors(), load, THREADS, System.getProperty("java.version"));
  }
}
