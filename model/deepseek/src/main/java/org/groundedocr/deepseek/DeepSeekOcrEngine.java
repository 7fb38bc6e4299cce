package org.groundedocr.deepseek;

import ai.onnxruntime.OrtException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.groundedocr.deepseek.preprocess.PreparedImage;
import org.groundedocr.deepseek.preprocess.RgbImage;
import org.groundedocr.deepseek.preprocess.TileGrid;
import org.groundedocr.deepseek.preprocess.ViewBuilder;
import org.groundedocr.deepseek.preprocess.ViewSpec;
import org.groundedocr.deepseek.tokenizer.DeepSeekTokenizer;
import org.groundedocr.engine.EngineConfig;
import org.groundedocr.engine.OcrEngine;
import org.groundedocr.engine.OcrException;
import org.groundedocr.grounding.GroundingParser;
import org.groundedocr.model.GroundedPage;
import org.groundedocr.model.PageStats;
import org.groundedocr.onnx.OrtSupport;

/**
 * DeepSeek-OCR and DeepSeek-OCR 2 in process, on an exported model directory ({@code model/README.md}):
 * the page is cut into views exactly like the reference ({@link ViewBuilder}), each view size runs its
 * {@code vision_{S}.onnx}, the vision tokens replace the {@code <image>} placeholders of the prompt
 * {@code [BOS] + [<image>] x N + encode(text after <image>)}, and {@code decoder.onnx} generates
 * greedily with its KV cache, the no-repeat n-gram rule, until EOS or the token limit. The output goes
 * through the {@link GroundingParser} into a grounded page; a page cut off by the limit is kept and
 * flagged unfinished.
 *
 * <p>Thread-safe: the sessions, the mapped embedding table and the tokenizer are shared; everything a
 * page needs (views, KV cache, generated ids) is local to the call.
 */
public final class DeepSeekOcrEngine implements OcrEngine {

  public static final String NAME = "deepseek";

  private final DeepSeekManifest manifest;
  private final DeepSeekOptions options;
  private final ViewBuilder views;
  private final DeepSeekTokenizer tokenizer;
  private final RawTensorFile embeddings;
  private final float[] newline;
  private final float[] separator;
  private final DeepSeekDecoder decoder;
  private final Map<Integer, DeepSeekVision> vision;
  private final NoRepeatNGram ngram;
  private final int[] textBefore;
  private final int[] textAfter;

  private DeepSeekOcrEngine(
      DeepSeekManifest manifest, DeepSeekOptions options, ViewBuilder views, DeepSeekTokenizer tokenizer,
      RawTensorFile embeddings, float[] newline, float[] separator, DeepSeekDecoder decoder,
      Map<Integer, DeepSeekVision> vision) {
    this.manifest = manifest;
    this.options = options;
    this.views = views;
    this.tokenizer = tokenizer;
    this.embeddings = embeddings;
    this.newline = newline;
    this.separator = separator;
    this.decoder = decoder;
    this.vision = vision;
    this.ngram = options.ngram();
    ImageTokenLayout.PromptText text = ImageTokenLayout.promptText(options.promptText(manifest), tokenizer);
    this.textBefore = text.before();
    this.textAfter = text.after();
  }

  /** Opens the model directory {@code config.modelDir()} with {@code config}'s options. */
  public static DeepSeekOcrEngine open(EngineConfig config) throws OcrException {
    Objects.requireNonNull(config, "config");
    Path dir = config.modelDir();
    if (dir == null) {
      throw new OcrException("the deepseek engine needs a model directory (modelDir): an export made by "
          + "model/export/export_onnx.py, see model/README.md");
    }
    DeepSeekManifest manifest;
    try {
      manifest = DeepSeekManifest.load(dir);
    } catch (IOException e) {
      throw new OcrException(e.getMessage(), e);
    }
    DeepSeekOptions options;
    ViewSpec spec;
    try {
      options = DeepSeekOptions.from(config, manifest);
      spec = ViewSpec.of(manifest.family(), options.mode()).withMaxTiles(options.maxTiles());
    } catch (IllegalArgumentException e) {
      throw new OcrException(e.getMessage(), e);
    }
    List<AutoCloseable> opened = new ArrayList<>();
    try {
      DeepSeekModelParts parts = DeepSeekModelParts.open(manifest, spec, config.device(), options.threads(), opened);
      DeepSeekDecoder decoder = new DeepSeekDecoder(OrtSupport.environment(),
          DeepSeekModelParts.existing(dir, manifest.decoder().file()), parts.sessionOptions, manifest.decoder());
      opened.add(decoder);
      return new DeepSeekOcrEngine(manifest, options, new ViewBuilder(spec), parts.tokenizer, parts.embeddings,
          parts.newline, parts.separator, decoder, parts.vision);
    } catch (IOException | OrtException | RuntimeException e) {
      throw DeepSeekModelParts.failed(dir, opened, e);
    }
  }

  @Override
  public String name() {
    return NAME;
  }

  public DeepSeekManifest manifest() {
    return manifest;
  }

  public DeepSeekOptions options() {
    return options;
  }

