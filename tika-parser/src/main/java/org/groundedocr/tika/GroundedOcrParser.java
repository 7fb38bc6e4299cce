package org.groundedocr.tika;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.apache.tika.config.Field;
import org.apache.tika.config.Initializable;
import org.apache.tika.config.InitializableProblemHandler;
import org.apache.tika.config.Param;
import org.apache.tika.exception.EncryptedDocumentException;
import org.apache.tika.exception.TikaConfigException;
import org.apache.tika.exception.TikaException;
import org.apache.tika.io.TemporaryResources;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.PDF;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.mime.MediaType;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.parser.Parser;
import org.apache.tika.parser.PasswordProvider;
import org.apache.tika.sax.XHTMLContentHandler;
import org.groundedocr.engine.OcrEngine;
import org.groundedocr.image.ImageDecodingException;
import org.groundedocr.image.ImageFormat;
import org.groundedocr.tika.format.OcrFileParser;
import org.groundedocr.tika.pdf.PdfPageSource;
import org.groundedocr.tika.xhtml.GroundedXhtml;
import org.xml.sax.ContentHandler;
import org.xml.sax.SAXException;

/**
 * Apache Tika parser that OCRs scanned images and PDFs into <em>grounded pages</em>: layout
 * regions with labels, boxes in page pixels and Markdown content, page by page.
 *
 * <p>It handles {@code application/pdf} (every page rendered with PDFBox at {@code dpi}, or read
 * from its text layer, per {@link OcrStrategy}) and {@code image/png}, {@code image/jpeg},
 * {@code image/tiff} (every page), {@code image/bmp}, {@code image/gif} and {@code image/webp}.
 * It advertises those types only when it can read them: image types and OCR strategies other than
 * {@code no_ocr} need the configured engine on the class path.
 *
 * <p>Registered in {@code META-INF/services/org.apache.tika.parser.Parser}, so Tika's
 * {@code DefaultParser} picks it up (and, being a non-Tika parser, prefers it over Tika's own PDF
 * and image parsers). Configure it in {@code tika-config.xml}:
 *
 * <pre>{@code
 * <properties>
 *   <parsers>
 *     <parser class="org.apache.tika.parser.DefaultParser">
 *       <parser-exclude class="org.groundedocr.tika.GroundedOcrParser"/>
 *     </parser>
 *     <parser class="org.groundedocr.tika.GroundedOcrParser">
 *       <params>
 *         <param name="engine" type="string">ppocr</param>
 *         <param name="dpi" type="int">200</param>
 *         <param name="ocrStrategy" type="string">auto</param>
 *       </params>
 *     </parser>
 *   </parsers>
 * </properties>
 * }</pre>
 *
 * Parameters are those of {@link GroundedOcrConfig}; an unknown parameter name fails the
 * configuration. Through the {@link ParseContext}: per-call overrides, a {@link GroundedOcrConfig};
 * page images, a {@link PageImageSink}; PDF passwords, Tika's {@link PasswordProvider}; and an
 * {@link OcrEngine} the caller already holds (the CLI, a Solr core sharing one engine), used for
 * that parse instead of the parser's own (the parser does not close it).
 *
 * <p>Output: see {@link GroundedXhtml} for the XHTML and {@link GroundedOcrMetadata} for the
 * metadata, including {@link GroundedOcrMetadata#GROUNDED_JSON}, the whole document as grounded
 * JSON.
 *
 * <p>OCR that already exists — ALTO, PAGE-XML, hOCR, recognised by their content — is handed to
 * {@link OcrFileParser}, which indexes it as it is with the same output and no engine.
 *
 * <p>Thread-safe: one instance serves concurrent parses; its engines are created on first use,
 * one per engine configuration, and shared. {@link #close()} releases them.
 */
public class GroundedOcrParser implements Parser, Initializable, Closeable {

  private static final long serialVersionUID = 1L;

  public static final MediaType PDF_TYPE = MediaType.application("pdf");

  private static final Set<MediaType> IMAGE_TYPES = imageTypes();

  private GroundedOcrConfig defaults = new GroundedOcrConfig();
  private final transient EngineCache engines = new EngineCache();
  private final OcrFileParser importer = new OcrFileParser();

  private static Set<MediaType> imageTypes() {
    Set<MediaType> types = new HashSet<>();
    types.add(MediaType.image("png"));
    types.add(MediaType.image("jpeg"));
    types.add(MediaType.image("tiff"));
    types.add(MediaType.image("bmp"));
    types.add(MediaType.image("x-ms-bmp"));
    types.add(MediaType.image("gif"));
    if (webpReadable()) {
      types.add(MediaType.image("webp"));
    }
    return Collections.unmodifiableSet(types);
  }

