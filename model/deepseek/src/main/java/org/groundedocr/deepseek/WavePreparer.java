package org.groundedocr.deepseek;

import ai.onnxruntime.OrtException;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.groundedocr.deepseek.preprocess.PreparedImage;
import org.groundedocr.deepseek.preprocess.RgbImage;
import org.groundedocr.deepseek.preprocess.ViewBuilder;
import org.groundedocr.deepseek.preprocess.ViewSpec;
import org.groundedocr.deepseek.tokenizer.DeepSeekTokenizer;
import org.groundedocr.engine.OcrException;

/**
 * Turns a wave of pages into prompt embeddings: each page's views are preprocessed in Java (pages
 * in parallel, one thread per core) and run through the vision graphs batched by view size, in
 * chunks of {@link #VISION_CHUNK} views; the prompt is assembled exactly like {@link
 * DeepSeekOcrEngine}'s. Thread-safe; owns the vision graphs and the preprocessing threads.
 */
final class WavePreparer implements AutoCloseable {

  // 8 views a run: at 32 the SAM global-attention softmax of 1024-px views (32 x 12 x 4096 x 4096)
  // exceeds what cuDNN accepts (CUDNN_STATUS_NOT_SUPPORTED, seen on the H200)
  static final int VISION_CHUNK = 8;

  private final DeepSeekManifest manifest;
  private final ViewBuilder views;
  private final RawTensorFile embeddings;
  private final float[] newline;
  private final float[] separator;
  private final Map<Integer, DeepSeekVision> vision;
  private final int[] textBefore;
  private final int[] textAfter;
  /** Threads for the pages' Java preprocessing (one per core, at most one per page of a wave). */
  private final ExecutorService preprocessors;

  WavePreparer(DeepSeekManifest manifest, DeepSeekOptions options, ViewBuilder views,
      DeepSeekTokenizer tokenizer, DeepSeekModelParts parts, int batchSize) {
    this.manifest = manifest;
    this.views = views;
    this.embeddings = parts.embeddings;
    this.newline = parts.newline;
    this.separator = parts.separator;
    this.vision = parts.vision;
    ImageTokenLayout.PromptText text =
        ImageTokenLayout.promptText(options.promptText(manifest), tokenizer);
    this.textBefore = text.before();
    this.textAfter = text.after();
    int cores = Math.max(1, Math.min(batchSize, Runtime.getRuntime().availableProcessors()));
    AtomicInteger threadNo = new AtomicInteger();
    this.preprocessors = Executors.newFixedThreadPool(cores, r -> {
      Thread t = new Thread(r, "deepseek-preprocess-" + threadNo.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  /** Preprocesses the pages and runs the vision graphs over all their views, batched by view size. */
  PreparedWave prepare(List<BufferedImage> images) throws OcrException {
    long t0 = System.nanoTime();
    int n = images.size();
    PreparedImage[] prepared = new PreparedImage[n];
    // the views of a page (resampling, padding, normalisation) are plain Java: pages in parallel
    List<Future<PreparedImage>> jobs = new ArrayList<>(n);
    for (BufferedImage image : images) {
      jobs.add(preprocessors.submit(() -> views.prepare(RgbImage.from(image))));
    }
    for (int i = 0; i < n; i++) {
      try {
        prepared[i] = jobs.get(i).get();
      } catch (InterruptedException e) {
        jobs.forEach(j -> j.cancel(true));
        Thread.currentThread().interrupt();
        throw new OcrException("interrupted while preparing pages", e);
      } catch (ExecutionException e) {
        jobs.forEach(j -> j.cancel(true));
        Throwable c = e.getCause();
        throw new OcrException("cannot prepare page " + i + " for DeepSeek-OCR: " + c.getMessage(), c);
      }
    }
    long preprocessMillis = (System.nanoTime() - t0) / 1_000_000;
    ViewSpec spec = views.spec();
    DeepSeekVision global = vision.get(spec.globalSize());
    DeepSeekVision tiles = spec.cropMode() ? vision.get(spec.tileSize()) : null;
    int hidden = manifest.decoder().hiddenSize();
    float[][] globals;
    float[][] tileFeatures = new float[n][];
    try {
      globals = encodeAll(global, prepared, false);
      if (tiles != null) {
        tileFeatures = encodeAll(tiles, prepared, true);
      }
    } catch (OrtException e) {
      throw new OcrException("DeepSeek-OCR vision failed: " + e.getMessage(), e);
    }
    float[][] prompts = new float[n][];
    int[] visionTokens = new int[n];
    for (int i = 0; i < n; i++) {
      boolean tiled = prepared[i].grid().isTiled();
      float[] placeholders = ImageTokenLayout.assemble(globals[i], global.tokens(),
          tiled ? tileFeatures[i] : new float[0], tiled ? tiles.tokens() : 0, prepared[i].grid(),
          newline, separator, hidden);
      int count = placeholders.length / hidden;
      if (count != prepared[i].imageTokens()) {
        throw new OcrException("internal error: " + count + " vision embeddings for "
            + prepared[i].imageTokens() + " placeholders");
      }
      visionTokens[i] = count;
      prompts[i] = ImageTokenLayout.promptEmbeddings(
          embeddings, manifest.tokens().bos(), textBefore, placeholders, textAfter, hidden);
    }
    return new PreparedWave(prompts, prepared, visionTokens, (System.nanoTime() - t0) / 1_000_000,
        preprocessMillis);
  }

  /** The views of one kind (tiles or global) of all pages through one graph, {@link #VISION_CHUNK} views a run. */
  private static float[][] encodeAll(DeepSeekVision graph, PreparedImage[] pages, boolean tiles)
      throws OrtException {
    List<float[]> viewPixels = new ArrayList<>();
    List<Integer> owners = new ArrayList<>();
    for (int i = 0; i < pages.length; i++) {
      if (tiles) {
        if (!pages[i].grid().isTiled()) {
          continue;
        }
        float[] all = pages[i].tiles();
        int plane = all.length / pages[i].tileCount();
        for (int t = 0; t < pages[i].tileCount(); t++) {
          viewPixels.add(Arrays.copyOfRange(all, t * plane, (t + 1) * plane));
          owners.add(i);
        }
      } else {
        viewPixels.add(pages[i].globalView());
        owners.add(i);
      }
    }
    int[] owner = owners.stream().mapToInt(Integer::intValue).toArray();
    float[][] perPage = new float[pages.length][];
    int[] filled = new int[pages.length];
    for (int i = 0; i < pages.length; i++) {
      int views = tiles ? (pages[i].grid().isTiled() ? pages[i].tileCount() : 0) : 1;
      perPage[i] = views > 0 ? null : new float[0];
    }
    for (int start = 0; start < viewPixels.size(); start += VISION_CHUNK) {
      int count = Math.min(VISION_CHUNK, viewPixels.size() - start);
      int plane = viewPixels.get(start).length;
      float[] batch = new float[plane * count];
      for (int v = 0; v < count; v++) {
        System.arraycopy(viewPixels.get(start + v), 0, batch, v * plane, plane);
      }
      float[] features = graph.encode(batch, count);
      int per = features.length / count;
      for (int v = 0; v < count; v++) {
        int page = owner[start + v];
        if (perPage[page] == null) {
          int views = tiles ? pages[page].tileCount() : 1;
          perPage[page] = new float[per * views];
        }
        System.arraycopy(features, v * per, perPage[page], filled[page] * per, per);
        filled[page]++;
      }
    }
    return perPage;
  }

  @Override
  public void close() {
    preprocessors.shutdownNow();
    vision.values().forEach(DeepSeekVision::close);
  }
}
