package org.groundedocr.tika.format;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.apache.tika.config.Field;
import org.apache.tika.exception.TikaException;
import org.apache.tika.io.TemporaryResources;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.PagedText;
import org.apache.tika.metadata.Property;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.mime.MediaType;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.parser.Parser;
import org.apache.tika.sax.XHTMLContentHandler;
import org.groundedocr.format.FormatException;
import org.groundedocr.format.ImportOptions;
import org.groundedocr.format.ImportedDocument;
import org.groundedocr.format.OcrFormat;
import org.groundedocr.grounding.GroundedJson;
import org.groundedocr.grounding.GroundingWriter;
import org.groundedocr.image.ImageDecodingException;
import org.groundedocr.image.ImageLimits;
import org.groundedocr.image.PageImageReader;
import org.groundedocr.model.GroundedDocument;
import org.groundedocr.model.GroundedPage;
import org.groundedocr.tika.GroundedOcrMetadata;
import org.groundedocr.tika.PageImageSink;
import org.groundedocr.tika.xhtml.GroundedXhtml;
import org.xml.sax.ContentHandler;
import org.xml.sax.SAXException;

/**
 * Apache Tika parser for OCR that already exists — ALTO ({@code application/alto+xml}), PAGE-XML
 * ({@code application/vnd.prima.page+xml}) and hOCR ({@code text/vnd.hocr+html}), recognised by
 * {@link OcrFileDetector} — giving the same output as {@code GroundedOcrParser}: grounded pages as
 * XHTML ({@link GroundedXhtml}, {@code data-source="import"}) and the metadata of
 * {@link GroundedOcrMetadata}, the grounded JSON included. So the Solr plugin's {@code /update/scan}
 * and the CLI's {@code ingest} index an archive's OCR with its word boxes and labels, without
 * OCRing again.
 *
 * <p>Page images: with a {@link PageImageSink} in the context, each page's scan is looked up
 * beside the OCR file ({@link CompanionImages}); a page without one is indexed without an image.
 * A page whose OCR names its image by http(s) URL, or every page when an {@link ImageService} is
 * in the context, gets a {@link RemotePageImage} in {@link GroundedOcrMetadata#REMOTE_PAGE_IMAGES}
 * for viewers to load; the parser never fetches it.
 *
 * <p>Parameters ({@code tika-config.xml} or an {@link ImportSettings} in the context): {@code dpi},
 * the scan resolution for ALTO files measured in {@code mm10} or {@code inch1200} (default 300).
 */
public class OcrFileParser implements Parser {

  private static final long serialVersionUID = 1L;

  /** {@code data-source} of imported pages, and their {@code ocr:pageSource}. */
  public static final String IMPORT_SOURCE = "import";

  private static final Set<MediaType> TYPES =
      Set.of(OcrFileDetector.ALTO, OcrFileDetector.PAGE, OcrFileDetector.HOCR);

  /** Per-call settings through the {@link ParseContext}. */
  public record ImportSettings(int dpi) implements java.io.Serializable {}

  /**
   * The scan that came with the OCR file (an upload of both), through the {@link ParseContext}:
   * its pages are the page images, in order (a multi-page TIFF for a multi-page ALTO), taking
   * precedence over files found beside the OCR file.
   */
  public record CompanionImage(String name, byte[] bytes) implements java.io.Serializable {}

  /**
   * The IIIF Image service of each page, through the {@link ParseContext}: {@code template} with
   * {@value RemotePageImage#PAGE_PLACEHOLDER} replaced by the page number (e.g.
   * {@code https://iiif.example.org/iiif/3/book7-p{page}}). Given, it replaces the search for
   * images beside the OCR file.
   */
  public record ImageService(String template) implements java.io.Serializable {
    public ImageService {
      RemotePageImage.checkTemplate(template);
    }
  }

  private int dpi = ImportOptions.DEFAULT_DPI;

  @Override
  public Set<MediaType> getSupportedTypes(ParseContext context) {
    return TYPES;
  }

  @Field
  public void setDpi(int dpi) {
    if (dpi <= 0) {
      throw new IllegalArgumentException("dpi must be positive, got " + dpi);
    }
    this.dpi = dpi;
  }

