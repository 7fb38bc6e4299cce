package org.groundedocr.deepseek.preprocess;

import java.util.Arrays;
import java.util.Objects;

/**
 * Pillow's {@code Image.resize(size, Image.BICUBIC)} (the default filter, {@code reducing_gap=None},
 * whole-image box) for RGB images, reproduced byte for byte.
 *
 * <p><b>Why hand-written.</b> DeepSeek-OCR was trained and is evaluated on images resized by Pillow,
 * and the model is sensitive to small preprocessing differences (llama.cpp had to fix its resize to
 * reach parity, PR #23345). Java's scalers (AWT {@code AffineTransformOp}/{@code getScaledInstance},
 * imgscalr, Thumbnailator) use other kernels, do not widen the kernel when down-sampling, or round
 * differently, so none of them gives Pillow's bytes. This class is a port of
 * {@code src/libImaging/Resample.c} (Pillow 12.3.0, {@code precompute_coeffs},
 * {@code normalize_coeffs_8bpc}, {@code ImagingResampleInner}) and of the tall-image rule of
 * {@code Image.resize} (Pillow &ge; 12.2):
 *
 * <ul>
 *   <li>separable two-pass resampling, horizontal pass first, then vertical; a pass is skipped
 *       when its dimension does not change;
 *   <li>for images more than 100 times taller than wide that shrink vertically, Pillow runs the
 *       vertical pass first (to keep the intermediate image small);
 *   <li>bicubic kernel with a = -0.5 and support 2, widened by the scale factor when
 *       down-sampling (antialiasing), evaluated in IEEE double precision in the same operation
 *       order as the C code (Java never contracts to FMA, like x86-64 builds of Pillow);
 *   <li>per output pixel the coefficients are normalised to sum 1, then converted to fixed point
 *       with 22 fractional bits ({@code PRECISION_BITS = 32 - 8 - 2}) rounding half away from
 *       zero; each pass accumulates in 32-bit integers starting from half a unit and clips the
 *       result to [0, 255] ({@code clip8}), so the intermediate image is 8-bit like Pillow's.
 * </ul>
 *
 * <p>Pinned by {@code PillowResamplerTest} against digests of Pillow's output for up- and
 * down-scaling of many sizes.
 */
public final class PillowResampler {

  private static final int PRECISION_BITS = 32 - 8 - 2;
  private static final double BICUBIC_SUPPORT = 2.0;

  private PillowResampler() {}

