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
    return ImageDocumentSource.open(file, limits);
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
