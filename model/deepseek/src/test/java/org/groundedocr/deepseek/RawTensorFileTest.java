package org.groundedocr.deepseek;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RawTensorFileTest {

  @TempDir Path dir;

  @Test
  void readsFloat32Float16AndBfloat16Rows() throws IOException {
    float[] values = {1f, -2.5f, 0.1f, 65504f, 6.1035156e-5f, 0f};
    ByteBuffer f32 = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    ByteBuffer bf16 = ByteBuffer.allocate(values.length * 2).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : values) {
      f32.putFloat(v);
      bf16.putShort((short) (Float.floatToIntBits(v) >>> 16));
    }
    // float16 bit patterns of the same values (0.1 rounds to 0x2E66)
    short[] halves = {0x3C00, (short) 0xC100, 0x2E66, 0x7BFF, 0x0400, 0x0000};
    ByteBuffer f16 = ByteBuffer.allocate(values.length * 2).order(ByteOrder.LITTLE_ENDIAN);
    for (short h : halves) {
      f16.putShort(h);
    }
    Files.write(dir.resolve("a.f32"), f32.array());
    Files.write(dir.resolve("a.f16"), f16.array());
    Files.write(dir.resolve("a.bf16"), bf16.array());

    RawTensorFile t32 = RawTensorFile.map(dir.resolve("a.f32"), 2, 3, RawTensorFile.DType.FLOAT32);
    assertArrayEquals(new float[] {65504f, 6.1035156e-5f, 0f}, t32.row(1));
    RawTensorFile t16 = RawTensorFile.map(dir.resolve("a.f16"), 3, 2, RawTensorFile.DType.FLOAT16);
    assertArrayEquals(new float[] {1f, -2.5f}, t16.row(0));
    assertEquals(0.099975586f, t16.row(1)[0]);
    assertArrayEquals(new float[] {6.1035156e-5f, 0f}, t16.row(2));
    RawTensorFile tb = RawTensorFile.map(dir.resolve("a.bf16"), 1, 6, RawTensorFile.DType.BFLOAT16);
    assertEquals(-2.5f, tb.row(0)[1]);
    assertEquals(Float.intBitsToFloat(Float.floatToIntBits(0.1f) & 0xFFFF0000), tb.row(0)[2]);
  }

  @Test
  void halfSubnormalsAndSpecials() {
    assertEquals(5.9604645e-8f, RawTensorFile.halfToFloat((short) 0x0001));
    assertEquals(Float.NEGATIVE_INFINITY, RawTensorFile.halfToFloat((short) 0xFC00));
    assertEquals(-0f, RawTensorFile.halfToFloat((short) 0x8000));
  }

  @Test
  void aFileOfTheWrongSizeFailsNamingTheShape() throws IOException {
    Files.write(dir.resolve("short.bin"), new byte[10]);
    IOException e = assertThrows(IOException.class,
        () -> RawTensorFile.map(dir.resolve("short.bin"), 2, 3, RawTensorFile.DType.FLOAT32));
    assertEquals(true, e.getMessage().contains("2x3 float32"), e.getMessage());
    assertThrows(IndexOutOfBoundsException.class, () -> {
      Files.write(dir.resolve("ok.bin"), new byte[24]);
      RawTensorFile.map(dir.resolve("ok.bin"), 2, 3, RawTensorFile.DType.FLOAT32).row(2);
    });
  }
}
