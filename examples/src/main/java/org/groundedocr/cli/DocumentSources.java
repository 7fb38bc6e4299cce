package org.groundedocr.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.groundedocr.engine.OcrException;
import org.groundedocr.image.ImageLimits;

/** Opens the right {@link DocumentSource} for a file, by its content rather than its name. */
final class DocumentSources {

  private static final byte[] PDF_MAGIC = "%PDF-".getBytes(StandardCharsets.US_ASCII);

  private DocumentSources() {}

  static DocumentSource open(Path file, ImageLimits limits) throws OcrException {
    if (isPdf(file)) {
      // OcrCommand reads PDFs through the Tika parser (PdfReader), not as a DocumentSource
      throw new OcrException(file + ": is a PDF; PDFs are read through the Tika parser (PdfReader)");
    }
    String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
    if (name.endsWith(".pdf") && !"nothing (0 bytes)".equals(head(file))) {
      // the name promises a PDF; "unsupported image format" would send the user the wrong way
      throw new OcrException(file + ": named .pdf but not a PDF (a PDF starts with %PDF-, this file starts with "
          + head(file) + "): the file is damaged or mislabelled; re-export or re-download it");
    }
    return ImageDocumentSource.open(file, limits);
  }

  private static String head(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] b = in.readNBytes(8);
      if (b.length == 0) {
        return "nothing (0 bytes)";
      }
      StringBuilder hex = new StringBuilder("bytes ");
      for (byte x : b) {
        hex.append(String.format(java.util.Locale.ROOT, "%02x", x & 0xFF));
      }
      return hex.toString();
    } catch (IOException e) {
      return "unreadable bytes (" + e.getMessage() + ")";
    }
  }

  static boolean isPdf(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] head = in.readNBytes(PDF_MAGIC.length);
      return Arrays.equals(head, PDF_MAGIC);
    } catch (IOException e) {
      return false; // unreadable: the image reader reports why
    }
  }
}
