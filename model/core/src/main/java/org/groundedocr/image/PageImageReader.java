package org.groundedocr.image;

import com.twelvemonkeys.imageio.stream.BufferedFileImageInputStream;
import com.twelvemonkeys.imageio.stream.ByteArrayImageInputStream;
import java.awt.image.BufferedImage;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataFormatImpl;
import javax.imageio.stream.ImageInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Node;

/**
 * Decodes the pages of one image file, one page at a time, the way scanners write them: every
 * page of a multi-page TIFF (1-bit CCITT, 8-bit, 16-bit), CMYK and YCCK JPEG, EXIF and TIFF
 * orientation applied, alpha laid over white; also PNG, BMP, GIF (first frame) and WebP.
 *
 * <p>Each page's declared size is checked against {@link ImageLimits} before it is decoded, so a
 * decompression bomb is refused without allocating it. Empty, truncated, corrupt and unsupported
 * files raise {@link ImageDecodingException} with a message naming the file and the reason.
 *
 * <p>Pages come back in a layout from {@link PageImages#normalise} ({@code TYPE_BYTE_GRAY},
 * {@code TYPE_3BYTE_BGR} or {@code TYPE_INT_RGB}, upright, no alpha). Only the page asked for is in
 * memory, so a 500-page TIFF is read in the memory of one page:
 *
 * <pre>{@code
 * try (PageImageReader pages = PageImageReader.open(path, ImageLimits.DEFAULT)) {
 *   for (int i = 0; i < pages.pageCount(); i++) {
 *     GroundedPage page = engine.recognize(pages.read(i), i + 1);
 *   }
 * }
 * }</pre>
 *
 * <p>Not thread-safe: one reader per file and thread.
 */
