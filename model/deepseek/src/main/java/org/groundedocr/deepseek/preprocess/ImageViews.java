package org.groundedocr.deepseek.preprocess;

import java.util.List;
import java.util.Objects;

/**
 * The 8-bit views of one image before normalisation: the global view and the local tiles in
 * row-major order (tile {@code k} is column {@code k % columns}, row {@code k / columns}).
 */
public record ImageViews(TileGrid grid, RgbImage global, List<RgbImage> tiles) {

  public ImageViews {
    Objects.requireNonNull(grid, "grid");
    Objects.requireNonNull(global, "global");
    tiles = List.copyOf(tiles);
    if (tiles.size() != grid.tileCount()) {
      throw new IllegalArgumentException(
          "grid " + grid + " needs " + grid.tileCount() + " tiles, got " + tiles.size());
    }
  }
}
