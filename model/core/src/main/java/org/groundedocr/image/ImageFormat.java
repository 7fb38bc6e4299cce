package org.groundedocr.image;

import java.util.Locale;

/** The image formats {@link PageImageReader} decodes, recognised by their magic bytes. */
public enum ImageFormat {
  PNG("png"),
  JPEG("jpeg"),
  TIFF("tiff"),
  BMP("bmp"),
  GIF("gif"),
  WEBP("webp");

  private final String imageIoName;

  ImageFormat(String imageIoName) {
    this.imageIoName = imageIoName;
  }

  /** The format name ImageIO readers register under. */
  public String imageIoName() {
    return imageIoName;
  }

  /** Whether a file may hold several pages (only TIFF: a GIF's frames are animation, not pages). */
  public boolean multiPage() {
    return this == TIFF;
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The format whose signature starts {@code head}, or {@code null}.
   *
   * @param head the file's first bytes (12 are enough)
   * @param length how many of them are valid
   */
  public static ImageFormat sniff(byte[] head, int length) {
    if (startsWith(head, length, 0x89, 'P', 'N', 'G')) {
      return PNG;
    }
    if (startsWith(head, length, 0xFF, 0xD8, 0xFF)) {
      return JPEG;
    }
    // classic TIFF (42) and BigTIFF (43), both byte orders
    if (startsWith(head, length, 'I', 'I', 42, 0) || startsWith(head, length, 'M', 'M', 0, 42)
        || startsWith(head, length, 'I', 'I', 43, 0) || startsWith(head, length, 'M', 'M', 0, 43)) {
      return TIFF;
    }
    if (startsWith(head, length, 'B', 'M')) {
      return BMP;
    }
    if (startsWith(head, length, 'G', 'I', 'F', '8')) {
      return GIF;
    }
    if (startsWith(head, length, 'R', 'I', 'F', 'F') && length >= 12
        && head[8] == 'W' && head[9] == 'E' && head[10] == 'B' && head[11] == 'P') {
      return WEBP;
    }
    return null;
  }

  static boolean startsWith(byte[] head, int length, int... signature) {
    if (length < signature.length) {
      return false;
    }
    for (int i = 0; i < signature.length; i++) {
      if ((head[i] & 0xFF) != signature[i]) {
        return false;
      }
    }
    return true;
  }
}
