package org.groundedocr.deepseek;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * A raw little-endian matrix (rows x cols of float32, float16 or bfloat16) memory-mapped read-only:
 * the token-embedding table (129,280 x 1,280 for the real model) and the newline / separator vectors.
 * Mapping keeps the table out of the Java heap and shares its pages between engine instances;
 * reads are thread-safe (absolute gets on per-chunk buffers that are never repositioned).
 */
public final class RawTensorFile {

  /** Element types of the file. */
  public enum DType {
    FLOAT32(4),
    FLOAT16(2),
    BFLOAT16(2);

    final int bytes;

    DType(int bytes) {
      this.bytes = bytes;
    }

    public static DType parse(String name) {
      return switch (name.toLowerCase(Locale.ROOT)) {
        case "float32", "fp32" -> FLOAT32;
        case "float16", "fp16" -> FLOAT16;
        case "bfloat16", "bf16" -> BFLOAT16;
        default -> throw new IllegalArgumentException("unsupported dtype '" + name + "' (float32, float16, bfloat16)");
      };
    }
  }

  // one mapping per chunk of whole rows, each below 2 GiB (the limit of a MappedByteBuffer)
  private static final long CHUNK_LIMIT = 1L << 30;

  private final int rows;
  private final int cols;
  private final DType dtype;
  private final int rowsPerChunk;
  private final MappedByteBuffer[] chunks;

  private RawTensorFile(int rows, int cols, DType dtype, int rowsPerChunk, MappedByteBuffer[] chunks) {
    this.rows = rows;
    this.cols = cols;
    this.dtype = dtype;
    this.rowsPerChunk = rowsPerChunk;
    this.chunks = chunks;
  }

  public static RawTensorFile map(Path file, int rows, int cols, DType dtype) throws IOException {
    long rowBytes = (long) cols * dtype.bytes;
    long expected = rowBytes * rows;
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      if (ch.size() != expected) {
        throw new IOException(file + " has " + ch.size() + " bytes, expected " + expected + " (" + rows + "x"
            + cols + " " + dtype.name().toLowerCase(Locale.ROOT) + ")");
      }
      int perChunk = (int) Math.max(1, Math.min(rows, CHUNK_LIMIT / rowBytes));
      int n = (rows + perChunk - 1) / perChunk;
      MappedByteBuffer[] chunks = new MappedByteBuffer[n];
      for (int i = 0; i < n; i++) {
        long start = (long) i * perChunk * rowBytes;
        long len = Math.min((long) perChunk * rowBytes, expected - start);
        chunks[i] = ch.map(FileChannel.MapMode.READ_ONLY, start, len);
        chunks[i].order(ByteOrder.LITTLE_ENDIAN);
      }
      return new RawTensorFile(rows, cols, dtype, perChunk, chunks);
    }
  }

  public int rows() {
    return rows;
  }

  public int cols() {
    return cols;
  }

  /** Copies row {@code row} as float32 into {@code dst[offset .. offset + cols)}. */
  public void copyRow(int row, float[] dst, int offset) {
    if (row < 0 || row >= rows) {
      throw new IndexOutOfBoundsException("row " + row + " of " + rows);
    }
    MappedByteBuffer b = chunks[row / rowsPerChunk];
    int base = (row % rowsPerChunk) * cols * dtype.bytes;
    switch (dtype) {
      case FLOAT32 -> {
        for (int c = 0; c < cols; c++) {
          dst[offset + c] = b.getFloat(base + 4 * c);
        }
      }
      case FLOAT16 -> {
        for (int c = 0; c < cols; c++) {
          dst[offset + c] = halfToFloat(b.getShort(base + 2 * c));
        }
      }
      case BFLOAT16 -> {
        for (int c = 0; c < cols; c++) {
          dst[offset + c] = Float.intBitsToFloat((b.getShort(base + 2 * c) & 0xFFFF) << 16);
        }
      }
    }
  }

  public float[] row(int row) {
    float[] out = new float[cols];
    copyRow(row, out, 0);
    return out;
  }

  /** IEEE 754 binary16 to float (Java 17 has no Float.float16ToFloat). */
  static float halfToFloat(short half) {
    int h = half & 0xFFFF;
    int sign = (h & 0x8000) << 16;
    int exp = (h >>> 10) & 0x1F;
    int mant = h & 0x3FF;
    if (exp == 0x1F) {
      return Float.intBitsToFloat(sign | 0x7F800000 | (mant << 13));
    }
    if (exp == 0) {
      if (mant == 0) {
        return Float.intBitsToFloat(sign);
      }
      // subnormal: value = mant * 2^-24
      float v = mant * 0x1p-24f;
      return sign != 0 ? -v : v;
    }
    return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
  }
}
