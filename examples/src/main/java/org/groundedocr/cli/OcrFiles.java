package org.groundedocr.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.xml.stream.XMLStreamException;
import org.groundedocr.format.FormatException;
import org.groundedocr.format.ImportOptions;
import org.groundedocr.format.OcrFormat;
import org.groundedocr.model.GroundedDocument;
import org.groundedocr.model.GroundedPage;
import org.groundedocr.tika.format.OcrFileDetector;

/** The {@code ocr} command's side of ALTO, hOCR and PAGE-XML: reading existing OCR, writing ours. */
final class OcrFiles {

  private OcrFiles() {}

  /** The OCR format {@code file} is in, or {@code null} for a scan. */
  static OcrFormat formatOf(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return OcrFileDetector.detect(in.readNBytes(16 * 1024));
    } catch (IOException e) {
      return null; // unreadable: the image reader reports why
    }
  }

  /** OCR file → its scan (same folder and base name), for the OCR files of {@code files} that have one. */
  static java.util.Map<Path, Path> scansOfOcrFiles(java.util.List<Path> files) {
    java.util.Map<Path, Path> scanByStem = new java.util.HashMap<>();
    for (Path f : files) {
      if (ScanUploader.supported(f)) {
        scanByStem.putIfAbsent(stem(f), f);
      }
    }
    java.util.Map<Path, Path> out = new java.util.LinkedHashMap<>();
    for (Path f : files) {
      Path scan = ScanUploader.supported(f) ? null : scanByStem.get(stem(f));
      if (scan != null && !out.containsValue(scan)) {
        out.put(f, scan);
      }
    }
    return out;
  }

  private static Path stem(Path f) {
    String n = f.getFileName().toString();
    for (String ext : new String[] {".alto.xml", ".page.xml", ".xml", ".hocr", ".html"}) {
      if (n.toLowerCase(java.util.Locale.ROOT).endsWith(ext)) {
        return f.resolveSibling(n.substring(0, n.length() - ext.length()));
      }
    }
    int dot = n.lastIndexOf('.');
    return f.resolveSibling(dot > 0 ? n.substring(0, dot) : n);
  }

  static GroundedDocument read(Path file, OcrFormat format, PrintWriter err) {
    try (InputStream in = Files.newInputStream(file)) {
      return format.read(in, ImportOptions.named(file.toString()));
    } catch (FormatException e) {
      err.println("grounded-ocr ocr: " + e.getMessage());
    } catch (IOException e) {
      err.println("grounded-ocr ocr: " + file + ": cannot read it: " + e.getMessage());
    }
    err.flush();
    return null;
  }

  /**
   * Writes {@code doc} as {@code format}: to {@code outDir} when given (one file per document, or
   * per page for PAGE-XML, named after {@code input}), else to standard output.
   */
  static boolean write(
      OcrFormat format, GroundedDocument doc, Path input, Path outDir, PrintWriter out, PrintWriter err) {
    String base = baseName(input);
    try {
      if (outDir == null) {
        if (!format.multiPage() && doc.pages().size() > 1) {
          err.println("grounded-ocr ocr: " + doc.source() + " has " + doc.pages().size()
              + " pages and PAGE-XML holds one per file; give --out DIR");
          err.flush();
          return false;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        format.write(doc, bytes);
        out.println(bytes.toString(StandardCharsets.UTF_8));
        return true;
      }
      Files.createDirectories(outDir);
      if (format.multiPage()) {
        write(outDir.resolve(base + format.extension()), o -> format.write(doc, o));
      } else {
        for (GroundedPage p : doc.pages()) {
          write(outDir.resolve(base + "_p" + p.page() + format.extension()), o -> format.write(doc, p.page(), o));
        }
      }
      return true;
    } catch (IOException | XMLStreamException e) {
      err.println("grounded-ocr ocr: " + doc.source() + ": cannot write " + format.id() + ": " + e.getMessage());
      err.flush();
      return false;
    }
  }

  private interface Writing {
    void to(OutputStream out) throws XMLStreamException;
  }

  private static void write(Path file, Writing w) throws IOException, XMLStreamException {
    try (OutputStream o = Files.newOutputStream(file)) {
      w.to(o);
    }
  }

  private static String baseName(Path input) {
    String name = input.getFileName().toString();
    int dot = name.lastIndexOf('.');
    String base = dot > 0 ? name.substring(0, dot) : name;
    return base.endsWith(".alto") || base.endsWith(".page") ? base.substring(0, base.lastIndexOf('.')) : base;
  }
}
