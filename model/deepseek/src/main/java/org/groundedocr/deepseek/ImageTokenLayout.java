package org.groundedocr.deepseek;

import org.groundedocr.deepseek.preprocess.TileGrid;
import org.groundedocr.deepseek.tokenizer.DeepSeekTokenizer;

/**
 * Orders the vision tokens of one image the way the reference fills its {@code <image>} placeholders
 * (spec §2.3, §7.2): tiles first, then the global view, then the view separator.
 *
 * <ul>
 *   <li>DeepSeek-OCR: the tiles' {@code t x t} token grids are stitched into one
 *       {@code (rows*t) x (cols*t)} mosaic with an {@code image_newline} after each mosaic row; the
 *       global {@code q x q} grid likewise gets a newline after each row.
 *   <li>DeepSeek-OCR 2: each tile's tokens in turn (row-major tile order), then the global tokens; no
 *       newlines.
 * </ul>
 */
final class ImageTokenLayout {

  private ImageTokenLayout() {}

  /**
   * @param global {@code [globalTokens, hidden]}
   * @param tiles {@code [grid.tileCount(), tileTokens, hidden]} (empty when not tiled)
   * @param newline the newline vector, or {@code null} for a family without one
   * @return the placeholder embeddings {@code [n, hidden]}, n as {@code ViewSpec.imageTokens}
   */
  static float[] assemble(
      float[] global, int globalTokens, float[] tiles, int tileTokens, TileGrid grid, float[] newline,
      float[] separator, int hidden) {
    boolean withNewlines = newline != null;
    int tileSide = withNewlines ? side(tileTokens) : 0;
    int globalSide = withNewlines ? side(globalTokens) : 0;
    int tileRows = 0;
    if (grid.isTiled()) {
      tileRows = withNewlines
          ? grid.rows() * tileSide * (grid.columns() * tileSide + 1)
          : grid.tileCount() * tileTokens;
    }
    int globalRows = withNewlines ? globalSide * (globalSide + 1) : globalTokens;
    float[] out = new float[(tileRows + globalRows + 1) * hidden];
    int row = 0;
    if (grid.isTiled()) {
      if (withNewlines) {
        int cols = grid.columns();
        for (int r = 0; r < grid.rows() * tileSide; r++) {
          int tileRow = r / tileSide;
          int inner = r % tileSide;
          for (int c = 0; c < cols * tileSide; c++) {
            int tile = tileRow * cols + c / tileSide;
            int token = inner * tileSide + c % tileSide;
            System.arraycopy(tiles, (tile * tileTokens + token) * hidden, out, row++ * hidden, hidden);
          }
          System.arraycopy(newline, 0, out, row++ * hidden, hidden);
        }
      } else {
        System.arraycopy(tiles, 0, out, 0, tileRows * hidden);
        row = tileRows;
      }
    }
    if (withNewlines) {
      for (int r = 0; r < globalSide; r++) {
        System.arraycopy(global, r * globalSide * hidden, out, row * hidden, globalSide * hidden);
        row += globalSide;
        System.arraycopy(newline, 0, out, row++ * hidden, hidden);
      }
    } else {
      System.arraycopy(global, 0, out, row * hidden, globalTokens * hidden);
      row += globalTokens;
    }
    System.arraycopy(separator, 0, out, row * hidden, hidden);
    return out;
  }

  private static int side(int tokens) {
    int s = (int) Math.round(Math.sqrt(tokens));
    if (s * s != tokens) {
      throw new IllegalArgumentException(tokens + " vision tokens are not a square grid");
    }
    return s;
  }

  /** The prompt's token ids before and after its {@code <image>} placeholder. */
  record PromptText(int[] before, int[] after) {}

  /** Splits {@code prompt} at its one {@code <image>} and tokenises both sides (spec §2.4). */
  static PromptText promptText(String prompt, DeepSeekTokenizer tokenizer) {
    int at = prompt.indexOf("<image>");
    if (at < 0 || prompt.indexOf("<image>", at + 1) >= 0) {
      throw new IllegalArgumentException("the prompt must contain <image> exactly once: " + prompt);
    }
    return new PromptText(tokenizer.encode(prompt.substring(0, at)),
        tokenizer.encode(prompt.substring(at + "<image>".length())));
  }

  /**
   * The prompt's input embeddings, {@code [BOS] + textBefore + image + textAfter} (spec §2.4): token
   * rows from {@code table}, the image positions filled with the vision output {@code image}.
   */
  static float[] promptEmbeddings(RawTensorFile table, int bos, int[] textBefore, float[] image,
      int[] textAfter, int hidden) {
    int length = 1 + textBefore.length + image.length / hidden + textAfter.length;
    float[] e = new float[length * hidden];
    int pos = 0;
    table.copyRow(bos, e, pos++ * hidden);
    for (int id : textBefore) {
      table.copyRow(id, e, pos++ * hidden);
    }
    System.arraycopy(image, 0, e, pos * hidden, image.length);
    pos += image.length / hidden;
    for (int id : textAfter) {
      table.copyRow(id, e, pos++ * hidden);
    }
    return e;
  }
}
