package org.groundedocr.deepseek.preprocess;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Turns an image into DeepSeek-OCR's views exactly as the reference does
 * ({@code DeepseekOCRProcessor.tokenize_with_images} in {@code process/image_process.py} of both
 * official repositories; spec §1 and §7):
 *
 * <ol>
 *   <li>tiles, in crop mode and unless both sides are at most the threshold (640 / 768):
 *       the grid from {@link TilingRule} with the spec's min/max tiles, the whole image resized
 *       (aspect not preserved) to {@code tile*columns x tile*rows} with Pillow's BICUBIC, cut
 *       row-major into {@code tile x tile} crops;
 *   <li>global view: Tiny/Small first stretch the image to {@code tile x tile}; then
 *       {@code ImageOps.pad} to {@code global x global} with fill (127, 127, 127), which also
 *       up-scales small images;
 *   <li>tensors: {@code ToTensor} then {@code Normalize(0.5, 0.5)}, i.e. per byte
 *       {@code (v / 255f - 0.5f) / 0.5f} in float32, in that operation order.
 * </ol>
 *
 * <p>Thread-safe and immutable: one builder per configured mode serves all callers.
 */
public final class ViewBuilder {

  /** Padding colour {@code tuple(int(x * 255) for x in mean)} with mean 0.5. */
  public static final int PAD_VALUE = 127;

  /** float32 tensor value of every byte value, computed as torchvision computes it. */
  private static final float[] NORMALISED = new float[256];

  static {
    for (int v = 0; v < 256; v++) {
      NORMALISED[v] = ((float) v / 255f - 0.5f) / 0.5f;
    }
  }

  private final ViewSpec spec;

  public ViewBuilder(ViewSpec spec) {
    this.spec = Objects.requireNonNull(spec, "spec");
  }

  public ViewSpec spec() {
    return spec;
  }

  /** The views and tensors of {@code image}, converted as Pillow's {@code convert("RGB")} would. */
  public PreparedImage prepare(BufferedImage image) {
    return prepare(RgbImage.from(image));
  }

  /** The views and tensors of {@code image}. */
  public PreparedImage prepare(RgbImage image) {
    return prepare(views(image), image.width(), image.height());
  }

  /** Tensors of views already built by {@link #views} for a {@code width x height} image. */
  PreparedImage prepare(ImageViews views, int width, int height) {
    float[] global = toTensor(List.of(views.global()));
    float[] tiles = toTensor(views.tiles());
    return new PreparedImage(spec, width, height, views.grid(), global, tiles);
  }

  /** The 8-bit views of {@code image} (what {@link #prepare} normalises). */
  public ImageViews views(RgbImage image) {
    Objects.requireNonNull(image, "image");
    TileGrid grid = tileGrid(image.width(), image.height());
    List<RgbImage> tiles = new ArrayList<>(grid.tileCount());
    if (grid.isTiled()) {
      int t = spec.tileSize();
      RgbImage big = PillowResampler.resize(image, t * grid.columns(), t * grid.rows());
      for (int k = 0; k < grid.tileCount(); k++) {
        tiles.add(big.crop((k % grid.columns()) * t, (k / grid.columns()) * t, t, t));
      }
    }
    RgbImage source = image;
    if (spec.stretchesGlobalView()) {
      source = PillowResampler.resize(image, spec.tileSize(), spec.tileSize());
    }
    RgbImage global = PillowImageOps.pad(
        source, spec.globalSize(), spec.globalSize(), PAD_VALUE, PAD_VALUE, PAD_VALUE);
    return new ImageViews(grid, global, tiles);
  }

  /** The tile grid of a {@code width x height} image under this builder's spec. */
  public TileGrid tileGrid(int width, int height) {
    int threshold = spec.tilingThreshold();
    if (!spec.cropMode() || (width <= threshold && height <= threshold)) {
      return TileGrid.NONE;
    }
    return TilingRule.choose(width, height, spec.tileSize(), spec.minTiles(), spec.maxTiles());
  }

  /** {@code ToTensor + Normalize(0.5, 0.5)} of one byte value, as a float32. */
  public static float normalise(int byteValue) {
    return NORMALISED[byteValue & 0xFF];
  }

  /** Normalised {@code [n, 3, H, W]} tensor of equally sized images, channel-major per image. */
  public static float[] toTensor(List<RgbImage> images) {
    if (images.isEmpty()) {
      return new float[0];
    }
    int w = images.get(0).width();
    int h = images.get(0).height();
    int plane = w * h;
    float[] out = new float[Math.multiplyExact(images.size(), 3 * plane)];
    for (int n = 0; n < images.size(); n++) {
      RgbImage img = images.get(n);
      if (img.width() != w || img.height() != h) {
        throw new IllegalArgumentException("images of one tensor must have one size");
      }
      byte[] px = img.pixels();
      int base = n * 3 * plane;
      for (int p = 0, i = 0; p < plane; p++) {
        out[base + p] = NORMALISED[px[i++] & 0xFF];
        out[base + plane + p] = NORMALISED[px[i++] & 0xFF];
        out[base + 2 * plane + p] = NORMALISED[px[i++] & 0xFF];
      }
    }
    return out;
  }
}
