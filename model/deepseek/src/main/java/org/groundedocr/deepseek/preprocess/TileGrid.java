package org.groundedocr.deepseek.preprocess;

/**
 * How an image is cut into local tiles: {@code columns x rows} tiles (the reference's
 * {@code images_spatial_crop = [num_width_tiles, num_height_tiles]}). {@link #NONE} (1 x 1) means
 * no local tiles, only the global view.
 */
public record TileGrid(int columns, int rows) {

  /** No local tiles. */
  public static final TileGrid NONE = new TileGrid(1, 1);

  public TileGrid {
    if (columns < 1 || rows < 1) {
      throw new IllegalArgumentException("tile grid must be at least 1x1, got " + columns + "x" + rows);
    }
  }

  /** Number of tiles, 0 for {@link #NONE}: the reference produces tiles only for grids other than 1x1. */
  public int tileCount() {
    return isTiled() ? columns * rows : 0;
  }

  /** Whether the grid produces local tiles. */
  public boolean isTiled() {
    return columns > 1 || rows > 1;
  }

  @Override
  public String toString() {
    return columns + "x" + rows;
  }
}
