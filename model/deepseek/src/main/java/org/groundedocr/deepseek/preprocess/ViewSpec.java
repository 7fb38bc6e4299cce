package org.groundedocr.deepseek.preprocess;

import java.util.Locale;
import java.util.Objects;

/**
 * Which views DeepSeek-OCR reads an image as: a global view of {@code globalSize} pixels (the
 * reference's {@code base_size}) and, in crop mode, local tiles of {@code tileSize} pixels
 * ({@code image_size}) on a grid of {@code minTiles..maxTiles} tiles, for images with a side
 * longer than {@code tilingThreshold}; each view yields {@code featureSide x featureSide} image
 * features.
 *
 * <p>The named modes are the official ones (spec §1.1, §7.1):
 *
 * <table>
 *   <caption>modes</caption>
 *   <tr><th>family</th><th>mode</th><th>global</th><th>tiles</th><th>image tokens</th></tr>
 *   <tr><td>deepseek-ocr</td><td>tiny</td><td>512 (stretched)</td><td>-</td><td>73</td></tr>
 *   <tr><td>deepseek-ocr</td><td>small</td><td>640 (stretched)</td><td>-</td><td>111</td></tr>
 *   <tr><td>deepseek-ocr</td><td>base</td><td>1024 (padded)</td><td>-</td><td>273</td></tr>
 *   <tr><td>deepseek-ocr</td><td>large</td><td>1280 (padded)</td><td>-</td><td>421</td></tr>
 *   <tr><td>deepseek-ocr</td><td>gundam</td><td>1024 (padded)</td><td>640, 2..6</td><td>273 + (10 rows)(10 cols + 1)</td></tr>
 *   <tr><td>deepseek-ocr2</td><td>default (alias gundam)</td><td>1024 (padded)</td><td>768, 2..6</td><td>257 + 144 tiles</td></tr>
 * </table>
 *
 * <p>The official vLLM scripts use at most 6 tiles, DeepSeek-OCR's Hugging Face {@code infer} 9
 * (spec §1.4); 6 is the default here, {@link #withMaxTiles} changes it. {@link #withGeometry}
 * scales the views down for small test models.
 */
