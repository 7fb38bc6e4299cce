package org.groundedocr.deepseek;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.groundedocr.deepseek.preprocess.TileGrid;
import org.groundedocr.deepseek.preprocess.ViewSpec;
import org.junit.jupiter.api.Test;

/** The placeholder order of spec §2.3 / §7.2, on hidden size 1 so every row is its own label. */
class ImageTokenLayoutTest {

  private static float[] iota(int n, int offset) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = offset + i;
    }
    return a;
  }

  @Test
  void v1StitchesTilesWithNewlinesThenGlobalThenSeparator() {
    // 2 columns x 1 row of 2x2-token tiles: tile 0 = 100..103, tile 1 = 200..203; global 2x2 = 0..3
    float[] tiles = {100, 101, 102, 103, 200, 201, 202, 203};
    float[] out = ImageTokenLayout.assemble(iota(4, 0), 4, tiles, 4, new TileGrid(2, 1),
        new float[] {-1}, new float[] {-2}, 1);
    float[] expected = {100, 101, 200, 201, -1, 102, 103, 202, 203, -1, 0, 1, -1, 2, 3, -1, -2};
    assertEquals(java.util.Arrays.toString(expected), java.util.Arrays.toString(out));
    // and the count the preprocessing announces (here on the real sizes)
    ViewSpec gundam = ViewSpec.of(ViewSpec.Family.DEEPSEEK_OCR, "gundam");
    TileGrid grid = new TileGrid(2, 3);
    float[] real = ImageTokenLayout.assemble(new float[256], 256, new float[600], 100, grid,
        new float[1], new float[1], 1);
    assertEquals(gundam.imageTokens(grid), real.length);
  }

  @Test
  void v2PutsTilesThenGlobalThenSeparatorWithoutNewlines() {
    float[] tiles = {100, 101, 200, 201};
    float[] out = ImageTokenLayout.assemble(iota(3, 0), 3, tiles, 2, new TileGrid(1, 2), null, new float[] {-2}, 1);
    assertEquals(java.util.Arrays.toString(new float[] {100, 101, 200, 201, 0, 1, 2, -2}),
        java.util.Arrays.toString(out));
  }

  @Test
  void untiledIsGlobalAndSeparatorOnly() {
    float[] out = ImageTokenLayout.assemble(iota(4, 0), 4, new float[0], 0, TileGrid.NONE, new float[] {-1},
        new float[] {-2}, 1);
    assertEquals(java.util.Arrays.toString(new float[] {0, 1, -1, 2, 3, -1, -2}), java.util.Arrays.toString(out));
  }
}