  public int getDpi() {
    return dpi;
  }

  @Override
  public void parse(InputStream stream, ContentHandler handler, Metadata metadata, ParseContext context)
      throws IOException, SAXException, TikaException {
    String name = metadata.get(TikaCoreProperties.RESOURCE_NAME_KEY);
    String display = name == null || name.isBlank() ? "document" : name;
    ImportSettings settings = context == null ? null : context.get(ImportSettings.class);
    int effectiveDpi = settings != null ? settings.dpi() : dpi;
    try (TemporaryResources tmp = new TemporaryResources()) {
      TikaInputStream tis = TikaInputStream.get(stream, tmp, metadata);
      Path path = tis.getPath();
      OcrFormat format = formatOf(metadata, path);
      if (format == null) {
        throw new TikaException(display + ": not ALTO, PAGE-XML or hOCR (no <alto> or <PcGts> root,"
            + " no ocr_page with ocr-system/ocr-capabilities metadata)");
      }
      ImportedDocument imported;
      try (InputStream in = Files.newInputStream(path)) {
        imported = format.readImported(in, new ImportOptions(display, effectiveDpi));
      } catch (FormatException e) {
        throw new TikaException(e.getMessage(), e);
      }
      GroundedDocument doc = imported.document();
      ImageService service = context == null ? null : context.get(ImageService.class);
      List<RemotePageImage> remote = remoteImages(imported, service);
      metadata.set(org.apache.tika.metadata.Metadata.CONTENT_TYPE, format.mediaType());
      metadata.set(TikaCoreProperties.FORMAT, format.mediaType());
      PageImageSink sink = context == null ? null : context.get(PageImageSink.class);
      XHTMLContentHandler xhtml = new XHTMLContentHandler(handler, metadata);
      xhtml.startDocument();
      GroundedXhtml out = new GroundedXhtml(xhtml);
      CompanionImage given = context == null ? null : context.get(CompanionImage.class);
      try (PageImageReader scan = sink == null || given == null ? null : openGiven(given, display)) {
        for (int i = 0; i < doc.pages().size(); i++) {
          GroundedPage page = doc.pages().get(i);
          if (scan != null) {
            sendGiven(sink, scan, i, page, given.name());
          } else if (sink != null && service == null) {
            String named = imported.pageImage(i);
            sendImage(sink, CompanionImages.candidates(path, name, named.isEmpty() ? doc.source() : named),
                page, display);
          }
          out.page(page, IMPORT_SOURCE);
        }
      }
      xhtml.endDocument();
      writeMetadata(metadata, doc, format, display);
      setAll(metadata, GroundedOcrMetadata.REMOTE_PAGE_IMAGES, remote.stream().map(RemotePageImage::encode));
    }
  }

  /** Each page's remote image: the given service, else the http(s) image its OCR names. */
  private static List<RemotePageImage> remoteImages(ImportedDocument imported, ImageService service) {
    List<RemotePageImage> out = new java.util.ArrayList<>();
    List<GroundedPage> pages = imported.document().pages();
    for (int i = 0; i < pages.size(); i++) {
      int page = pages.get(i).page();
      if (service != null) {
        out.add(RemotePageImage.service(page, service.template()));
      } else {
        RemotePageImage.named(page, imported.pageImage(i)).ifPresent(out::add);
      }
    }
    return out;
  }

  private static PageImageReader openGiven(CompanionImage given, String name) throws TikaException {
    try {
      return PageImageReader.open(given.bytes(), given.name(), ImageLimits.DEFAULT);
    } catch (ImageDecodingException e) {
      throw new TikaException(name + ": the scan sent with it, " + given.name() + ", cannot be read: "
          + e.getMessage(), e);
    }
  }

