package org.groundedocr.deepseek.preprocess;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.imageio.ImageIO;

/**
 * The Python reference's fixtures in {@code src/test/resources/deepseek/preprocess/} (written by
 * {@code model/export/make_preprocess_fixtures.py}; see the README there).
 */
final class PreprocessFixtures {

  static final String ROOT = "/deepseek/preprocess/";
  private static final Map<String, RgbImage> IMAGES = new ConcurrentHashMap<>();
  private static volatile JsonNode index;

  private PreprocessFixtures() {}

  static JsonNode index() {
    if (index == null) {
      try (InputStream in = open("fixtures.json")) {
        index = new ObjectMapper().readTree(in);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return index;
  }

  static InputStream open(String file) {
    InputStream in = PreprocessFixtures.class.getResourceAsStream(ROOT + file);
    if (in == null) {
      throw new IllegalStateException("missing fixture " + ROOT + file
          + " (run model/export/make_preprocess_fixtures.py)");
    }
    return in;
  }

  /** A fixture PNG converted as Pillow's {@code convert("RGB")}. */
  static RgbImage png(String file) {
    return IMAGES.computeIfAbsent(file, f -> {
      try (InputStream in = open(f)) {
        return RgbImage.from(ImageIO.read(in));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  /** An input image by its fixture name ({@code 1280x1024}, {@code noise_97x61}). */
  static RgbImage image(String name) {
    return png("images/" + name + ".png");
  }

  static String sha256(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** SHA-256 of {@code length} floats from {@code offset} as little-endian float32, numpy's {@code <f4}. */
  static String sha256(float[] values, int offset, int length) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
      for (int i = offset, end = offset + length; i < end; ) {
        int n = Math.min(end - i, buf.capacity() / 4);
        buf.clear();
        buf.asFloatBuffer().put(values, i, n);
        md.update(buf.array(), 0, n * 4);
        i += n;
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