public record ViewSpec(
    Family family,
    String mode,
    int globalSize,
    int tileSize,
    boolean cropMode,
    int minTiles,
    int maxTiles,
    int tilingThreshold,
    int globalFeatureSide,
    int tileFeatureSide) {

  /** Default maximum number of local tiles (official vLLM configuration of both families). */
  public static final int DEFAULT_MAX_TILES = 6;
  /** Minimum number of local tiles when an image is tiled (both families). */
  public static final int DEFAULT_MIN_TILES = 2;

  private static final int PATCH_SIZE = 16;
  private static final int DOWNSAMPLE_RATIO = 4;

  /** The two model families; they differ in the tiling threshold and in the image-token layout. */
  public enum Family {
    /** DeepSeek-OCR (Oct 2025): SAM + CLIP-L, one {@code image_newline} after every row of features. */
    DEEPSEEK_OCR("deepseek-ocr", 640),
    /** DeepSeek-OCR 2 (Jan 2026): SAM + Qwen2 encoder with learned queries, no newline tokens. */
    DEEPSEEK_OCR2("deepseek-ocr2", 768);

    private final String id;
    private final int tilingThreshold;

    Family(String id, int tilingThreshold) {
      this.id = id;
      this.tilingThreshold = tilingThreshold;
    }

    /** The family's name in model manifests: {@code deepseek-ocr} or {@code deepseek-ocr2}. */
    public String id() {
      return id;
    }

    /**
     * Images with both sides at most this many pixels are never tiled, and (DeepSeek-OCR) modes
     * without crop whose view is at most this size stretch the image: hard-coded 640 in
     * DeepSeek-OCR, 768 in DeepSeek-OCR 2, whatever the tile size.
     */
    public int tilingThreshold() {
      return tilingThreshold;
    }

    /** The family named {@code id} ({@code deepseek-ocr}, {@code deepseek-ocr2}). */
    public static Family of(String id) {
      Objects.requireNonNull(id, "family");
      for (Family f : values()) {
        if (f.id.equalsIgnoreCase(id.trim())) {
          return f;
        }
      }
      throw new IllegalArgumentException("unknown model family '" + id + "', expected deepseek-ocr or deepseek-ocr2");
    }
  }

  public ViewSpec {
    Objects.requireNonNull(family, "family");
    Objects.requireNonNull(mode, "mode");
    if (globalSize <= 0 || tileSize <= 0) {
      throw new IllegalArgumentException(
          "globalSize and tileSize must be positive, got " + globalSize + " and " + tileSize);
    }
    if (minTiles < 1 || maxTiles < minTiles || maxTiles > 64) {
      throw new IllegalArgumentException(
          "tiles must satisfy 1 <= minTiles <= maxTiles <= 64, got minTiles=" + minTiles + ", maxTiles=" + maxTiles);
    }
    if (tilingThreshold < 0 || globalFeatureSide <= 0 || tileFeatureSide <= 0) {
      throw new IllegalArgumentException("tilingThreshold must be >= 0 and feature sides positive, got "
          + tilingThreshold + ", " + globalFeatureSide + ", " + tileFeatureSide);
    }
  }

  /**
   * The official mode {@code mode} of {@code family} with at most {@link #DEFAULT_MAX_TILES} tiles:
   * {@code tiny}, {@code small}, {@code base}, {@code large}, {@code gundam} for DeepSeek-OCR;
   * {@code default} (or {@code gundam}) for DeepSeek-OCR 2.
   */
  public static ViewSpec of(Family family, String mode) {
    Objects.requireNonNull(family, "family");
    String m = Objects.requireNonNull(mode, "mode").trim().toLowerCase(Locale.ROOT);
    if (family == Family.DEEPSEEK_OCR) {
      return switch (m) {
        case "tiny" -> official(family, m, 512, 512, false);
        case "small" -> official(family, m, 640, 640, false);
        case "base" -> official(family, m, 1024, 1024, false);
        case "large" -> official(family, m, 1280, 1280, false);
        case "gundam" -> official(family, m, 1024, 640, true);
        default -> throw new IllegalArgumentException(
            "unknown DeepSeek-OCR mode '" + mode + "', expected tiny, small, base, large or gundam");
      };
    }
    return switch (m) {
      case "default", "gundam" -> official(family, "default", 1024, 768, true);
      default -> throw new IllegalArgumentException(
          "unknown DeepSeek-OCR 2 mode '" + mode + "', expected default (or gundam)");
    };
  }

  private static ViewSpec official(Family family, String mode, int global, int tile, boolean crop) {
    return new ViewSpec(family, mode, global, tile, crop, DEFAULT_MIN_TILES, DEFAULT_MAX_TILES,
        family.tilingThreshold(), featureSide(global), featureSide(tile));
  }

  /** This spec with at most {@code maxTiles} local tiles. */
  public ViewSpec withMaxTiles(int maxTiles) {
    return new ViewSpec(family, mode, globalSize, tileSize, cropMode, minTiles, maxTiles, tilingThreshold,
        globalFeatureSide, tileFeatureSide);
  }

  /**
   * This mode with other view sizes, threshold and feature counts — for scaled-down test models
   * whose vision graphs take smaller views (the manifest gives the numbers).
   */
  public ViewSpec withGeometry(
      int globalSize, int tileSize, int tilingThreshold, int globalFeatureSide, int tileFeatureSide) {
    return new ViewSpec(family, mode, globalSize, tileSize, cropMode, minTiles, maxTiles, tilingThreshold,
        globalFeatureSide, tileFeatureSide);
  }

  /**
   * Whether the image is first stretched to {@code tileSize x tileSize} (aspect not preserved)
   * before the pad: the reference does so without crop mode when {@code image_size} is at most the
   * threshold (DeepSeek-OCR Tiny and Small).
   */
  public boolean stretchesGlobalView() {
    return !cropMode && tileSize <= tilingThreshold;
  }

  /**
   * Feature rows (and columns) the official encoders make of a view of {@code side} pixels:
   * {@code ceil((side // 16) / 4)} (16-pixel patches, 4x4 compression).
   */
  public static int featureSide(int side) {
    return (side / PATCH_SIZE + DOWNSAMPLE_RATIO - 1) / DOWNSAMPLE_RATIO;
  }

  /**
   * Image tokens of the global view: {@code q(q+1)} with a newline after each of the q rows
   * (DeepSeek-OCR), {@code q*q} (DeepSeek-OCR 2); q = {@code globalFeatureSide}.
   */
  public int globalTokens() {
    int q = globalFeatureSide;
    return family == Family.DEEPSEEK_OCR ? q * (q + 1) : q * q;
  }

  /**
   * Image tokens of the local tiles of {@code grid}: 0 without tiles; the stitched
   * {@code (qt*rows) x (qt*cols)} map with a newline after each stitched row (DeepSeek-OCR);
   * {@code qt*qt} per tile (DeepSeek-OCR 2); qt = {@code tileFeatureSide}.
   */
  public int tileTokens(TileGrid grid) {
    if (!grid.isTiled()) {
      return 0;
    }
    int qt = tileFeatureSide;
    return family == Family.DEEPSEEK_OCR
        ? qt * grid.rows() * (qt * grid.columns() + 1)
        : qt * qt * grid.columns() * grid.rows();
  }

  /**
   * Number of {@code <image>} placeholder tokens for an image cut into {@code grid}: tiles, global
   * view and the one {@code view_separator} (spec §2.2, §7.2).
   */
  public int imageTokens(TileGrid grid) {
    return tileTokens(grid) + globalTokens() + 1;
  }
}
