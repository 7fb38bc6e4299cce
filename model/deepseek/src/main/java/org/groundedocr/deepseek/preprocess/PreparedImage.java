package org.groundedocr.deepseek.preprocess;

import java.util.Objects;

/**
 * One image ready for the DeepSeek-OCR vision graphs: normalised float32 pixel tensors and the
 * numbers the prompt needs.
 *
 * <ul>
 *   <li>{@code globalView}: {@code [3, S, S]} (channel-major, R, G, B; S = {@code spec.globalSize()}),
 *       values {@code (v / 255 - 0.5) / 0.5} in [-1, 1];
 *   <li>{@code tiles}: {@code [n, 3, T, T]} with n = {@code grid.tileCount()} tiles in row-major
 *       order (T = {@code spec.tileSize()}); an empty array when the image is not tiled;
 *   <li>{@code grid}: columns x rows of the tiles ({@link TileGrid#NONE} when not tiled);
 *   <li>{@code imageWidth}, {@code imageHeight}: the original image's size (model boxes are
 *       relative to it).
 * </ul>
 *
 * <p>The arrays are handed over, not copied (they are tens of megabytes): treat them as read-only.
 * Wrap them with {@code FloatBuffer.wrap} to build ONNX Runtime tensors.
 */
public record PreparedImage(
    ViewSpec spec, int imageWidth, int imageHeight, TileGrid grid, float[] globalView, float[] tiles) {

  public PreparedImage {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(grid, "grid");
    Objects.requireNonNull(globalView, "globalView");
    Objects.requireNonNull(tiles, "tiles");
    long g = 3L * spec.globalSize() * spec.globalSize();
    long t = 3L * spec.tileSize() * spec.tileSize() * grid.tileCount();
    if (globalView.length != g || tiles.length != t) {
      throw new IllegalArgumentException("tensor sizes do not match " + spec + " and grid " + grid);
    }
  }

  /** Number of local tiles (0 when not tiled). */
  public int tileCount() {
    return grid.tileCount();
  }

  /** Shape of {@link #globalView()} as a batch of one: {@code [1, 3, S, S]}. */
  public long[] globalShape() {
    return new long[] {1, 3, spec.globalSize(), spec.globalSize()};
  }

  /** Shape of {@link #tiles()}: {@code [n, 3, T, T]}. */
  public long[] tilesShape() {
    return new long[] {grid.tileCount(), 3, spec.tileSize(), spec.tileSize()};
  }

  /** Image tokens of the global view (see {@link ViewSpec#globalTokens()}). */
  public int globalTokens() {
    return spec.globalTokens();
  }

  /** Image tokens of the local tiles (see {@link ViewSpec#tileTokens(TileGrid)}). */
  public int tileTokens() {
    return spec.tileTokens(grid);
  }

  /** Number of {@code <image>} placeholders the prompt must hold for this image. */
  public int imageTokens() {
    return spec.imageTokens(grid);
  }
}