  /** {@code image.resize((width, height))} of Pillow with its default BICUBIC filter. */
  public static RgbImage resize(RgbImage image, int width, int height) {
    Objects.requireNonNull(image, "image");
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException("target size must be positive, got " + width + "x" + height);
    }
    int inW = image.width();
    int inH = image.height();
    if (inW == width && inH == height) {
      return new RgbImage(width, height, image.pixels().clone());
    }
    // Image.resize: "if self.size[1] > self.size[0] * 100 and size[1] < self.size[1]" resizes
    // vertically first (two calls of the core resize, each doing only one pass).
    if ((long) inH > (long) inW * 100 && height < inH) {
      byte[] tall = vertical(image.pixels(), inW, inH, height);
      byte[] out = width == inW ? tall : horizontal(tall, inW, height, width);
      return new RgbImage(width, height, out);
    }
    byte[] px = image.pixels();
    if (width != inW) {
      px = horizontal(px, inW, inH, width);
    }
    if (height != inH) {
      px = vertical(px, width, inH, height);
    }
    return new RgbImage(width, height, px == image.pixels() ? px.clone() : px);
  }

  /** Resamples every row of a {@code inW x rows} image to {@code outW} pixels. */
  private static byte[] horizontal(byte[] in, int inW, int rows, int outW) {
    Kernel k = Kernel.bicubic(inW, outW);
    byte[] out = new byte[outW * rows * 3];
    int half = 1 << (PRECISION_BITS - 1);
    for (int y = 0; y < rows; y++) {
      int rowIn = y * inW * 3;
      int o = y * outW * 3;
      for (int xx = 0; xx < outW; xx++) {
        int min = k.bounds[xx * 2];
        int n = k.bounds[xx * 2 + 1];
        int kOff = xx * k.size;
        int s0 = half;
        int s1 = half;
        int s2 = half;
        int p = rowIn + min * 3;
        for (int x = 0; x < n; x++, p += 3) {
          int c = k.coeffs[kOff + x];
          s0 += (in[p] & 0xFF) * c;
          s1 += (in[p + 1] & 0xFF) * c;
          s2 += (in[p + 2] & 0xFF) * c;
        }
        out[o++] = clip8(s0);
        out[o++] = clip8(s1);
        out[o++] = clip8(s2);
      }
    }
    return out;
  }

  /**
   * Resamples every column of a {@code w x inH} image to {@code outH} pixels. Accumulates whole
   * rows tap by tap (sequential memory, vectorisable); integer sums do not depend on the order.
   */
  private static byte[] vertical(byte[] in, int w, int inH, int outH) {
    Kernel k = Kernel.bicubic(inH, outH);
    int stride = w * 3;
    byte[] out = new byte[stride * outH];
    int[] acc = new int[stride];
    int half = 1 << (PRECISION_BITS - 1);
    for (int yy = 0; yy < outH; yy++) {
      int min = k.bounds[yy * 2];
      int n = k.bounds[yy * 2 + 1];
      int kOff = yy * k.size;
      Arrays.fill(acc, half);
      for (int y = 0; y < n; y++) {
        int c = k.coeffs[kOff + y];
        int row = (min + y) * stride;
        for (int xx = 0; xx < stride; xx++) {
          acc[xx] += (in[row + xx] & 0xFF) * c;
        }
      }
      int o = yy * stride;
      for (int xx = 0; xx < stride; xx++) {
        out[o + xx] = clip8(acc[xx]);
      }
    }
    return out;
  }

  /** Pillow's {@code clip8}: drop the fraction bits (arithmetic shift) and clamp to a byte. */
  private static byte clip8(int sum) {
    int v = sum >> PRECISION_BITS;
    return (byte) (v < 0 ? 0 : Math.min(v, 255));
  }

  /** Pillow's bicubic filter, {@code a = -0.5}. */
  private static double bicubic(double x) {
    final double a = -0.5;
    if (x < 0.0) {
      x = -x;
    }
    if (x < 1.0) {
      return ((a + 2.0) * x - (a + 3.0)) * x * x + 1;
    }
    if (x < 2.0) {
      return (((x - 5) * x + 8) * x - 4) * a;
    }
    return 0.0;
  }

  /**
   * Per output pixel: the first input pixel ({@code bounds[2i]}), the number of input pixels
   * ({@code bounds[2i+1]}) and {@code size} fixed-point coefficients starting at {@code i * size}.
   */
  private record Kernel(int size, int[] bounds, int[] coeffs) {

    /** {@code precompute_coeffs} + {@code normalize_coeffs_8bpc} for the box (0, inSize). */
    static Kernel bicubic(int inSize, int outSize) {
      // (double)(in1 - in0) / outSize with float box edges: exact for any int size below 2^24
      double scale = (double) ((float) inSize - 0f) / outSize;
      double filterscale = scale < 1.0 ? 1.0 : scale;
      double support = BICUBIC_SUPPORT * filterscale;
      int ksize = (int) Math.ceil(support) * 2 + 1;
      if ((long) outSize * ksize > Integer.MAX_VALUE / 8) {
        throw new IllegalArgumentException("resampling " + inSize + " to " + outSize + " pixels is too large");
      }
      int[] bounds = new int[outSize * 2];
      int[] coeffs = new int[outSize * ksize];
      double[] k = new double[ksize];
      double invFilterscale = 1.0 / filterscale;
      for (int xx = 0; xx < outSize; xx++) {
        double center = 0f + (xx + 0.5) * scale;
        double ww = 0.0;
        int xmin = (int) (center - support + 0.5);
        if (xmin < 0) {
          xmin = 0;
        }
        int xmax = (int) (center + support + 0.5);
        if (xmax > inSize) {
          xmax = inSize;
        }
        xmax -= xmin;
        for (int x = 0; x < xmax; x++) {
          double w = PillowResampler.bicubic((x + xmin - center + 0.5) * invFilterscale);
          k[x] = w;
          ww += w;
        }
        if (ww != 0.0) {
          for (int x = 0; x < xmax; x++) {
            k[x] /= ww;
          }
        }
        int base = xx * ksize;
        for (int x = 0; x < xmax; x++) {
          double v = k[x];
          coeffs[base + x] = v < 0
              ? (int) (-0.5 + v * (1 << PRECISION_BITS))
              : (int) (0.5 + v * (1 << PRECISION_BITS));
        }
        bounds[xx * 2] = xmin;
        bounds[xx * 2 + 1] = xmax;
      }
      return new Kernel(ksize, bounds, coeffs);
    }
  }
}