  /**
   * What the model generated for one image.
   *
   * @param tokenIds generated ids, the EOS included when the model stopped by itself
   * @param text the decoded output, special tokens kept, EOS removed
   * @param finished whether the model stopped with EOS (not cut off by the token limit)
   * @param visionTokens {@code <image>} placeholders in the prompt
   * @param promptTokens prompt length
   * @param grid the Gundam tile grid (1x1 when not tiled)
   * @param visionMillis time spent in preprocessing and the vision graphs
   * @param prefillMillis time of the prompt pass through the decoder (to the first token)
   * @param millis time for the whole image
   */
  public record Generation(
      int[] tokenIds, String text, boolean finished, int visionTokens, int promptTokens, TileGrid grid,
      long visionMillis, long prefillMillis, long millis) {

    /** Generated tokens per second after the first one (the decode rate), 0 when fewer than 2. */
    public double decodeTokensPerSecond() {
      long decodeMillis = millis - visionMillis - prefillMillis;
      return tokenIds.length < 2 || decodeMillis <= 0 ? 0 : (tokenIds.length - 1) * 1000.0 / decodeMillis;
    }
  }

  @Override
  public GroundedPage recognize(BufferedImage image, int pageNumber) throws OcrException {
    Generation g = generate(image);
    PageStats stats = new PageStats(NAME, options.mode(), g.visionTokens(), g.tokenIds().length, g.millis(), g.finished());
    return GroundingParser.parsePage(g.text(), pageNumber, image.getWidth(), image.getHeight(), stats);
  }

  /** Runs the model on one image. */
  public Generation generate(BufferedImage image) throws OcrException {
    Objects.requireNonNull(image, "image");
    try {
      return run(image);
    } catch (IllegalStateException | IllegalArgumentException | IndexOutOfBoundsException e) {
      // an unexpected graph output or a token id outside the table: this page fails, the batch goes on
      throw new OcrException("DeepSeek-OCR failed on this page: " + e.getMessage(), e);
    }
  }

  private Generation run(BufferedImage image) throws OcrException {
    long t0 = System.nanoTime();
    PreparedImage prepared;
    try {
      prepared = views.prepare(RgbImage.from(image));
    } catch (IllegalArgumentException e) {
      throw new OcrException("cannot prepare the image for DeepSeek-OCR: " + e.getMessage(), e);
    }
    int hidden = decoder.hiddenSize();
    float[] placeholders;
    try {
      ViewSpec spec = views.spec();
      DeepSeekVision global = vision.get(spec.globalSize());
      float[] globalTokens = global.encode(prepared.globalView(), 1);
      float[] tileTokens = new float[0];
      int perTile = 0;
      if (prepared.grid().isTiled()) {
        DeepSeekVision tiles = vision.get(spec.tileSize());
        perTile = tiles.tokens();
        tileTokens = tiles.encode(prepared.tiles(), prepared.tileCount());
      }
      placeholders = ImageTokenLayout.assemble(globalTokens, global.tokens(), tileTokens, perTile, prepared.grid(),
          newline, separator, hidden);
    } catch (OrtException e) {
      throw new OcrException("DeepSeek-OCR vision failed: " + e.getMessage(), e);
    }
    long visionMillis = (System.nanoTime() - t0) / 1_000_000;
    int n = placeholders.length / hidden;
    if (n != prepared.imageTokens()) {
      throw new OcrException("internal error: " + n + " vision embeddings for " + prepared.imageTokens() + " placeholders");
    }

    int promptLength = 1 + textBefore.length + n + textAfter.length;
    int budget = Math.min(options.maxNewTokens(), manifest.maxTotalTokens() - promptLength);
    if (budget < 1) {
      throw new OcrException("the prompt (" + promptLength + " tokens) leaves no room in the model's "
          + manifest.maxTotalTokens() + "-token context; use fewer tiles or a smaller mode");
    }
    float[] embeds = ImageTokenLayout.promptEmbeddings(
        embeddings, manifest.tokens().bos(), textBefore, placeholders, textAfter, hidden);

    int[] generated = new int[Math.min(budget, 1024)];
    int count = 0;
    boolean finished = false;
    int eos = manifest.tokens().eos();
    long prefillMillis;
    try (DeepSeekDecoder.Sequence seq = decoder.newSequence()) {
      long p0 = System.nanoTime();
      float[] logits = seq.append(embeds, promptLength);
      prefillMillis = (System.nanoTime() - p0) / 1_000_000;
      float[] step = new float[hidden];
      while (true) {
        ngram.apply(generated, count, logits);
        int next = argmax(logits);
        if (count == generated.length) {
          generated = Arrays.copyOf(generated, Math.min(budget, generated.length * 2));
        }
        generated[count++] = next;
        if (next == eos) {
          finished = true;
          break;
        }
        if (count >= budget) {
          break;
        }
        embeddings.copyRow(next, step, 0);
        logits = seq.append(step, 1);
      }
    } catch (OrtException e) {
      throw new OcrException("DeepSeek-OCR decoding failed: " + e.getMessage(), e);
    }
    int[] ids = Arrays.copyOf(generated, count);
    String text = tokenizer.decode(finished ? Arrays.copyOf(ids, count - 1) : ids, false);
    long millis = (System.nanoTime() - t0) / 1_000_000;
    return new Generation(ids, text, finished, n, promptLength, prepared.grid(), visionMillis, prefillMillis, millis);
  }

  /** Index of the largest logit, the first on ties (torch.argmax). */
  static int argmax(float[] logits) {
    int best = 0;
    float max = logits[0];
    for (int i = 1; i < logits.length; i++) {
      if (logits[i] > max) {
        max = logits[i];
        best = i;
      }
    }
    return best;
  }

  @Override
  public void close() {
    decoder.close();
    vision.values().forEach(DeepSeekVision::close);
    tokenizer.close();
  }
}
