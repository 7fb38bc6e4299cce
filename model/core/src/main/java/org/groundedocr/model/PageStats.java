package org.groundedocr.model;

/**
 * What it took to produce a page.
 *
 * @param engine engine name ({@code ppocr}, {@code deepseek-ocr}, …)
 * @param mode engine mode ({@code gundam}, {@code base}, {@code det960}, …), empty when none
 * @param visionTokens image tokens the decoder saw (0 for engines without a language model)
 * @param generatedTokens tokens generated (0 for engines without a language model)
 * @param millis wall time for the page
 * @param finished {@code false} when the output was cut off (no end-of-sequence before the token
 *     limit, or the grounding was truncated mid-region): the page is kept but flagged
 */
public record PageStats(
    String engine, String mode, int visionTokens, int generatedTokens, long millis, boolean finished) {

  public PageStats {
    engine = engine == null ? "" : engine;
    mode = mode == null ? "" : mode;
  }

  public static PageStats of(String engine, String mode, long millis) {
    return new PageStats(engine, mode, 0, 0, millis, true);
  }

  public PageStats withFinished(boolean value) {
    return new PageStats(engine, mode, visionTokens, generatedTokens, millis, value);
  }
}
