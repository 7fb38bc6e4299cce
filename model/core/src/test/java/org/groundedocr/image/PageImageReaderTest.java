package org.groundedocr.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Iterator;
import java.util.zip.CRC32;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PageImageReaderTest {

  // ---- formats scanners produce -------------------------------------------------------------

  @Test
  void readsPngAndFlattensAlphaOnWhite() throws Exception {
    BufferedImage argb = new BufferedImage(40, 30, BufferedImage.TYPE_INT_ARGB);
    Graphics2D g = argb.createGraphics();
    g.setColor(Color.BLACK);
    g.fillRect(0, 0, 10, 10); // opaque black; the rest stays fully transparent
    g.dispose();
    BufferedImage page = readOnly(encode(argb, "png"), "alpha.png");
    assertEquals(40, page.getWidth());
    assertEquals(30, page.getHeight());
    assertFalse(page.getColorModel().hasAlpha());
    assertEquals(0x000000, page.getRGB(5, 5) & 0xFFFFFF);
    assertEquals(0xFFFFFF, page.getRGB(30, 20) & 0xFFFFFF, "transparent pixels become paper white");
  }

  @Test
  void readsEveryPageOfAMultiPageTiffOneAtATime(@TempDir Path dir) throws Exception {
    Path tiff = dir.resolve("three.tif");
    Files.write(tiff, multiPageTiff(greyPage(0x20), greyPage(0x80), greyPage(0xE0)));
    try (PageImageReader pages = PageImageReader.open(tiff)) {
      assertEquals(ImageFormat.TIFF, pages.format());
      assertEquals(3, pages.pageCount());
      // any order: random access into the file
      assertEquals(0xE0, pages.read(2).getRaster().getSample(5, 5, 0));
      assertEquals(0x20, pages.read(0).getRaster().getSample(5, 5, 0));
      assertEquals(0x80, pages.read(1).getRaster().getSample(5, 5, 0));
      assertThrows(IndexOutOfBoundsException.class, () -> pages.read(3));
    }
  }

  @Test
  void readsOneBitCcittTiffAsGrey() throws Exception {
    BufferedImage bilevel = new BufferedImage(64, 32, BufferedImage.TYPE_BYTE_BINARY);
    Graphics2D g = bilevel.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, 64, 32);
    g.setColor(Color.BLACK);
    g.fillRect(8, 8, 16, 16);
    g.dispose();
    byte[] tiff = tiff(bilevel, "CCITT T.6");
    BufferedImage page = readOnly(tiff, "bilevel.tif");
    assertEquals(BufferedImage.TYPE_BYTE_GRAY, page.getType());
    assertEquals(0, page.getRaster().getSample(10, 10, 0));
    assertEquals(255, page.getRaster().getSample(40, 20, 0));
  }

  @Test
  void readsSixteenBitGreyTiffScaledToEightBits() throws Exception {
    BufferedImage grey16 = new BufferedImage(20, 10, BufferedImage.TYPE_USHORT_GRAY);
    WritableRaster r = grey16.getRaster();
    for (int y = 0; y < 10; y++) {
      for (int x = 0; x < 20; x++) {
        r.setSample(x, y, 0, x < 10 ? 0x8080 : 0xFFFF);
      }
    }
    BufferedImage page = readOnly(tiff(grey16, null), "grey16.tif");
    assertEquals(BufferedImage.TYPE_BYTE_GRAY, page.getType());
    assertEquals(0x80, page.getRaster().getSample(2, 2, 0), "no linear-light darkening");
    assertEquals(0xFF, page.getRaster().getSample(15, 2, 0));
  }

  @Test
  void readsCmykJpegAsRgb() throws Exception {
    // A 4-channel raster plus an Adobe APP14 segment (transform 0) is how Photoshop and
    // prepress scanners store CMYK, with inverted ink values; cyan-only ink must come back cyan.
    WritableRaster cmyk = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, 32, 32, 4, null);
    for (int y = 0; y < 32; y++) {
      for (int x = 0; x < 32; x++) {
        // Adobe CMYK JPEGs hold inverted ink values: 255 = no ink
        cmyk.setPixel(x, y, new int[] {0, 255, 255, 255}); // full cyan, no M/Y/K
      }
    }
    byte[] jpeg = withAdobeSegment(jpegRaster(cmyk));
    BufferedImage page = readOnly(jpeg, "cmyk.jpg");
    int rgb = page.getRGB(16, 16);
    int red = (rgb >> 16) & 0xFF;
    int green = (rgb >> 8) & 0xFF;
    int blue = rgb & 0xFF;
    assertTrue(red < 100 && green > 100 && blue > 150, "cyan expected, got " + Integer.toHexString(rgb));
  }

  @Test
  void appliesExifOrientation() throws Exception {
    // stored landscape 60x40 with a black top-left corner; EXIF 6 = "rotate 90 clockwise to view"
    BufferedImage stored = new BufferedImage(60, 40, BufferedImage.TYPE_3BYTE_BGR);
    Graphics2D g = stored.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, 60, 40);
    g.setColor(Color.BLACK);
    g.fillRect(0, 0, 16, 16);
    g.dispose();
    byte[] jpeg = withExifOrientation(encode(stored, "jpeg"), 6);
    BufferedImage page = readOnly(jpeg, "rotated.jpg");
    assertEquals(40, page.getWidth());
    assertEquals(60, page.getHeight());
    // the stored top-left corner is the viewed top-right corner
    assertTrue(luma(page.getRGB(page.getWidth() - 4, 4)) < 80, "top-right should be black");
    assertTrue(luma(page.getRGB(4, 4)) > 180, "top-left should be white");
  }

  @Test
  void readsBmpAndGif() throws Exception {
    BufferedImage rgb = new BufferedImage(30, 20, BufferedImage.TYPE_3BYTE_BGR);
    Graphics2D g = rgb.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, 30, 20);
    g.setColor(Color.BLACK);
    g.fillRect(0, 0, 5, 5);
    g.dispose();
    for (String format : new String[] {"bmp", "gif"}) {
      try (PageImageReader pages =
          PageImageReader.open(encode(rgb, format), "x." + format, ImageLimits.DEFAULT)) {
        assertEquals(format, pages.format().toString());
        assertEquals(1, pages.pageCount());
        BufferedImage page = pages.read(0);
        assertTrue(PageImages.isNormalised(page), format);
        assertEquals(30, page.getWidth(), format);
        assertTrue(luma(page.getRGB(2, 2)) < 30, format);
        assertTrue(luma(page.getRGB(20, 10)) > 220, format);
      }
    }
  }

  @Test
  void readsFromAStreamAndRemovesItsTemporaryCopy() throws Exception {
    byte[] tiff = multiPageTiff(greyPage(0x10), greyPage(0x90));
    long before = countTempCopies();
    try (PageImageReader pages =
        PageImageReader.open(new ByteArrayInputStream(tiff), "stream.tif", ImageLimits.DEFAULT)) {
      assertEquals(2, pages.pageCount());
      assertEquals(0x90, pages.read(1).getRaster().getSample(1, 1, 0));
    }
    assertEquals(before, countTempCopies());
  }

  // ---- bad input -----------------------------------------------------------------------------

  @Test
  void refusesADecompressionBombFromItsHeaderAlone() {
    byte[] bomb = pngHeaderOnly(50_000, 50_000);
    ImageTooLargeException e =
        assertTimeoutPreemptively(
            Duration.ofSeconds(5),
            () -> assertThrows(ImageTooLargeException.class, () -> readOnly(bomb, "bomb.png")));
    assertEquals(50_000, e.width());
    assertTrue(e.getMessage().contains("bomb.png"), e.getMessage());
    assertTrue(e.getMessage().contains("2500.0 megapixels"), e.getMessage());
    assertTrue(e.getMessage().contains("100.0 megapixels"), e.getMessage());
  }

  @Test
  void pixelLimitIsConfigurable() throws Exception {
    byte[] png = encode(greyPage(0x40), "png"); // 32 x 32 = 1024 pixels
    assertThrows(
        ImageTooLargeException.class,
        () -> {
          try (PageImageReader r = PageImageReader.open(png, "small.png", new ImageLimits(1000))) {
            r.read(0);
          }
        });
    try (PageImageReader r = PageImageReader.open(png, "small.png", new ImageLimits(1024))) {
      assertEquals(32, r.read(0).getWidth());
    }
  }

  @Test
  void emptyFileIsAClearError(@TempDir Path dir) throws Exception {
    Path empty = Files.createFile(dir.resolve("empty.png"));
    ImageDecodingException e =
        assertThrows(ImageDecodingException.class, () -> PageImageReader.open(empty));
    assertTrue(e.getMessage().contains("empty (0 bytes)"), e.getMessage());
    assertThrows(
        ImageDecodingException.class,
        () -> PageImageReader.open(new byte[0], "empty", ImageLimits.DEFAULT));
  }

  @Test
  void missingFileIsAClearError(@TempDir Path dir) {
    ImageDecodingException e =
        assertThrows(
            ImageDecodingException.class, () -> PageImageReader.open(dir.resolve("nope.tif")));
    assertTrue(e.getMessage().contains("no such file"), e.getMessage());
  }

  @Test
  void unsupportedFormatAndPdfAreClearErrors() {
    ImageDecodingException text =
        assertThrows(
            ImageDecodingException.class,
            () -> PageImageReader.open(
                "hello, world".getBytes(StandardCharsets.UTF_8), "notes.txt", ImageLimits.DEFAULT));
    assertTrue(text.getMessage().contains("unsupported image format"), text.getMessage());
    ImageDecodingException pdf =
        assertThrows(
            ImageDecodingException.class,
            () -> PageImageReader.open(
                "%PDF-1.7\n".getBytes(StandardCharsets.US_ASCII), "scan.pdf", ImageLimits.DEFAULT));
    assertTrue(pdf.getMessage().contains("PDF"), pdf.getMessage());
  }

  @Test
  void truncatedFilesAreClearErrorsInEveryFormat() throws Exception {
    BufferedImage noisy = noise(200, 150);
    for (String format : new String[] {"png", "jpeg", "bmp", "gif"}) {
      byte[] whole = encode(noisy, format);
      byte[] cut = Arrays.copyOf(whole, whole.length / 2);
      assertTimeoutPreemptively(
          Duration.ofSeconds(10),
          () -> {
            ImageDecodingException e =
                assertThrows(ImageDecodingException.class, () -> readOnly(cut, "cut." + format),
                    format);
            assertTrue(e.getMessage().contains("cut." + format), e.getMessage());
          });
    }
    byte[] tiff = tiff(noisy, null);
    byte[] cutTiff = Arrays.copyOf(tiff, tiff.length / 2);
    assertThrows(ImageDecodingException.class, () -> readOnly(cutTiff, "cut.tif"));
  }

  @Test
  void corruptDataAfterAValidSignatureIsAClearError() {
    byte[] junk = new byte[4096];
    new java.util.Random(7).nextBytes(junk);
    for (byte[] signature :
        new byte[][] {
          {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'},
          {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF},
          {'I', 'I', 42, 0},
          {'M', 'M', 0, 42},
          {'B', 'M'},
          {'G', 'I', 'F', '8', '9', 'a'},
          {'R', 'I', 'F', 'F', 0, 0, 0, 0, 'W', 'E', 'B', 'P'}
        }) {
      byte[] file = junk.clone();
      System.arraycopy(signature, 0, file, 0, signature.length);
      assertTimeoutPreemptively(
          Duration.ofSeconds(10),
          () -> assertThrows(ImageDecodingException.class, () -> readOnly(file, "corrupt"),
              new String(signature, StandardCharsets.ISO_8859_1)));
    }
  }

  // ---- helpers -------------------------------------------------------------------------------

  static BufferedImage readOnly(byte[] bytes, String name) throws ImageDecodingException {
    try (PageImageReader r = PageImageReader.open(bytes, name, ImageLimits.DEFAULT)) {
      assertEquals(1, r.pageCount());
      return r.read(0);
    }
  }

  static int luma(int rgb) {
    return (((rgb >> 16) & 0xFF) * 3 + ((rgb >> 8) & 0xFF) * 6 + (rgb & 0xFF)) / 10;
  }

  static BufferedImage greyPage(int value) {
    BufferedImage img = new BufferedImage(32, 32, BufferedImage.TYPE_BYTE_GRAY);
    WritableRaster r = img.getRaster();
    for (int y = 0; y < 32; y++) {
      for (int x = 0; x < 32; x++) {
        r.setSample(x, y, 0, value);
      }
    }
    return img;
  }

  static BufferedImage noise(int w, int h) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
    java.util.Random random = new java.util.Random(42);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        img.setRGB(x, y, random.nextInt(0x1000000));
      }
    }
    return img;
  }

  static byte[] encode(BufferedImage image, String format) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertTrue(ImageIO.write(image, format, out), "no writer for " + format);
    return out.toByteArray();
  }

  static byte[] tiff(BufferedImage image, String compression) throws IOException {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("tiff").next();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      writer.setOutput(out);
      ImageWriteParam param = writer.getDefaultWriteParam();
      if (compression != null) {
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionType(compression);
      }
      writer.write(null, new IIOImage(image, null, null), param);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }

  static byte[] multiPageTiff(BufferedImage... pages) throws IOException {
    Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("tiff");
    ImageWriter writer = null;
    while (writers.hasNext()) {
      ImageWriter w = writers.next();
      if (w.canWriteSequence()) {
        writer = w;
        break;
      }
    }
    assertTrue(writer != null, "a TIFF writer that writes sequences");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      writer.setOutput(out);
      writer.prepareWriteSequence(null);
      for (BufferedImage page : pages) {
        writer.writeToSequence(new IIOImage(page, null, null), null);
      }
      writer.endWriteSequence();
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }

  /** A 4-band raster through the JDK's own JPEG writer, which stores it as Adobe CMYK. */
  static byte[] jpegRaster(Raster raster) throws IOException {
    ImageWriter writer = null;
    for (Iterator<ImageWriter> it = ImageIO.getImageWritersByFormatName("jpeg"); it.hasNext(); ) {
      ImageWriter w = it.next();
      if (w.canWriteRasters()) {
        writer = w;
        break;
      }
    }
    assertTrue(writer != null, "a JPEG writer that writes rasters");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      writer.setOutput(out);
      writer.write(null, new IIOImage(raster, null, null), writer.getDefaultWriteParam());
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }

  /** {@code jpeg} with an Adobe APP14 segment (transform 0: CMYK, not YCCK) right after SOI. */
  static byte[] withAdobeSegment(byte[] jpeg) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    DataOutputStream o = new DataOutputStream(out);
    o.write(jpeg, 0, 2); // SOI
    o.writeShort(0xFFEE);
    o.writeShort(14);
    o.writeBytes("Adobe");
    o.writeShort(100); // DCTEncode version
    o.writeShort(0); // flags0
    o.writeShort(0); // flags1
    o.writeByte(0); // transform: none (CMYK)
    o.write(jpeg, 2, jpeg.length - 2);
    return out.toByteArray();
  }

  /** {@code jpeg} with an EXIF APP1 segment holding only an Orientation tag, right after SOI. */
  static byte[] withExifOrientation(byte[] jpeg, int orientation) throws IOException {
    ByteArrayOutputStream tiff = new ByteArrayOutputStream();
    DataOutputStream t = new DataOutputStream(tiff);
    t.writeBytes("MM");
    t.writeShort(42);
    t.writeInt(8); // first IFD
    t.writeShort(1); // one entry
    t.writeShort(0x0112); // Orientation
    t.writeShort(3); // SHORT
    t.writeInt(1);
    t.writeShort(orientation);
    t.writeShort(0); // padding of the 4-byte value field
    t.writeInt(0); // no next IFD
    byte[] exif = tiff.toByteArray();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    DataOutputStream o = new DataOutputStream(out);
    o.write(jpeg, 0, 2); // SOI
    o.writeShort(0xFFE1);
    o.writeShort(2 + 6 + exif.length);
    o.writeBytes("Exif");
    o.writeShort(0);
    o.write(exif);
    o.write(jpeg, 2, jpeg.length - 2);
    return out.toByteArray();
  }

  /** A PNG that declares {@code w x h} pixels and holds one empty IDAT: a decompression bomb's header. */
  static byte[] pngHeaderOnly(int w, int h) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      DataOutputStream o = new DataOutputStream(out);
      o.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
      ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
      DataOutputStream i = new DataOutputStream(ihdr);
      i.writeInt(w);
      i.writeInt(h);
      i.writeByte(8); // bit depth
      i.writeByte(2); // RGB
      i.writeByte(0);
      i.writeByte(0);
      i.writeByte(0);
      chunk(o, "IHDR", ihdr.toByteArray());
      chunk(o, "IDAT", new byte[] {0x78, (byte) 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01});
      chunk(o, "IEND", new byte[0]);
      return out.toByteArray();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static void chunk(DataOutputStream o, String type, byte[] data) throws IOException {
    o.writeInt(data.length);
    byte[] t = type.getBytes(StandardCharsets.US_ASCII);
    o.write(t);
    o.write(data);
    CRC32 crc = new CRC32();
    crc.update(t);
    crc.update(data);
    o.writeInt((int) crc.getValue());
  }

  private static long countTempCopies() throws IOException {
    try (var files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      return files.filter(p -> p.getFileName().toString().startsWith("grounded-ocr-image-")).count();
    }
  }
}
