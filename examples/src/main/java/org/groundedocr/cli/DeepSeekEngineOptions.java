package org.groundedocr.cli;

import java.util.Map;
import org.groundedocr.deepseek.DeepSeekOptions;
import picocli.CommandLine.Option;

/**
 * The DeepSeek engine's options as command-line flags (a picocli mixin of {@code ocr}); each set flag
 * becomes the engine option of {@link DeepSeekOptions} (the same names tika-config.xml and
 * solrconfig.xml use), unset flags keep the model's defaults.
 */
final class DeepSeekEngineOptions {

  @Option(names = "--mode", description = "deepseek: tiny, small, base, large or gundam (OCR 2: gundam);"
      + " default: the model's (gundam)")
  String mode;

  @Option(names = "--task", description = "deepseek: markdown (grounded, default), ocr, free, figure, describe, locate")
  String task;

  @Option(names = "--query", description = "deepseek: what --task locate looks for")
  String query;

  @Option(names = "--max-new-tokens", description = "deepseek: generated tokens at most (default 8192)")
  Integer maxNewTokens;

  @Option(names = "--max-tiles", description = "deepseek: Gundam tiles at most (default 6)")
  Integer maxTiles;

  @Option(names = "--ngram-size", description = "deepseek: no-repeat n-gram size, 0 disables (default 30)")
  Integer ngramSize;

  @Option(names = "--ngram-window", description = "deepseek: no-repeat window (default 90)")
  Integer ngramWindow;

  @Option(names = "--ngram-whitelist", description = "deepseek: token ids the n-gram rule never bans,"
      + " comma-separated, or none (default: <td>, </td>)")
  String ngramWhitelist;

  /** Puts the flags that were given into {@code options} (flags win over {@code -O key=value}). */
  void addTo(Map<String, String> options) {
    put(options, DeepSeekOptions.MODE, mode);
    put(options, DeepSeekOptions.TASK, task);
    put(options, DeepSeekOptions.QUERY, query);
    put(options, DeepSeekOptions.MAX_NEW_TOKENS, maxNewTokens);
    put(options, DeepSeekOptions.MAX_TILES, maxTiles);
    put(options, DeepSeekOptions.NGRAM_SIZE, ngramSize);
    put(options, DeepSeekOptions.NGRAM_WINDOW, ngramWindow);
    put(options, DeepSeekOptions.NGRAM_WHITELIST, ngramWhitelist);
  }

  boolean anySet() {
    return mode != null || task != null || query != null || maxNewTokens != null || maxTiles != null
        || ngramSize != null || ngramWindow != null || ngramWhitelist != null;
  }

  private static void put(Map<String, String> options, String key, Object value) {
    if (value != null) {
      options.put(key, value.toString());
    }
  }
}