  /** Page {@code index} of the given scan to the sink; a page the scan does not have gets none. */
  private static void sendGiven(PageImageSink sink, PageImageReader scan, int index, GroundedPage page, String name)
      throws TikaException {
    try {
      if (index >= scan.pageCount()) {
        return;
      }
      BufferedImage image = CompanionImages.toPageSize(scan.read(index), page);
      sink.accept(page.page(), image);
    } catch (ImageDecodingException e) {
      throw new TikaException(name + ": page " + page.page() + ": " + e.getMessage(), e);
    } catch (IOException | RuntimeException e) {
      throw new TikaException("the page image sink failed on page " + page.page() + ": " + e.getMessage(), e);
    }
  }

  private static void sendImage(PageImageSink sink, List<Path> images, GroundedPage page, String name)
      throws TikaException {
    BufferedImage image;
    try {
      image = CompanionImages.find(images, page, ImageLimits.DEFAULT_MAX_PIXELS);
    } catch (ImageDecodingException e) {
      throw new TikaException(name + ": page " + page.page() + ": the scan beside the OCR file cannot be read: "
          + e.getMessage() + "; remove or replace it to index the OCR without a page image", e);
    }
    if (image == null) {
      return;
    }
    try {
      sink.accept(page.page(), image);
    } catch (IOException | RuntimeException e) {
      throw new TikaException("the page image sink failed on page " + page.page() + ": " + e.getMessage(), e);
    }
  }

  /**
   * {@code doc} written as {@code format} ({@code alto}, {@code hocr}, {@code page}): one string,
   * or one per page for PAGE-XML.
   */
  public static String[] export(String format, GroundedDocument doc) {
    OcrFormat f = OcrFormat.of(format);
    if (f.multiPage()) {
      return new String[] {f.toString(doc)};
    }
    return doc.pages().stream()
        .map(p -> f.toString(new GroundedDocument(doc.source(), doc.engine(), List.of(p))))
        .toArray(String[]::new);
  }

  /** The declared type when it is one of ours, else what the first bytes say. */
  public static OcrFormat formatOf(Metadata metadata, Path path) throws IOException {
    String declared = metadata.get(Metadata.CONTENT_TYPE);
    if (declared != null) {
      MediaType type = MediaType.parse(declared);
      if (type != null) {
        for (OcrFormat f : OcrFormat.values()) {
          if (f.mediaType().equals(type.getBaseType().toString())) {
            return f;
          }
        }
      }
    }
    try (InputStream in = Files.newInputStream(path)) {
      return OcrFileDetector.detect(in.readNBytes(OcrFileDetector.HEAD_BYTES));
    }
  }

  private static void writeMetadata(Metadata m, GroundedDocument doc, OcrFormat format, String name) {
    List<GroundedPage> pages = doc.pages();
    m.set(PagedText.N_PAGES, pages.size());
    m.set(GroundedOcrMetadata.ENGINE, format.id());
    m.set(GroundedOcrMetadata.PAGE_COUNT, pages.size());
    m.set(GroundedOcrMetadata.OCR_PAGE_COUNT, 0);
    setAll(m, GroundedOcrMetadata.PAGE_NUMBERS, pages.stream().map(p -> Integer.toString(p.page())));
    setAll(m, GroundedOcrMetadata.PAGE_SOURCE, pages.stream().map(p -> IMPORT_SOURCE));
    setAll(m, GroundedOcrMetadata.PAGE_WIDTH, pages.stream().map(p -> Integer.toString(p.width())));
    setAll(m, GroundedOcrMetadata.PAGE_HEIGHT, pages.stream().map(p -> Integer.toString(p.height())));
    setAll(m, GroundedOcrMetadata.REGION_COUNT, pages.stream().map(p -> Integer.toString(p.regions().size())));
    setAll(m, GroundedOcrMetadata.FINISHED, pages.stream().map(p -> "true"));
    setAll(m, GroundedOcrMetadata.GROUNDED_OUTPUT, pages.stream().map(GroundingWriter::write));
    m.set(GroundedOcrMetadata.GROUNDED_JSON, GroundedJson.write(
        new GroundedDocument(name, format.id(), pages), false));
  }

  private static void setAll(Metadata m, Property key, java.util.stream.Stream<String> values) {
    String[] v = values.toArray(String[]::new);
    if (v.length > 0) {
      m.set(key, v);
    }
  }
}
