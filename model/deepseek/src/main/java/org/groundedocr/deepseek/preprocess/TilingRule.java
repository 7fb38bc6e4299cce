package org.groundedocr.deepseek.preprocess;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * DeepSeek-OCR's choice of a tile grid ({@code dynamic_preprocess} / {@code find_closest_aspect_ratio}
 * in {@code process/image_process.py} of both DeepSeek-OCR repositories), reproduced exactly,
 * tie-break included.
 *
 * <p>The reference builds the candidate grids {@code (i, j)} with {@code minTiles <= i*j <= maxTiles}
 * as a Python {@code set}, sorts them stably by {@code i*j}, and walks them keeping the grid whose
 * aspect ratio {@code i/j} is closest to the image's; on an <em>exactly</em> equal distance it
 * switches to the later grid if the image has more than half the pixels that grid covers
 * ({@code W*H > 0.5 * tile * tile * i * j}). Because equal-area grids can tie (e.g. 1x2 and 2x1
 * for a 1.25 aspect with at most 3 tiles), the order inside one area matters, and that order is
 * CPython's set iteration order. {@link #candidates} therefore replays CPython 3.8+'s tuple hash
 * and set insertion (open addressing, 9 linear probes, perturbation, resize at 3/5 fill) rather
 * than hard-coding a table; {@code TilingRuleTest} pins it against CPython for min 1..4, max up
 * to 30.
 */
public final class TilingRule {

  private TilingRule() {}

  /**
   * The grid {@code dynamic_preprocess(image, min_num=minTiles, max_num=maxTiles,
   * image_size=tileSize)} chooses for a {@code width x height} image. The caller decides whether
   * to tile at all (the reference skips tiling for small images).
   */
  public static TileGrid choose(int width, int height, int tileSize, int minTiles, int maxTiles) {
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException("image size must be positive, got " + width + "x" + height);
    }
    if (tileSize <= 0) {
      throw new IllegalArgumentException("tileSize must be positive, got " + tileSize);
    }
    double aspect = (double) width / height;
    double area = (double) width * height;
    double bestDiff = Double.POSITIVE_INFINITY;
    TileGrid best = TileGrid.NONE;
    for (TileGrid g : candidates(minTiles, maxTiles)) {
      double diff = Math.abs(aspect - (double) g.columns() / g.rows());
      if (diff < bestDiff) {
        bestDiff = diff;
        best = g;
      } else if (diff == bestDiff && area > 0.5 * tileSize * tileSize * g.columns() * g.rows()) {
        best = g;
      }
    }
    return best;
  }

  /**
   * The candidate grids in the reference's order:
   * {@code sorted(set((i, j) for n in range(min, max + 1) for i in range(1, n + 1)
   * for j in range(1, n + 1) if min <= i * j <= max), key=lambda x: x[0] * x[1])}.
   */
  public static List<TileGrid> candidates(int minTiles, int maxTiles) {
    if (minTiles < 1) {
      throw new IllegalArgumentException("minTiles must be >= 1, got " + minTiles);
    }
    if (maxTiles < minTiles) {
      throw new IllegalArgumentException("maxTiles (" + maxTiles + ") must be >= minTiles (" + minTiles + ")");
    }
    if (maxTiles > 1024) {
      throw new IllegalArgumentException("maxTiles must be <= 1024, got " + maxTiles);
    }
    PythonSet set = new PythonSet();
    for (int n = minTiles; n <= maxTiles; n++) {
      for (int i = 1; i <= n; i++) {
        for (int j = 1; j <= n; j++) {
          if (i * j <= maxTiles && i * j >= minTiles) {
            set.add(i, j);
          }
        }
      }
    }
    List<TileGrid> grids = set.inIterationOrder();
    grids.sort(Comparator.comparingInt(g -> g.columns() * g.rows())); // List.sort is stable
    return grids;
  }

  /** Just enough of CPython's set of {@code (int, int)} tuples to reproduce its iteration order. */
  private static final class PythonSet {
    private static final int LINEAR_PROBES = 9;
    private static final int PERTURB_SHIFT = 5;

    private long[] hashes = new long[8];
    private int[][] keys = new int[8][];
    private int fill;

    void add(int a, int b) {
      long hash = tupleHash(a, b);
      int mask = keys.length - 1;
      long perturb = hash;
      int i = (int) (hash & mask);
      while (true) {
        int probes = i + LINEAR_PROBES <= mask ? LINEAR_PROBES : 0;
        int idx = i;
        while (true) {
          int[] k = keys[idx];
          if (k == null) {
            keys[idx] = new int[] {a, b};
            hashes[idx] = hash;
            fill++;
            if ((long) fill * 5 >= (long) mask * 3) {
              resize(fill > 50000 ? fill * 2 : fill * 4);
            }
            return;
          }
          if (hashes[idx] == hash && k[0] == a && k[1] == b) {
            return;
          }
          if (probes-- == 0) {
            break;
          }
          idx++;
        }
        perturb >>>= PERTURB_SHIFT;
        i = (int) ((i * 5L + 1 + perturb) & mask);
      }
    }

    private void resize(int minUsed) {
      int size = 8;
      while (size <= minUsed) {
        size <<= 1;
      }
      long[] oldHashes = hashes;
      int[][] oldKeys = keys;
      hashes = new long[size];
      keys = new int[size][];
      int mask = size - 1;
      for (int e = 0; e < oldKeys.length; e++) {
        if (oldKeys[e] != null) {
          insertClean(oldKeys[e], oldHashes[e], mask);
        }
      }
    }

    private void insertClean(int[] key, long hash, int mask) {
      long perturb = hash;
      int i = (int) (hash & mask);
      while (true) {
        if (keys[i] == null) {
          keys[i] = key;
          hashes[i] = hash;
          return;
        }
        if (i + LINEAR_PROBES <= mask) {
          for (int j = 1; j <= LINEAR_PROBES; j++) {
            if (keys[i + j] == null) {
              keys[i + j] = key;
              hashes[i + j] = hash;
              return;
            }
          }
        }
        perturb >>>= PERTURB_SHIFT;
        i = (int) ((i * 5L + 1 + perturb) & mask);
      }
    }

    List<TileGrid> inIterationOrder() {
      List<TileGrid> out = new ArrayList<>(fill);
      for (int[] k : keys) {
        if (k != null) {
          out.add(new TileGrid(k[0], k[1]));
        }
      }
      return out;
    }

    /** CPython's {@code tuplehash} (xxHash-based, Python 3.8+) of a pair of small non-negative ints. */
    static long tupleHash(int a, int b) {
      final long prime1 = 0x9E3779B185EBCA87L; // 11400714785074694791
      final long prime2 = 0xC2B2AE3D27D4EB4FL; // 14029467366897019727
      final long prime5 = 0x27D4EB2F165667C5L; // 2870177450012600261
      long acc = prime5;
      for (long lane : new long[] {a, b}) {
        acc += lane * prime2;
        acc = Long.rotateLeft(acc, 31);
        acc *= prime1;
      }
      acc += 2L ^ (prime5 ^ 3527539L);
      return acc == -1L ? 1546275796L : acc;
    }
  }
}