public final class PageImageReader implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PageImageReader.class);

  /**
   * Warnings that mean the data ended early. JPEG decoders pad a truncated file with grey and only
   * warn (libjpeg's "Premature end of JPEG file", "Corrupt JPEG data: premature end of data
   * segment"; TwelveMonkeys' "Truncated File - Missing EOI marker"); OCR of half a page would lose
   * text silently, so these fail the page.
   */
  private static final List<String> TRUNCATION_WARNINGS = List.of("premature end", "truncated");

  private final String source;
  private final ImageFormat format;
  private final ImageLimits limits;
  private final ImageInputStream stream;
  private final ImageReader reader;
  private final Path spoolFile;
  private final List<String> warnings = new ArrayList<>();
  private int pageCount = -1;

  private PageImageReader(
      String source, ImageFormat format, ImageLimits limits, ImageInputStream stream,
      ImageReader reader, Path spoolFile) {
    this.source = source;
    this.format = format;
    this.limits = limits;
    this.stream = stream;
    this.reader = reader;
    this.spoolFile = spoolFile;
    reader.addIIOReadWarningListener((r, warning) -> warnings.add(warning));
  }

  /** Opens {@code file} with the {@link ImageLimits#DEFAULT default limits}. */
  public static PageImageReader open(Path file) throws ImageDecodingException {
    return open(file, ImageLimits.DEFAULT);
  }

  public static PageImageReader open(Path file, ImageLimits limits) throws ImageDecodingException {
    return open(file, file.toString(), limits, null);
  }

  /** Opens an image held in memory; {@code source} names it in error messages. */
  public static PageImageReader open(byte[] bytes, String source, ImageLimits limits)
      throws ImageDecodingException {
    Objects.requireNonNull(bytes, "bytes");
    String name = sourceName(source);
    return open(name, limits, sniff(name, bytes, Math.min(bytes.length, 16)),
        new ByteArrayImageInputStream(bytes), null);
  }

  /**
   * Opens an image from a stream. The stream is copied to a temporary file (deleted on {@link
   * #close}) rather than into memory, because a multi-page TIFF is read page by page with random
   * access and may be far larger than one page. The caller closes {@code in}.
   */
  public static PageImageReader open(InputStream in, String source, ImageLimits limits)
      throws ImageDecodingException {
    Objects.requireNonNull(in, "in");
    String name = sourceName(source);
    Path spool = null;
    try {
      spool = Files.createTempFile("grounded-ocr-image-", ".tmp");
      Files.copy(in, spool, StandardCopyOption.REPLACE_EXISTING);
      return open(spool, name, limits, spool);
    } catch (IOException e) {
      deleteQuietly(spool);
      throw new ImageDecodingException(name + ": cannot read the image stream: " + e.getMessage(), e);
    } catch (ImageDecodingException | RuntimeException e) {
      deleteQuietly(spool);
      throw e;
    }
  }

  private static PageImageReader open(Path file, String source, ImageLimits limits, Path spool)
      throws ImageDecodingException {
    Objects.requireNonNull(file, "file");
    byte[] head = new byte[16];
    int n;
    try (InputStream in = Files.newInputStream(file)) {
      n = in.readNBytes(head, 0, head.length);
    } catch (NoSuchFileException e) {
      throw new ImageDecodingException(source + ": no such file", e);
    } catch (IOException e) {
      throw new ImageDecodingException(source + ": cannot read the file: " + e.getMessage(), e);
    }
    ImageFormat format = sniff(source, head, n);
    try {
      return open(source, limits, format, new BufferedFileImageInputStream(file.toFile()), spool);
    } catch (IOException e) {
      throw new ImageDecodingException(source + ": cannot open the file: " + e.getMessage(), e);
    }
  }

  private static PageImageReader open(
      String source, ImageLimits limits, ImageFormat format, ImageInputStream stream, Path spool)
      throws ImageDecodingException {
    Objects.requireNonNull(limits, "limits");
    ImageIoPlugins.ensureRegistered();
    ImageReader reader = null;
    try {
      reader = firstAccepting(ImageIO.getImageReadersByFormatName(format.imageIoName()), stream);
      if (reader == null) { // e.g. BigTIFF, registered under its own format name
        reader = firstAccepting(ImageIO.getImageReaders(stream), stream);
      }
      stream.seek(0);
      if (reader == null) {
        throw new ImageDecodingException(
            source + ": looks like " + format + " but no decoder accepts it (corrupt header?)");
      }
      // seekForwardOnly=false: pages of a TIFF are read in any order; ignoreMetadata=false: orientation
      reader.setInput(stream, false, false);
      return new PageImageReader(source, format, limits, stream, reader, spool);
    } catch (IOException | RuntimeException e) {
      if (reader != null) {
        reader.dispose();
      }
      closeQuietly(stream);
      throw new ImageDecodingException(source + ": corrupt " + format + " header: " + describe(e), e);
    } catch (ImageDecodingException e) {
      closeQuietly(stream);
      throw e;
    }
  }

  private static ImageReader firstAccepting(Iterator<ImageReader> readers, ImageInputStream stream)
      throws IOException {
    ImageReader reader = null;
    while (readers.hasNext() && reader == null) {
      ImageReader candidate = readers.next();
      stream.seek(0);
      if (candidate.getOriginatingProvider() == null
          || candidate.getOriginatingProvider().canDecodeInput(stream)) {
        reader = candidate;
      } else {
        candidate.dispose();
      }
    }
    return reader;
  }

  private static ImageFormat sniff(String source, byte[] head, int length)
      throws ImageDecodingException {
    if (length <= 0) {
      throw new ImageDecodingException(source + ": the file is empty (0 bytes)");
    }
    ImageFormat format = ImageFormat.sniff(head, length);
    if (format != null) {
      return format;
    }
    if (ImageFormat.startsWith(head, length, '%', 'P', 'D', 'F')) {
      throw new ImageDecodingException(
          source + ": is a PDF, not an image; PDF pages are read through the Tika parser");
    }
    StringBuilder hex = new StringBuilder();
    for (int i = 0; i < Math.min(length, 8); i++) {
      hex.append(String.format(Locale.ROOT, "%02x", head[i] & 0xFF));
    }
    if (source.toLowerCase(Locale.ROOT).endsWith(".pdf")) {
      // the name promises a PDF: "unsupported image format" would send the user the wrong way
      throw new ImageDecodingException(source + ": named .pdf but not a PDF (a PDF starts with %PDF-,"
          + " this file starts with " + hex + "): the file is damaged or mislabelled; re-export or"
          + " re-download it");
    }
    throw new ImageDecodingException(
        source + ": unsupported image format (file starts with " + hex
            + "); supported: PNG, JPEG, TIFF, BMP, GIF, WebP");
  }

  /** Where the image came from, as given when it was opened. */
  public String source() {
    return source;
  }

  public ImageFormat format() {
    return format;
  }

  public ImageLimits limits() {
    return limits;
  }

  /**
   * Number of pages: all pages of a TIFF, 1 for the other formats (a GIF's frames are animation).
   * Only the TIFF directories are read, not their pixels.
   */
  public int pageCount() throws ImageDecodingException {
    if (pageCount < 0) {
      int n;
      try {
        n = format.multiPage() ? reader.getNumImages(true) : 1;
      } catch (IOException | RuntimeException e) {
        throw new ImageDecodingException(source + ": cannot count the pages of this " + format
            + " (corrupt or truncated): " + describe(e), e);
      }
      if (n <= 0) {
        throw new ImageDecodingException(source + ": the " + format + " has no pages");
      }
      if (n > limits.maxPages()) {
        throw new ImageDecodingException(source + ": " + n + " pages, over the limit of "
            + limits.maxPages() + " (ImageLimits.maxPages)");
      }
      pageCount = n;
    }
    return pageCount;
  }

  /**
   * The pixel size page {@code pageIndex} (0-based) declares in its header, before orientation;
   * nothing is decoded.
   *
   * @return {@code {width, height}}
   */
  public int[] declaredSize(int pageIndex) throws ImageDecodingException {
    checkIndex(pageIndex);
    try {
      return new int[] {reader.getWidth(pageIndex), reader.getHeight(pageIndex)};
    } catch (IOException | RuntimeException e) {
      throw new ImageDecodingException(source + ": page " + (pageIndex + 1)
          + " has a corrupt " + format + " header: " + describe(e), e);
    }
  }

  /**
   * Decodes page {@code pageIndex} (0-based), upright and without alpha.
   *
   * @throws ImageTooLargeException when the page declares more pixels than {@link
   *     ImageLimits#maxPixels()}; nothing was decoded
   * @throws ImageDecodingException when the page is truncated or corrupt
   */
  public BufferedImage read(int pageIndex) throws ImageDecodingException {
    int[] size = declaredSize(pageIndex);
    long w = size[0];
    long h = size[1];
    if (w <= 0 || h <= 0) {
      throw new ImageDecodingException(
          source + ": page " + (pageIndex + 1) + " declares no pixels (" + w + " x " + h + ")");
    }
    if (w * h > limits.maxPixels()) {
      throw new ImageTooLargeException(source, pageIndex, w, h, limits.maxPixels());
    }
    warnings.clear();
    BufferedImage decoded;
    try {
      ImageReadParam param = reader.getDefaultReadParam();
      decoded = reader.read(pageIndex, param);
    } catch (EOFException e) {
      throw truncated(pageIndex, e);
    } catch (IOException | RuntimeException e) {
      throw new ImageDecodingException(source + ": page " + (pageIndex + 1) + " is corrupt or"
          + " truncated, cannot decode this " + format + ": " + describe(e), e);
    } catch (OutOfMemoryError e) {
      // The declared size passed the pixel limit, yet a corrupt file can still make a decoder ask
      // for an absurd buffer (a forged strip length). That single allocation failed and was never
      // made, so the JVM is fine: report the file, do not take the batch down.
      throw new ImageDecodingException(source + ": page " + (pageIndex + 1)
          + " needs more memory than is available to decode (corrupt sizes in the file?)", e);
    }
    for (String warning : warnings) {
      String lower = warning == null ? "" : warning.toLowerCase(Locale.ROOT);
      if (TRUNCATION_WARNINGS.stream().anyMatch(lower::contains)) {
        throw truncated(pageIndex, null);
      }
      LOG.debug("{}: page {}: decoder warning: {}", source, pageIndex + 1, warning);
    }
    if (decoded == null) {
      throw new ImageDecodingException(source + ": page " + (pageIndex + 1) + " decoded to nothing");
    }
    BufferedImage page = PageImages.normalise(decoded);
    return PageImages.withResolution(
        PageImages.orient(page, orientation(pageIndex)), resolution(pageIndex));
  }

  /**
   * The page's resolution in dpi from the standard metadata tree ({@code HorizontalPixelSize}, mm
   * per pixel; JFIF density, TIFF/PNG resolution), or 0 when absent or outside 70–2400 dpi (JFIF's
   * aspect-only density 1x1).
   */
  private int resolution(int pageIndex) {
    try {
      IIOMetadata metadata = reader.getImageMetadata(pageIndex);
      if (metadata == null || !metadata.isStandardMetadataFormatSupported()) {
        return 0;
      }
      Node root = metadata.getAsTree(IIOMetadataFormatImpl.standardMetadataFormatName);
      for (Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
        if ("Dimension".equals(n.getNodeName())) {
          for (Node d = n.getFirstChild(); d != null; d = d.getNextSibling()) {
            if ("HorizontalPixelSize".equals(d.getNodeName()) && d.getAttributes() != null) {
              Node value = d.getAttributes().getNamedItem("value");
              double mm = value == null ? 0 : Double.parseDouble(value.getNodeValue());
              long dpi = mm > 0 ? Math.round(25.4 / mm) : 0;
              return dpi >= 70 && dpi <= 2400 ? (int) dpi : 0;
            }
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      LOG.debug("{}: page {}: unreadable metadata, resolution unknown: {}",
          source, pageIndex + 1, e.toString());
    }
    return 0;
  }

  private ImageDecodingException truncated(int pageIndex, Throwable cause) {
    return new ImageDecodingException(source + ": page " + (pageIndex + 1)
        + " is truncated (the " + format + " data ends early)", cause);
  }

  /**
   * The page's {@code ImageOrientation} from the standard metadata tree; the TwelveMonkeys JPEG
   * and TIFF plugins fill it from EXIF / the TIFF Orientation tag. A page whose metadata cannot be
   * read is taken as upright: orientation is a refinement, not a reason to lose the page.
   */
  private String orientation(int pageIndex) {
    try {
      IIOMetadata metadata = reader.getImageMetadata(pageIndex);
      if (metadata == null || !metadata.isStandardMetadataFormatSupported()) {
        return null;
      }
      Node root = metadata.getAsTree(IIOMetadataFormatImpl.standardMetadataFormatName);
      for (Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
        if ("Dimension".equals(n.getNodeName())) {
          for (Node d = n.getFirstChild(); d != null; d = d.getNextSibling()) {
            if ("ImageOrientation".equals(d.getNodeName()) && d.getAttributes() != null) {
              Node value = d.getAttributes().getNamedItem("value");
              return value == null ? null : value.getNodeValue();
            }
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      LOG.debug("{}: page {}: unreadable metadata, taking the page as upright: {}",
          source, pageIndex + 1, e.toString());
    }
    return null;
  }

  private void checkIndex(int pageIndex) throws ImageDecodingException {
    if (pageIndex < 0 || pageIndex >= pageCount()) {
      throw new IndexOutOfBoundsException(
          "page index " + pageIndex + " out of range [0, " + pageCount() + ")");
    }
  }

  @Override
  public void close() {
    reader.dispose();
    closeQuietly(stream);
    deleteQuietly(spoolFile);
  }

  private static String sourceName(String source) {
    return source == null || source.isBlank() ? "image" : source;
  }

  private static String describe(Throwable e) {
    String m = e.getMessage();
    return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
  }

  private static void closeQuietly(ImageInputStream stream) {
    try {
      stream.close();
    } catch (IOException e) {
      LOG.debug("closing an image stream failed", e);
    }
  }

  private static void deleteQuietly(Path file) {
    if (file != null) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        LOG.warn("could not delete the temporary file {}: {}", file, e.toString());
      }
    }
  }
}
