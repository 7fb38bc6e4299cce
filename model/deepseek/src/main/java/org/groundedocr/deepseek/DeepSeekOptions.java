package org.groundedocr.deepseek;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.groundedocr.engine.EngineConfig;

/**
 * The DeepSeek engine's options, read from {@link EngineConfig#options()} (the way they arrive from
 * {@code tika-config.xml}, {@code solrconfig.xml} or the command line) with the model's defaults.
 *
 * <table>
 *   <caption>options</caption>
 *   <tr><td>{@value #MODE}</td><td>tiny, small, base, large, gundam (DeepSeek-OCR); gundam (OCR 2);
 *       default: the manifest's</td></tr>
 *   <tr><td>{@value #TASK}</td><td>markdown (grounded Markdown, default), ocr, free, figure, describe,
 *       locate</td></tr>
 *   <tr><td>{@value #QUERY}</td><td>what {@code locate} looks for</td></tr>
 *   <tr><td>{@value #PROMPT}</td><td>a prompt of one's own containing {@code <image>} (overrides task)</td></tr>
 *   <tr><td>{@value #MAX_NEW_TOKENS}</td><td>default 8192; prompt + output never exceed the model's 8192</td></tr>
 *   <tr><td>{@value #NGRAM_SIZE}, {@value #NGRAM_WINDOW}, {@value #NGRAM_WHITELIST}</td><td>the
 *       no-repeat rule (default 30, 90, the ids of {@code <td>} and {@code </td>}); size 0 disables
 *       it; the whitelist is comma-separated token ids or {@code none}</td></tr>
 *   <tr><td>{@value #MAX_TILES}</td><td>Gundam tiles at most (default 6)</td></tr>
 *   <tr><td>{@value #THREADS}</td><td>ONNX Runtime intra-op threads per session (default 0: all cores)</td></tr>
 * </table>
 */
public record DeepSeekOptions(
    String mode,
    String task,
    String query,
    String prompt,
    int maxNewTokens,
    int ngramSize,
    int ngramWindow,
    Set<Integer> ngramWhitelist,
    int maxTiles,
    int threads) {

  public static final String MODE = "mode";
  public static final String TASK = "task";
  public static final String QUERY = "query";
  public static final String PROMPT = "prompt";
  public static final String MAX_NEW_TOKENS = "maxNewTokens";
  public static final String NGRAM_SIZE = "ngramSize";
  public static final String NGRAM_WINDOW = "ngramWindow";
  public static final String NGRAM_WHITELIST = "ngramWhitelist";
  public static final String MAX_TILES = "maxTiles";
  public static final String THREADS = "threads";

  public static final int DEFAULT_MAX_NEW_TOKENS = 8192;
  public static final List<String> TASKS = List.of("markdown", "ocr", "free", "figure", "describe", "locate");

  public DeepSeekOptions {
    ngramWhitelist = Set.copyOf(ngramWhitelist);
  }

  /** Options of {@code config} over the defaults of {@code manifest}; fails naming the bad option. */
  public static DeepSeekOptions from(EngineConfig config, DeepSeekManifest manifest) {
    String mode = config.option(MODE, manifest.defaultMode()).trim().toLowerCase(Locale.ROOT);
    String task = config.option(TASK, "markdown").trim().toLowerCase(Locale.ROOT);
    if (!TASKS.contains(task)) {
      throw new IllegalArgumentException("engine option '" + TASK + "' must be one of " + TASKS + ", got '" + task + "'");
    }
    String query = config.option(QUERY, null);
    String prompt = config.option(PROMPT, null);
    if (task.equals("locate") && (query == null || query.isBlank()) && prompt == null) {
      throw new IllegalArgumentException("engine option '" + QUERY + "' is required with task locate");
    }
    if (prompt != null && !prompt.contains("<image>")) {
      throw new IllegalArgumentException("engine option '" + PROMPT + "' must contain <image>");
    }
    int maxNew = config.intOption(MAX_NEW_TOKENS, DEFAULT_MAX_NEW_TOKENS);
    if (maxNew < 1) {
      throw new IllegalArgumentException("engine option '" + MAX_NEW_TOKENS + "' must be >= 1, got " + maxNew);
    }
    int ngramSize = nonNegative(config, NGRAM_SIZE, manifest.ngramSize());
    int ngramWindow = nonNegative(config, NGRAM_WINDOW, manifest.ngramWindow());
    Set<Integer> whitelist = whitelist(config.option(NGRAM_WHITELIST, null), manifest.ngramWhitelist());
    int maxTiles = config.intOption(MAX_TILES, manifest.maxTiles());
    if (maxTiles < 2 || maxTiles > 64) {
      throw new IllegalArgumentException("engine option '" + MAX_TILES + "' must be between 2 and 64, got " + maxTiles);
    }
    int threads = nonNegative(config, THREADS, 0);
    return new DeepSeekOptions(mode, task, query, prompt, maxNew, ngramSize, ngramWindow, whitelist, maxTiles, threads);
  }

  private static int nonNegative(EngineConfig config, String key, int defaultValue) {
    int v = config.intOption(key, defaultValue);
    if (v < 0) {
      throw new IllegalArgumentException("engine option '" + key + "' must be >= 0, got " + v);
    }
    return v;
  }

  private static Set<Integer> whitelist(String value, List<Integer> defaults) {
    if (value == null) {
      return new LinkedHashSet<>(defaults);
    }
    String v = value.trim();
    if (v.isEmpty() || v.equalsIgnoreCase("none")) {
      return Set.of();
    }
    List<Integer> ids = new ArrayList<>();
    for (String part : v.split(",")) {
      try {
        ids.add(Integer.parseInt(part.trim()));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "engine option '" + NGRAM_WHITELIST + "' must be comma-separated token ids or 'none', got '" + value + "'", e);
      }
    }
    return new LinkedHashSet<>(ids);
  }

  /** The prompt text for these options, with {@code <image>} where the vision tokens go. */
  /** The no-repeat n-gram rule these options ask for. */
  public NoRepeatNGram ngram() {
    return new NoRepeatNGram(ngramSize, ngramWindow, ngramWhitelist);
  }

  public String promptText(DeepSeekManifest manifest) {
    if (prompt != null) {
      return prompt;
    }
    String template = manifest.prompts().get(task);
    if (template == null) {
      throw new IllegalArgumentException("the model's manifest has no prompt for task '" + task + "'");
    }
    return template.replace("{query}", query == null ? "" : query);
  }
}