  private static boolean webpReadable() {
    if (javax.imageio.ImageIO.getImageReadersByFormatName("webp").hasNext()) {
      return true;
    }
    try {
      // the model's image reader registers TwelveMonkeys' WebP reader itself when it is present
      Class.forName(
          "com.twelvemonkeys.imageio.plugins.webp.WebPImageReaderSpi",
          false,
          GroundedOcrParser.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  @Override
  public Set<MediaType> getSupportedTypes(ParseContext context) {
    GroundedOcrConfig config = effectiveConfig(context);
    boolean engine = (context != null && context.get(OcrEngine.class) != null)
        || engines.available(config.getEngine());
    if (engine) {
      Set<MediaType> all = new HashSet<>(IMAGE_TYPES);
      all.add(PDF_TYPE);
      return all;
    }
    // no engine, no claim: Tika falls back to its own parsers; only text layers need no engine
    return config.getOcrStrategy() == OcrStrategy.NO_OCR ? Set.of(PDF_TYPE) : Set.of();
  }

  @Override
  public void parse(
      InputStream stream, ContentHandler handler, Metadata metadata, ParseContext context)
      throws IOException, SAXException, TikaException {
    GroundedOcrConfig config = effectiveConfig(context);
    PageImageSink sink = context.get(PageImageSink.class);
    String name = metadata.get(TikaCoreProperties.RESOURCE_NAME_KEY);
    try (TemporaryResources tmp = new TemporaryResources()) {
      TikaInputStream tis = TikaInputStream.get(stream, tmp, metadata);
      Path path = tis.getPath();
      if (OcrFileParser.formatOf(metadata, path) != null) {
        // OCR that already exists (ALTO, PAGE-XML, hOCR): indexed as it is, no engine needed
        importer.parse(tis, handler, metadata, context);
        return;
      }
      String displayName = name == null || name.isBlank() ? "document" : name;
      boolean pdf = isPdf(metadata, path);
      try (PageSource source = pdf
          ? openPdf(path, config, metadata, context)
          : openImage(path, displayName, config, metadata)) {
        XHTMLContentHandler xhtml = new XHTMLContentHandler(handler, metadata);
        xhtml.startDocument();
        new DocumentRun(config, engines, context.get(OcrEngine.class), sink,
            new GroundedXhtml(xhtml), metadata, name)
            .run(source);
        xhtml.endDocument();
      }
    }
  }

  private static boolean isPdf(Metadata metadata, Path path) throws IOException {
    String declared = metadata.get(Metadata.CONTENT_TYPE);
    if (declared != null) {
      MediaType type = MediaType.parse(declared);
      if (type != null) {
        if (PDF_TYPE.equals(type.getBaseType())) {
          return true;
        }
        if ("image".equals(type.getType())) {
          return false;
        }
      }
    }
    // called directly without a type: a PDF header may follow up to 1 KB of junk
    byte[] head = new byte[1024];
    int n;
    try (InputStream in = Files.newInputStream(path)) {
      n = in.readNBytes(head, 0, head.length);
    }
    String s = new String(head, 0, n, java.nio.charset.StandardCharsets.ISO_8859_1);
    return s.contains("%PDF-");
  }

  private static PageSource openPdf(
      Path path, GroundedOcrConfig config, Metadata metadata, ParseContext context)
      throws TikaException {
    PasswordProvider passwords = context.get(PasswordProvider.class);
    String password = passwords == null ? null : passwords.getPassword(metadata);
    PdfPageSource source;
    try {
      source = PdfPageSource.open(path, password, config.getDpi(), config.getOcrStrategy(),
          config.getMinTextChars(), config.getMaxPixels());
    } catch (InvalidPasswordException e) {
      metadata.set(PDF.IS_ENCRYPTED, true);
      throw new EncryptedDocumentException(
          password == null
              ? "the PDF is encrypted: give its password (CLI: --password; Solr /update/scan: resource.password;"
                  + " Tika API: a PasswordProvider in the ParseContext)"
              : "the PDF is encrypted and the password given does not open it (check --password / resource.password)",
          e);
    } catch (IOException e) {
      if (e.getMessage() != null && e.getMessage().contains("No security handler for filter")) {
        metadata.set(PDF.IS_ENCRYPTED, true);
        throw new EncryptedDocumentException("the PDF uses an encryption PDFBox cannot open", e);
      }
      throw new TikaException("not a readable PDF: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      throw new TikaException("not a readable PDF: " + e, e);
    }
    metadata.set(Metadata.CONTENT_TYPE, PDF_TYPE.toString());
    source.describe(metadata);
    return source;
  }

  private static PageSource openImage(
      Path path, String name, GroundedOcrConfig config, Metadata metadata) throws TikaException {
    try {
      ImageFilePageSource source = ImageFilePageSource.open(
          path, name, config.getMaxPixels(), config.getOcrStrategy() != OcrStrategy.NO_OCR);
      try {
        source.countPages();
      } catch (ImageDecodingException e) {
        source.close();
        throw e;
      }
      ImageFormat format = source.format();
      String type = "image/" + format.imageIoName();
      if (metadata.get(Metadata.CONTENT_TYPE) == null) {
        metadata.set(Metadata.CONTENT_TYPE, type);
      }
      metadata.set(TikaCoreProperties.FORMAT, type);
      return source;
    } catch (ImageDecodingException e) {
      throw new TikaException(e.getMessage(), e);
    }
  }

  private GroundedOcrConfig effectiveConfig(ParseContext context) {
    GroundedOcrConfig perCall = context == null ? null : context.get(GroundedOcrConfig.class);
    return perCall == null ? defaults : defaults.mergedWith(perCall);
  }

  /** The configured defaults (a copy). */
  public GroundedOcrConfig getDefaultConfig() {
    return defaults.mergedWith(null);
  }

  // ---- Initializable ----

  /**
   * Parameters other than the document-level ones (set through the {@code @Field} setters below)
   * are the engine's own settings ({@code mode}, {@code limitSide}, …): each is checked against
   * what the configured engine declares, so a misspelt or foreign one fails at load naming it.
   */
  @Override
  public void initialize(Map<String, Param> params) throws TikaConfigException {
    for (Map.Entry<String, Param> e : new TreeMap<>(params).entrySet()) {
      if (GroundedOcrConfig.PARAMETERS.contains(e.getKey())) {
        continue;
      }
      Object value = e.getValue().getValue();
      try {
        defaults.set(e.getKey(), value == null ? "" : value.toString());
      } catch (IllegalArgumentException ex) {
        throw new TikaConfigException("GroundedOcrParser parameter '" + e.getKey() + "': "
            + ex.getMessage() + " (document-level parameters: " + new TreeSet<>(GroundedOcrConfig.PARAMETERS) + ")", ex);
      }
    }
  }

  @Override
  public void checkInitialization(InitializableProblemHandler problemHandler)
      throws TikaConfigException {
    if (!engines.available(defaults.getEngine())) {
      problemHandler.handleInitializableProblem(
          getClass().getName(),
          "OCR engine '" + defaults.getEngine() + "' is not on the class path or needs a"
              + " system library that is missing (usable here: "
              + org.groundedocr.engine.OcrEngines.available()
              + "); the parser will only claim PDFs under ocrStrategy=no_ocr");
    }
    if (!defaults.getModelDir().isEmpty() && !Files.isDirectory(Path.of(defaults.getModelDir()))) {
      throw new TikaConfigException(
          "modelDir '" + defaults.getModelDir() + "' is not a directory");
    }
  }

  /** A deserialized parser gets its own (empty) engine cache; engines are not serializable. */
  private Object readResolve() {
    GroundedOcrParser p = new GroundedOcrParser();
    p.defaults = defaults;
    return p;
  }

  /** Releases the engines this parser created. */
  @Override
  public void close() {
    engines.close();
  }

  // ---- tika-config.xml parameters (see GroundedOcrConfig for each) ----

  @Field
  public void setEngine(String engine) {
    defaults.setEngine(engine);
  }

  public String getEngine() {
    return defaults.getEngine();
  }

  @Field
  public void setModelDir(String modelDir) {
    defaults.setModelDir(modelDir);
  }

  public String getModelDir() {
    return defaults.getModelDir();
  }

  @Field
  public void setDevice(String device) {
    defaults.setDevice(device);
  }

  public String getDevice() {
    return defaults.getDevice();
  }

  @Field
  public void setEngineOptions(List<String> engineOptions) {
    defaults.setEngineOptions(engineOptions);
  }

  public Map<String, String> getEngineOptions() {
    return defaults.getEngineOptions();
  }

  @Field
  public void setExportFormat(String exportFormat) {
    defaults.setExportFormat(exportFormat);
  }

  public String getExportFormat() {
    return defaults.getExportFormat();
  }

  @Field
  public void setDpi(int dpi) {
    defaults.setDpi(dpi);
  }

  public int getDpi() {
    return defaults.getDpi();
  }

  @Field
  public void setOcrStrategy(String ocrStrategy) {
    defaults.setOcrStrategy(ocrStrategy);
  }

  public String getOcrStrategy() {
    return defaults.getOcrStrategy().configName();
  }

  @Field
  public void setFirstPage(int firstPage) {
    defaults.setFirstPage(firstPage);
  }

  public int getFirstPage() {
    return defaults.getFirstPage();
  }

  @Field
  public void setLastPage(int lastPage) {
    defaults.setLastPage(lastPage);
  }

  public int getLastPage() {
    return defaults.getLastPage();
  }

  @Field
  public void setMaxPages(int maxPages) {
    defaults.setMaxPages(maxPages);
  }

  public int getMaxPages() {
    return defaults.getMaxPages();
  }

  @Field
  public void setMaxPixels(long maxPixels) {
    defaults.setMaxPixels(maxPixels);
  }

  public long getMaxPixels() {
    return defaults.getMaxPixels();
  }

  @Field
  public void setPageTimeoutSeconds(int pageTimeoutSeconds) {
    defaults.setPageTimeoutSeconds(pageTimeoutSeconds);
  }

  public int getPageTimeoutSeconds() {
    return defaults.getPageTimeoutSeconds();
  }

  @Field
  public void setMinTextChars(int minTextChars) {
    defaults.setMinTextChars(minTextChars);
  }

  public int getMinTextChars() {
    return defaults.getMinTextChars();
  }
}
