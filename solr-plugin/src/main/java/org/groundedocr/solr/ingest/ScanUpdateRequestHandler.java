package org.groundedocr.solr.ingest;

import com.codahale.metrics.Counter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.solr.common.SolrException;
import org.apache.solr.common.SolrException.ErrorCode;
import org.apache.solr.common.SolrInputDocument;
import org.apache.solr.common.params.SolrParams;
import org.apache.solr.common.params.UpdateParams;
import org.apache.solr.common.util.ContentStream;
import org.apache.solr.common.util.NamedList;
import org.apache.solr.core.SolrCore;
import org.apache.solr.handler.RequestHandlerBase;
import org.apache.solr.handler.RequestHandlerUtils;
import org.apache.solr.metrics.SolrMetricsContext;
import org.apache.solr.request.SolrQueryRequest;
import org.apache.solr.response.SolrQueryResponse;
import org.apache.solr.security.AuthorizationContext;
import org.apache.solr.security.PermissionNameProvider;
import org.apache.solr.update.AddUpdateCommand;
import org.apache.solr.update.DeleteUpdateCommand;
import org.apache.solr.update.processor.UpdateRequestProcessor;
import org.apache.solr.update.processor.UpdateRequestProcessorChain;
import org.apache.solr.util.plugin.SolrCoreAware;
import org.apache.tika.config.TikaConfig;
import org.apache.tika.exception.EncryptedDocumentException;
import org.apache.tika.exception.TikaException;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.mime.MediaType;
import org.apache.tika.parser.CompositeParser;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.parser.Parser;
import org.apache.tika.parser.PasswordProvider;
import org.groundedocr.solr.IndexFields;
import org.groundedocr.tika.GroundedOcrConfig;
import org.groundedocr.tika.GroundedOcrMetadata;
import org.groundedocr.tika.GroundedOcrParser;
import org.groundedocr.tika.PageImageSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Ingests scanned files: OCR through the grounded-ocr Tika parser, in this node, then the update
 * chain (which chunks the result before distributing it).
 *
 * <pre>{@code
 * <requestHandler name="/update/scan" class="org.groundedocr.solr.ingest.ScanUpdateRequestHandler">
 *   <lst name="defaults">
 *     <str name="update.chain">grounded-ocr</str>
 *   </lst>
 *   <str name="tikaConfig">tika-config.xml</str>  <!-- optional, a configset resource -->
 * </requestHandler>
 * }</pre>
 *
 * <p>Requests: {@code POST /solr/<collection>/update/scan} with the file as the body and its
 * {@code Content-Type}, or {@code multipart/form-data} with several files. Parameters:
 * {@code id} (one file only; default: the first 32 hex digits of the file's SHA-256, so the same
 * bytes always replace the same document), {@code literal.<field>=<value>} (repeatable),
 * {@code resource.name} (file name of a raw body), {@code resource.password} (encrypted PDFs),
 * {@code import.imageService} (for ALTO, hOCR and PAGE files: each page's IIIF Image service, with
 * {@code {page}} for the page number, e.g. {@code https://iiif.example.org/iiif/3/book7-p{page}};
 * recorded for the manifest's canvases, never fetched),
 * {@code ocr.<setting>} (a {@link GroundedOcrConfig} setting for this request, e.g.
 * {@code ocr.ocrStrategy=ocr_only}, {@code ocr.firstPage=2}; only those named by the init parameter
 * {@code allowedOcrSettings}, default {@code ocrStrategy,dpi,firstPage,lastPage,maxPages,
 * pageTimeoutSeconds,minTextChars}; engine and model settings must be allowed by name,
 * {@code modelDir} never), {@code commit}, {@code softCommit},
 * {@code commitWithin}, {@code overwrite}, {@code update.chain}.
 *
 * <p>Each file is parsed and indexed on its own, with its own processor chain instance, so one
 * bad file (corrupt, encrypted, unsupported, rejected by the schema) never fails the others. The
 * response lists every file: {@code {"name", "id", "status": "ok", "contentType", "pages",
 * "chunks", "millis"}} or {@code {"name", "status": "failed", "error", "millis"}}, and the counts
 * {@code ok} and {@code failed}. When every file fails the request fails (400 for bad input, 500
 * otherwise) with the reasons in its message.
 *
 * <p>The parser (with its OCR engine) is shared by all cores of the node that use the same Tika
 * configuration (Solr's node-level object cache), so a node holds one engine, not one per
 * replica. Counters ({@code /admin/metrics}, group {@code core}, prefix
 * {@code UPDATE./update/scan.}): {@code parses} (parser runs), {@code documents} (files indexed),
 * {@code pages}, {@code ocrPages} (pages the engine read, as opposed to PDF text layers),
 * {@code failedFiles}, {@code failedPages}.
 */
public class ScanUpdateRequestHandler extends RequestHandlerBase
    implements SolrCoreAware, PermissionNameProvider {

  private static final Logger log = LoggerFactory.getLogger(ScanUpdateRequestHandler.class);

  public static final String TIKA_CONFIG_PARAM = "tikaConfig";
  public static final String ID_PARAM = "id";
  public static final String LITERAL_PREFIX = "literal.";
  public static final String RESOURCE_NAME_PARAM = "resource.name";
  public static final String RESOURCE_PASSWORD_PARAM = "resource.password";
  public static final String IMAGE_SERVICE_PARAM = "import.imageService";
  /** Init parameter: the {@code ocr.*} settings a request may set, comma-separated (see {@link OcrSettings}). */
  public static final String ALLOWED_OCR_SETTINGS_PARAM = "allowedOcrSettings";
  /** Document field: pages left out by {@code maxPages} (absent when none were). */

  private static final int ID_HEX_DIGITS = 32;

  private String tikaConfig;
  private OcrSettings ocrSettings = OcrSettings.allowing(null);
  private GroundedOcrParser parser;
  private Counter parses;
  private Counter documents;
  private Counter pages;
  private Counter ocrPages;
  private Counter failedFiles;
  private Counter failedPages;

  @Override
  public void init(NamedList<?> args) {
    super.init(args);
    Object tc = args.get(TIKA_CONFIG_PARAM);
    tikaConfig = tc == null ? null : tc.toString().strip();
    if (tikaConfig != null && tikaConfig.isEmpty()) {
      throw new SolrException(SolrException.ErrorCode.SERVER_ERROR, TIKA_CONFIG_PARAM + " must not be empty");
    }
    Object allowed = args.get(ALLOWED_OCR_SETTINGS_PARAM);
    try {
      ocrSettings = OcrSettings.allowing(allowed == null ? null : allowed.toString());
    } catch (IllegalArgumentException e) {
      throw new SolrException(SolrException.ErrorCode.SERVER_ERROR, ALLOWED_OCR_SETTINGS_PARAM + ": " + e.getMessage());
    }
  }

  @Override
  public void inform(SolrCore core) {
    byte[] config = null;
    if (tikaConfig != null) {
      try (InputStream in = core.getResourceLoader().openResource(tikaConfig)) {
        config = in.readAllBytes();
      } catch (IOException e) {
        throw new SolrException(
            SolrException.ErrorCode.SERVER_ERROR, TIKA_CONFIG_PARAM + " " + tikaConfig + ": " + e.getMessage(), e);
      }
    }
    // one parser (and OCR engine) per node and configuration, not one per core
    String key =
        "org.groundedocr.scan.parser:"
            + (config == null ? "default" : sha256(config))
            + "@" + System.identityHashCode(GroundedOcrParser.class.getClassLoader());
    byte[] bytes = config;
    parser =
        core.getCoreContainer()
            .getObjectCache()
            .computeIfAbsent(key, GroundedOcrParser.class, k -> createParser(bytes));
  }

  private GroundedOcrParser createParser(byte[] config) {
    if (config == null) {
      return new GroundedOcrParser();
    }
    try (InputStream in = new java.io.ByteArrayInputStream(config)) {
      GroundedOcrParser found = find(new TikaConfig(in).getParser());
      if (found == null) {
        throw new SolrException(
            SolrException.ErrorCode.SERVER_ERROR,
            TIKA_CONFIG_PARAM + " " + tikaConfig + " configures no " + GroundedOcrParser.class.getName());
      }
      return found;
    } catch (IOException | TikaException | SAXException e) {
      throw new SolrException(
          SolrException.ErrorCode.SERVER_ERROR, TIKA_CONFIG_PARAM + " " + tikaConfig + ": " + e.getMessage(), e);
    }
  }

  private static String sha256(byte[] b) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static GroundedOcrParser find(Parser p) {
    if (p instanceof GroundedOcrParser g) {
      return g;
    }
    if (p instanceof CompositeParser c) {
      for (Parser child : c.getAllComponentParsers()) {
        GroundedOcrParser g = find(child);
        if (g != null) {
          return g;
        }
      }
    }
    return null;
  }

  @Override
  public void initializeMetrics(SolrMetricsContext parentContext, String scope) {
    super.initializeMetrics(parentContext, scope);
    String category = getCategory().toString();
    SolrMetricsContext m = getSolrMetricsContext();
    parses = m.counter("parses", category, scope);
    documents = m.counter("documents", category, scope);
    pages = m.counter("pages", category, scope);
    ocrPages = m.counter("ocrPages", category, scope);
    failedFiles = m.counter("failedFiles", category, scope);
    failedPages = m.counter("failedPages", category, scope);
  }

  @Override
  public void handleRequestBody(SolrQueryRequest req, SolrQueryResponse rsp) throws Exception {
    SolrParams params = req.getParams();
    List<ContentStream> streams = new ArrayList<>();
    if (req.getContentStreams() != null) {
      req.getContentStreams().forEach(streams::add);
    }
    if (streams.isEmpty()) {
      throw new SolrException(
          SolrException.ErrorCode.BAD_REQUEST,
          "no file: POST one as the request body (with its Content-Type) or several as multipart/form-data");
    }
    // an OCR file sent with its scan (p017.xml + p017.jpg) is one document: the scan gives its
    // page images
    Map<ContentStream, ContentStream> scans = OcrUploads.pairScans(streams, params);
    streams.removeAll(scans.values());
    if (params.get(ID_PARAM) != null && streams.size() > 1) {
      throw new SolrException(
          SolrException.ErrorCode.BAD_REQUEST, ID_PARAM + " names one document; it cannot be given with " + streams.size() + " files");
    }
    GroundedOcrConfig ocr = ocrSettings.fromParams(params, parser.getEngine());
    imageService(params); // a bad template is the request's error, before any file is read
    UpdateRequestProcessorChain chain = req.getCore().getUpdateProcessorChain(params);

    List<ScanResult> results = new ArrayList<>();
    boolean serverFault = false;
    for (ContentStream stream : streams) {
      Outcome o = ingest(req, rsp, chain, ocr, stream, scans.get(stream));
      results.add(o.result);
      serverFault |= o.serverFault;
    }

    UpdateRequestProcessor processor = chain.createProcessor(req, rsp);
    try {
      RequestHandlerUtils.handleCommit(req, processor, params, false);
      processor.finish();
    } finally {
      processor.close();
    }

    long ok = results.stream().filter(ScanResult::ok).count();
    List<Object> files = new ArrayList<>();
    results.forEach(r -> files.add(r.toResponse()));
    rsp.add("files", files);
    rsp.add("ok", ok);
    rsp.add("failed", results.size() - ok);
    if (ok == 0) {
      StringBuilder msg = new StringBuilder(results.size() == 1 ? "" : "every file failed: ");
      for (ScanResult r : results) {
        msg.append(results.size() == 1 ? "" : "; ").append(r.name()).append(": ").append(r.error());
      }
      // a server-side failure is 503, not 500: Solr puts the stack trace in every 500 response,
      // and clients get the reason in words (the server log keeps the trace)
      throw new SolrException(
          serverFault ? SolrException.ErrorCode.SERVICE_UNAVAILABLE : SolrException.ErrorCode.BAD_REQUEST,
          msg.toString().replaceFirst("^; ", ""));
    }
  }

  private record Outcome(ScanResult result, boolean serverFault) {}

  private Outcome ingest(
      SolrQueryRequest req, SolrQueryResponse rsp, UpdateRequestProcessorChain chain, GroundedOcrConfig ocr, ContentStream stream,
      ContentStream scan) {
    long start = System.nanoTime();
    SolrParams params = req.getParams();
    String name = fileName(stream, params);
    String id = null;
    Path tmp = null;
    try {
      tmp = Files.createTempFile("groundedocr-scan-", ".upload");
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      long size;
      try (InputStream in = new DigestInputStream(stream.getStream(), sha)) {
        size = Files.copy(in, tmp, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
      String hash = HexFormat.of().formatHex(sha.digest());
      id = documentId(params, hash);
      if (size == 0) {
        return failed(name, id, start, "empty file", false);
      }

      Metadata metadata = new Metadata();
      metadata.set(TikaCoreProperties.RESOURCE_NAME_KEY, name);
      String declared = declaredType(stream.getContentType());
      if (declared != null) {
        metadata.set(Metadata.CONTENT_TYPE, declared);
      }
      ParseContext context = new ParseContext();
      if (ocr != null) {
        context.set(GroundedOcrConfig.class, ocr);
      }
      org.groundedocr.tika.format.OcrFileParser.ImageService service = imageService(params);
      if (service != null) {
        context.set(org.groundedocr.tika.format.OcrFileParser.ImageService.class, service);
      }
      String password = params.get(RESOURCE_PASSWORD_PARAM);
      if (password != null) {
        context.set(PasswordProvider.class, m -> password);
      }
      PageImageSink sink = pageImageSink(req, id);
      if (sink != null) {
        context.set(PageImageSink.class, sink);
        if (scan != null) {
          try (InputStream in = scan.getStream()) {
            context.set(org.groundedocr.tika.format.OcrFileParser.CompanionImage.class,
                new org.groundedocr.tika.format.OcrFileParser.CompanionImage(fileName(scan, params), in.readAllBytes()));
          }
        }
      }
      parses.inc();
      try (TikaInputStream tis = TikaInputStream.get(tmp)) {
        parser.parse(tis, new DefaultHandler(), metadata, context);
      } catch (EncryptedDocumentException e) {
        return failed(name, id, start, "encrypted PDF: " + e.getMessage(), false);
      } catch (TikaException e) {
        String why = rootMessage(e);
        boolean unreadable = why.contains("not a readable PDF") || why.contains("unsupported image format");
        return failed(name, id, start, "cannot read it: " + why
            + (unreadable ? " (damaged, truncated, or not the type its name says? re-export or re-send the file)" : ""), false);
      }
      String json = metadata.get(GroundedOcrMetadata.GROUNDED_JSON);
      if (json == null || json.isEmpty()) {
        return failed(name, id, start, "no grounded pages (not a scanned image or PDF the grounded-ocr parser reads)", false);
      }
      int pageCount = intValue(metadata.get(GroundedOcrMetadata.PAGE_COUNT));
      pages.inc(pageCount);
      ocrPages.inc(intValue(metadata.get(GroundedOcrMetadata.OCR_PAGE_COUNT)));
      String[] failed = metadata.getValues(GroundedOcrMetadata.FAILED_PAGES);
      failedPages.inc(failed.length);
      int skipped = intValue(metadata.get(GroundedOcrMetadata.PAGES_SKIPPED));
      int total = intValue(metadata.get(org.apache.tika.metadata.PagedText.N_PAGES));
      String warning = null;
      if (skipped > 0) {
        warning = "only " + pageCount + " of " + total + " pages were read (maxPages); " + skipped
            + " pages were left out: raise ocr.maxPages (or maxPages in tika-config.xml), or send the rest with ocr.firstPage";
      }

      SolrInputDocument doc = new SolrInputDocument();
      doc.setField(IndexFields.ID, id);
      doc.setField(IndexFields.SOURCE, name);
      String type = metadata.get(Metadata.CONTENT_TYPE);
      if (type != null) {
        MediaType mt = MediaType.parse(type);
        doc.setField(IndexFields.CONTENT_TYPE, mt == null ? type : mt.getBaseType().toString());
      }
      doc.setField(IndexFields.CONTENT_HASH, hash);
      doc.setField(IndexFields.FILE_SIZE, size);
      for (String p : failed) {
        doc.addField(IndexFields.OCR_FAILED_PAGES, Integer.parseInt(p));
      }
      if (skipped > 0) {
        doc.setField(IndexFields.PAGES_SKIPPED, skipped);
      }
      addLiterals(doc, params);
      if (params.get(ID_PARAM) == null && doc.getFieldValue(IndexFields.ID) != null) {
        id = doc.getFieldValue(IndexFields.ID).toString(); // literal.id
      }
      doc.setField(IndexFields.GROUNDED_JSON, json);
      for (String remote : metadata.getValues(GroundedOcrMetadata.REMOTE_PAGE_IMAGES)) {
        doc.addField(IndexFields.REMOTE_PAGE_IMAGES, remote);
      }

      AddUpdateCommand cmd = new AddUpdateCommand(req);
      cmd.solrDoc = doc;
      cmd.commitWithin = params.getInt(UpdateParams.COMMIT_WITHIN, -1);
      cmd.overwrite = params.getBool(UpdateParams.OVERWRITE, true);
      UpdateRequestProcessor processor = chain.createProcessor(req, rsp);
      try {
        processor.processAdd(cmd);
        processor.finish();
      } catch (SolrException | IOException e) {
        String cleanup = removeLeftovers(req, rsp, chain, id);
        throw new SolrException(e instanceof SolrException se ? ErrorCode.getErrorCode(se.code()) : ErrorCode.SERVER_ERROR,
            "indexing failed: " + rootMessage(e) + "; " + cleanup, e);
      } finally {
        processor.close();
      }
      documents.inc();
      Object chunks = doc.getFieldValue(IndexFields.CHUNK_COUNT);
      return new Outcome(
          ScanResult.ok(
              name, id, (String) doc.getFieldValue(IndexFields.CONTENT_TYPE), pageCount,
              chunks instanceof Number n ? n.intValue() : 0, millisSince(start), total, skipped, warning),
          false);
    } catch (SolrException e) {
      boolean server = e.code() >= 500;
      return failed(name, id, start, e.getMessage(), server);
    } catch (IOException | SAXException | RuntimeException e) {
      log.warn("/update/scan: {} failed", name, e);
      return failed(name, id, start, rootMessage(e), true);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e); // every JVM has SHA-256
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException e) {
          log.warn("could not delete {}", tmp, e);
        }
      }
    }
  }

  /**
   * After a failed write: deletes what was written of document {@code id} (its record, chunks and
   * pages, by the chain's cascading delete). Either way nothing of it is visible (the record is
   * written last; searches, /rag and /page keep to complete documents), and the next ingest of
   * the same id replaces any leftovers. Returns what happened, for the client.
   */
  private String removeLeftovers(SolrQueryRequest req, SolrQueryResponse rsp, UpdateRequestProcessorChain chain, String id) {
    UpdateRequestProcessor processor = chain.createProcessor(req, rsp);
    try {
      DeleteUpdateCommand del = new DeleteUpdateCommand(req);
      del.setId(id);
      processor.processDelete(del);
      processor.finish();
      return "nothing of document " + id + " was kept; send the file again";
    } catch (IOException | RuntimeException e) {
      log.warn("/update/scan: could not remove the leftovers of {}", id, e);
      return "document " + id + " stays invisible (incomplete); send the file again to replace it";
    } finally {
      try {
        processor.close();
      } catch (IOException e) {
        log.warn("/update/scan: closing the cleanup processor of {}", id, e);
      }
    }
  }

  /**
   * Where the parser sends each rendered page image for this document, or null (the default):
   * the hook for keeping page images (the page-image store overrides it).
   */
  protected PageImageSink pageImageSink(SolrQueryRequest req, String documentId) {
    return null;
  }

  private Outcome failed(String name, String id, long start, String error, boolean serverFault) {
    failedFiles.inc();
    log.info("/update/scan: {} failed: {}", name, error);
    return new Outcome(ScanResult.failed(name, id, millisSince(start), forClients(error, name)), serverFault);
  }

  /** The upload's temporary file, wherever a message quotes it (PDFBox, ImageIO and the JDK do). */
  private static final java.util.regex.Pattern TEMP_FILE =
      java.util.regex.Pattern.compile("(?:[A-Za-z]:)?[^\\s'\"]*groundedocr-scan-\\d+\\.upload");

  /** Clients see the name they sent, never a server path (the server log keeps the full story). */
  static String forClients(String error, String name) {
    if (error == null) {
      return null;
    }
    return TEMP_FILE.matcher(error).replaceAll(java.util.regex.Matcher.quoteReplacement(name));
  }

  /** The {@code import.imageService} parameter, checked, or null. */
  private static org.groundedocr.tika.format.OcrFileParser.ImageService imageService(SolrParams params) {
    String template = params.get(IMAGE_SERVICE_PARAM);
    if (template == null || template.isBlank()) {
      return null;
    }
    try {
      return new org.groundedocr.tika.format.OcrFileParser.ImageService(template);
    } catch (IllegalArgumentException e) {
      throw new SolrException(SolrException.ErrorCode.BAD_REQUEST, IMAGE_SERVICE_PARAM + ": " + e.getMessage()
          + "; give the base URI of a IIIF Image service, e.g. https://iiif.example.org/iiif/3/book7-p{page}");
    }
  }

  private static String documentId(SolrParams params, String hash) {
    String id = params.get(ID_PARAM);
    if (id != null) {
      if (id.isBlank()) {
        throw new SolrException(SolrException.ErrorCode.BAD_REQUEST, ID_PARAM + " must not be blank");
      }
      return id;
    }
    return hash.substring(0, ID_HEX_DIGITS);
  }

  private static void addLiterals(SolrInputDocument doc, SolrParams params) {
    for (Iterator<String> it = params.getParameterNamesIterator(); it.hasNext(); ) {
      String p = it.next();
      if (!p.startsWith(LITERAL_PREFIX) || p.length() == LITERAL_PREFIX.length()) {
        continue;
      }
      String field = p.substring(LITERAL_PREFIX.length());
      if (field.equals(IndexFields.GROUNDED_JSON)) {
        throw new SolrException(SolrException.ErrorCode.BAD_REQUEST, "literal." + field + " is not allowed: OCR writes it");
      }
      if (field.equals(IndexFields.ID) && params.get(ID_PARAM) != null) {
        continue;
      }
      doc.removeField(field);
      for (String v : params.getParams(p)) {
        doc.addField(field, v);
      }
    }
  }

  static String fileName(ContentStream stream, SolrParams params) {
    // multipart: the submitted file name is the source info (the name is the form field's)
    String n = stream.getSourceInfo();
    if (n == null || n.isBlank()) {
      n = params.get(RESOURCE_NAME_PARAM);
    }
    if (n == null || n.isBlank()) {
      n = stream.getName();
    }
    if (n == null || n.isBlank()) {
      return "upload";
    }
    // browsers and some clients send a path
    int slash = Math.max(n.lastIndexOf('/'), n.lastIndexOf('\\'));
    return slash >= 0 ? n.substring(slash + 1) : n;
  }

  /** The client's Content-Type when it says something about the file. */
  private static String declaredType(String contentType) {
    if (contentType == null) {
      return null;
    }
    MediaType t = MediaType.parse(contentType);
    if (t == null) {
      return null;
    }
    String base = t.getBaseType().toString();
    if (base.equals("application/octet-stream") || t.getType().equals("multipart") || t.getType().equals("text")) {
      return null;
    }
    return base;
  }

  private static int intValue(String v) {
    if (v == null) {
      return 0;
    }
    try {
      return Integer.parseInt(v.strip());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static long millisSince(long start) {
    return (System.nanoTime() - start) / 1_000_000;
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    String msg = e.getMessage();
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
      if (t.getMessage() != null) {
        msg = msg == null ? t.getMessage() : msg.contains(t.getMessage()) ? msg : msg + ": " + t.getMessage();
      }
    }
    if (msg == null) {
      return e.getClass().getSimpleName();
    }
    // "X: X" when a wrapper repeats its cause's message
    int half = msg.length() / 2;
    if (msg.length() > 4 && msg.substring(0, half - 1).equals(msg.substring(half + 1)) && msg.startsWith(": ", half - 1)) {
      return msg.substring(0, half - 1);
    }
    return msg;
  }

  @Override
  public String getDescription() {
    return "Ingests scanned images and PDFs: OCR to grounded pages, then the update chain";
  }

  @Override
  public Category getCategory() {
    return Category.UPDATE;
  }

  @Override
  public Name getPermissionName(AuthorizationContext request) {
    return Name.UPDATE_PERM;
  }
}
