package org.groundedocr.format;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import javax.xml.stream.XMLStreamException;
import org.groundedocr.format.alto.AltoReader;
import org.groundedocr.format.alto.AltoWriter;
import org.groundedocr.format.hocr.HocrReader;
import org.groundedocr.format.hocr.HocrWriter;
import org.groundedocr.format.page.PageXmlReader;
import org.groundedocr.format.page.PageXmlWriter;
import org.groundedocr.model.GroundedDocument;
import org.groundedocr.model.GroundedPage;

/**
 * The OCR formats of the digital library, each with its media type and file extension, written
 * from and read into grounded documents.
 */
public enum OcrFormat {
  ALTO("alto", "application/alto+xml", ".alto.xml"),
  HOCR("hocr", "text/vnd.hocr+html", ".hocr"),
  PAGE("page", "application/vnd.prima.page+xml", ".page.xml");

  private final String id;
  private final String mediaType;
  private final String extension;

  OcrFormat(String id, String mediaType, String extension) {
    this.id = id;
    this.mediaType = mediaType;
    this.extension = extension;
  }

  public String id() {
    return id;
  }

  public String mediaType() {
    return mediaType;
  }

  public String extension() {
    return extension;
  }

  /** The format named {@code alto}, {@code hocr} or {@code page} (any case). */
  public static OcrFormat of(String name) {
    for (OcrFormat f : values()) {
      if (f.id.equals(name.strip().toLowerCase(Locale.ROOT))) {
        return f;
      }
    }
    throw new IllegalArgumentException(
        "unknown OCR format '" + name + "'; known: alto, hocr, page");
  }

  /** Whether one file holds a whole document; PAGE-XML holds one page per file. */
  public boolean multiPage() {
    return this != PAGE;
  }

  /**
   * Writes {@code doc}. PAGE-XML holds one page: a document of several pages is refused, write
   * them one by one with {@link #write(GroundedDocument, int, OutputStream)}.
   */
  public void write(GroundedDocument doc, OutputStream out) throws XMLStreamException {
    switch (this) {
      case ALTO -> AltoWriter.write(doc, out);
      case HOCR -> HocrWriter.write(doc, out);
      case PAGE -> {
        if (doc.pages().size() != 1) {
          throw new IllegalArgumentException("PAGE-XML holds one page per file and "
              + (doc.source().isEmpty() ? "the document" : doc.source()) + " has "
              + doc.pages().size() + "; write its pages one by one");
        }
        PageXmlWriter.write(doc.pages().get(0), doc.source(), creator(doc), out);
      }
      default -> throw new AssertionError(this);
    }
  }

  /** Writes page {@code pageNumber} of {@code doc} alone. */
  public void write(GroundedDocument doc, int pageNumber, OutputStream out) throws XMLStreamException {
    GroundedPage page = doc.pages().stream()
        .filter(p -> p.page() == pageNumber)
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException(
            "page " + pageNumber + " is not in " + (doc.source().isEmpty() ? "the document" : doc.source())));
    write(new GroundedDocument(doc.source(), doc.engine(), java.util.List.of(page)), out);
  }

  /** {@link #write(GroundedDocument, OutputStream)} into a string. */
  public String toString(GroundedDocument doc) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      write(doc, out);
    } catch (XMLStreamException e) {
      throw new IllegalStateException("writing " + id + " failed: " + e.getMessage(), e);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  public GroundedDocument read(InputStream in, ImportOptions options) throws FormatException {
    return readImported(in, options).document();
  }

  /** {@link #read}, with the image each page names. */
  public ImportedDocument readImported(InputStream in, ImportOptions options) throws FormatException {
    return switch (this) {
      case ALTO -> AltoReader.read(in, options);
      case HOCR -> HocrReader.read(in, options);
      case PAGE -> PageXmlReader.read(in, options);
    };
  }

  private static String creator(GroundedDocument doc) {
    return "grounded-ocr" + (doc.engine().isEmpty() ? "" : " (" + doc.engine() + ")");
  }
}
