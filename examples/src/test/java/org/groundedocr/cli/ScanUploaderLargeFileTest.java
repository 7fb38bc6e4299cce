package org.groundedocr.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code ingest} sends as an asynchronous job: files of more than N pages. */
class ScanUploaderLargeFileTest {

  @TempDir Path dir;

  @Test
  void pdfsByTheirPageCountImagesAsOnePageUnreadablePdfsNever() throws Exception {
    Path longPdf = Files.write(dir.resolve("long.pdf"), IngestAsyncCommandTest.textPdf("long", 21));
    Path shortPdf = Files.write(dir.resolve("short.pdf"), IngestAsyncCommandTest.textPdf("short", 20));
    Path image = Files.write(dir.resolve("scan.png"), new byte[] {1, 2, 3});
    Path broken = Files.write(dir.resolve("broken.pdf"), "%PDF-1.7 junk".getBytes(StandardCharsets.US_ASCII));

    assertTrue(ScanUploader.large(longPdf, 20, null));
    assertFalse(ScanUploader.large(shortPdf, 20, null));
    assertFalse(ScanUploader.large(image, 20, null));
    assertTrue(ScanUploader.large(image, 0, null), "0 sends every file as a job");
    assertTrue(ScanUploader.large(shortPdf, 0, null));
    assertFalse(ScanUploader.large(broken, 0, null), "the server names what is wrong with it, synchronously");
  }
}
