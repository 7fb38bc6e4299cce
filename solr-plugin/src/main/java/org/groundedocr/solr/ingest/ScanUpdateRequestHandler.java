package org.groundedocr.solr.ingest;

import com.codahale.metrics.Counter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.solr.common.SolrException;
import org.apache.solr.common.SolrException.ErrorCode;
import org.apache.solr.common.params.ModifiableSolrParams;
import org.apache.solr.common.params.SolrParams;
import org.apache.solr.common.util.ContentStream;
import org.apache.solr.common.util.NamedList;
import org.apache.solr.core.SolrCore;
import org.apache.solr.handler.RequestHandlerBase;
import org.apache.solr.metrics.SolrMetricsContext;
import org.apache.solr.request.SolrQueryRequest;
import org.apache.solr.response.SolrQueryResponse;
import org.apache.solr.security.AuthorizationContext;
import org.apache.solr.security.PermissionNameProvider;
import org.apache.solr.update.processor.UpdateRequestProcessorChain;
import org.apache.solr.util.plugin.SolrCoreAware;
import org.groundedocr.tika.GroundedOcrConfig;
import org.groundedocr.tika.GroundedOcrParser;
import org.groundedocr.tika.PageImageSink;
import org.groundedocr.tika.format.OcrFileParser;

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
 *   <int name="asyncQueueSize">16</int>   <!-- async jobs accepted and not finished, per node -->
 *   <int name="asyncWorkers">1</int>      <!-- async jobs run at once, per node -->
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
 * {@code commitWithin}, {@code overwrite}, {@code update.chain}, {@code async}.
 *
 * <p>Each file is parsed and indexed on its own, with its own processor chain instance, so one
 * bad file (corrupt, encrypted, unsupported, rejected by the schema) never fails the others. The
 * response lists every file: {@code {"name", "id", "status": "ok", "contentType", "pages",
 * "chunks", "millis"}} or {@code {"name", "status": "failed", "error", "millis"}}, and the counts
 * {@code ok} and {@code failed}. When every file fails the request fails (400 for bad input, 500
 * otherwise) with the reasons in its message.
 *
 * <p>{@code async=true} (SolrCloud only): the files are read, a job is queued and the answer comes at
 * once: {@code {"jobId": "…", "status": "queued"}} with HTTP 200 (a Solr request handler cannot set
 * another success status; the {@code Location} header names the status URL). The job runs on this
 * node ({@link ScanJobs}); {@code GET /solr/<collection>/update/scan/jobs?id=<jobId>}
 * ({@link ScanJobStatusHandler}) answers from any node with its state ({@code queued}, {@code running}, {@code done}, {@code failed}), pages
 * done and failed, and per document its name, id, state and error ({@link ScanJobState}). A node
 * whose queue is full answers 503 with {@code Retry-After}.
 *
 * <p>Structure, as Solr's extraction module: this handler reads parameters and wires the parts;
 * {@link ScanDocumentLoader} turns one upload into grounded pages; {@link ScanDocumentBuilder} makes
 * the Solr document; {@link ScanDocumentWriter} sends it down the update chain.
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

  public static final String TIKA_CONFIG_PARAM = "tikaConfig";
  public static final String ID_PARAM = ScanDocumentBuilder.ID_PARAM;
  public static final String LITERAL_PREFIX = ScanDocumentBuilder.LITERAL_PREFIX;
  public static final String RESOURCE_NAME_PARAM = "resource.name";
  public static final String RESOURCE_PASSWORD_PARAM = "resource.password";
  public static final String IMAGE_SERVICE_PARAM = "import.imageService";
  /** Init parameter: the {@code ocr.*} settings a request may set, comma-separated (see {@link OcrSettings}). */
  public static final String ALLOWED_OCR_SETTINGS_PARAM = "allowedOcrSettings";
  /** Request parameter: {@code true} queues the files as a job and answers at once. */
  public static final String ASYNC_PARAM = "async";
  /** Init parameter: asynchronous jobs a node accepts and has not finished (queued or running). */
  public static final String ASYNC_QUEUE_SIZE_PARAM = "asyncQueueSize";
  /** Init parameter: asynchronous jobs a node runs at once. */
  public static final String ASYNC_WORKERS_PARAM = "asyncWorkers";
  /** Where the configset registers {@link ScanJobStatusHandler}, relative to this handler. */
  public static final String JOBS_PATH = "/jobs";

  static final int DEFAULT_ASYNC_QUEUE_SIZE = 16;
  static final int DEFAULT_ASYNC_WORKERS = 1;

  private String tikaConfig;
  private OcrSettings ocrSettings = OcrSettings.allowing(null);
  private int asyncQueueSize = DEFAULT_ASYNC_QUEUE_SIZE;
  private int asyncWorkers = DEFAULT_ASYNC_WORKERS;
  private GroundedOcrParser parser;
  private ScanJobs jobs;
  private ScanCounters counters;

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
    asyncQueueSize = positiveInit(args, ASYNC_QUEUE_SIZE_PARAM, DEFAULT_ASYNC_QUEUE_SIZE);
    asyncWorkers = positiveInit(args, ASYNC_WORKERS_PARAM, DEFAULT_ASYNC_WORKERS);
  }

  /** An integer init parameter in 1..{@link ScanJobs#MAX_QUEUE}, checked at core load. */
  static int positiveInit(NamedList<?> args, String name, int defaultValue) {
    Object v = args.get(name);
    if (v == null) {
      return defaultValue;
    }
    int n;
    try {
      n = v instanceof Number num ? num.intValue() : Integer.parseInt(v.toString().strip());
    } catch (NumberFormatException e) {
      throw new SolrException(ErrorCode.SERVER_ERROR, name + " must be an integer, got '" + v + "'");
    }
    if (n < 1 || n > ScanJobs.MAX_QUEUE) {
      throw new SolrException(ErrorCode.SERVER_ERROR, name + " must be in 1.." + ScanJobs.MAX_QUEUE + ", got " + n);
    }
    return n;
  }

  @Override
  public void inform(SolrCore core) {
    parser = SharedParsers.forCore(core, tikaConfig, TIKA_CONFIG_PARAM);
    jobs = ScanJobs.of(core.getCoreContainer(), asyncQueueSize, asyncWorkers);
  }

  /** The node's shared parser (and so OCR engine) this handler feeds. */
  GroundedOcrParser parser() {
    return parser;
  }

  @Override
  public void initializeMetrics(SolrMetricsContext parentContext, String scope) {
    super.initializeMetrics(parentContext, scope);
    String category = getCategory().toString();
    SolrMetricsContext m = getSolrMetricsContext();
    counters = new ScanCounters(counter(m, "parses", category, scope), counter(m, "documents", category, scope),
        counter(m, "pages", category, scope), counter(m, "ocrPages", category, scope),
        counter(m, "failedFiles", category, scope), counter(m, "failedPages", category, scope));
  }

  private static Counter counter(SolrMetricsContext m, String name, String category, String scope) {
    return m.counter(name, category, scope);
  }

  @Override
  public void handleRequestBody(SolrQueryRequest req, SolrQueryResponse rsp) throws Exception {
    SolrParams params = req.getParams();
    boolean async = params.getBool(ASYNC_PARAM, false);
    if (async && jobs == null) {
      throw new SolrException(ErrorCode.BAD_REQUEST, ASYNC_PARAM + "=true needs SolrCloud (job status is kept in"
          + " ZooKeeper, where every node reads it); send the files without " + ASYNC_PARAM);
    }
    // a full queue is refused before the upload is read
    if (async && !jobs.reserve()) {
      rsp.setHttpHeader("Retry-After", Integer.toString(ScanJobs.RETRY_AFTER_SECONDS));
      throw new SolrException(ErrorCode.SERVICE_UNAVAILABLE, "busy: this node has " + jobs.queueSize()
          + " ingest jobs queued or running (" + ASYNC_QUEUE_SIZE_PARAM + "); retry after "
          + ScanJobs.RETRY_AFTER_SECONDS + " s or send to another node");
    }
    boolean submitted = false;
    try {
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
      ocrSettings.fromParams(params, parser.getEngine()); // refuses bad ocr.* before any work
      imageService(params); // a bad template is the request's error, before any file is read
      new ScanDocumentBuilder(params).checkLiterals();
      if (async) {
        submitted = submit(req, rsp, streams, scans);
      } else {
        ingestNow(req, rsp, streams, scans);
      }
    } finally {
      if (async && !submitted) {
        jobs.release();
      }
    }
  }

  /** The synchronous path: every file indexed (or failed) before the response. */
  private void ingestNow(SolrQueryRequest req, SolrQueryResponse rsp, List<ContentStream> streams,
      Map<ContentStream, ContentStream> scans) throws IOException {
    SolrParams params = req.getParams();
    FileIngester ingester = ingester(req);
    List<ScanResult> results = new ArrayList<>();
    boolean serverFault = false;
    try {
      for (ContentStream stream : streams) {
        FileIngester.Outcome o = ingestOne(req, rsp, ingester, stream, scans.get(stream), params);
        results.add(o.result());
        serverFault |= o.serverFault();
      }
      writer(req).commit(req, rsp);
    } finally {
      requestDone(req);
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

  private FileIngester.Outcome ingestOne(SolrQueryRequest req, SolrQueryResponse rsp, FileIngester ingester,
      ContentStream stream, ContentStream scan, SolrParams params) {
    String name = fileName(stream, params);
    Upload upload;
    try {
      upload = spool(stream, scan, params);
    } catch (IOException e) {
      counters.failedFiles().inc();
      return new FileIngester.Outcome(
          ScanResult.failed(name, null, 0, ScanMessages.forClients("cannot receive it: " + ScanMessages.rootMessage(e), name)),
          true);
    }
    try {
      return ingester.ingest(req, rsp, upload, null);
    } finally {
      upload.delete();
    }
  }

  private static Upload spool(ContentStream stream, ContentStream scan, SolrParams params) throws IOException {
    Upload companion = scan == null ? null : Upload.spool(scan, fileName(scan, params), null);
    try {
      return Upload.spool(stream, fileName(stream, params), companion);
    } catch (IOException | RuntimeException e) {
      if (companion != null) {
        companion.delete();
      }
      throw e;
    }
  }

  /** The asynchronous path: the uploads spooled, a job queued, its id answered. */
  private boolean submit(SolrQueryRequest req, SolrQueryResponse rsp, List<ContentStream> streams,
      Map<ContentStream, ContentStream> scans) throws IOException {
    if (streams.size() > ScanJobs.MAX_FILES_PER_JOB) {
      throw new SolrException(ErrorCode.BAD_REQUEST, streams.size() + " files in one asynchronous request; at most "
          + ScanJobs.MAX_FILES_PER_JOB + " (send them as several jobs)");
    }
    SolrParams params = req.getParams();
    List<Upload> uploads = new ArrayList<>();
    String jobId;
    try {
      for (ContentStream stream : streams) {
        uploads.add(spool(stream, scans.get(stream), params));
      }
      ModifiableSolrParams jobParams = new ModifiableSolrParams(params);
      jobParams.remove(ASYNC_PARAM);
      String user = req.getUserPrincipal() == null ? null : req.getUserPrincipal().getName();
      jobId = jobs.submit(req.getCore(), jobParams, user, List.copyOf(uploads), this::runJob);
    } catch (IOException | RuntimeException e) {
      uploads.forEach(Upload::delete);
      throw e;
    }
    rsp.add("jobId", jobId);
    rsp.add("status", ScanJobState.QUEUED);
    rsp.add("files", uploads.size());
    rsp.setHttpHeader("Location", req.getPath() + JOBS_PATH + "?" + ScanJobStatusHandler.ID_PARAM + "=" + jobId);
    return true;
  }

  /** An asynchronous job's work, on a worker thread with its own request. */
  private void runJob(SolrQueryRequest req, SolrQueryResponse rsp, List<Upload> uploads, ScanJobs.Recorder recorder)
      throws IOException, InterruptedException {
    try {
      FileIngester ingester = ingester(req);
      for (int i = 0; i < uploads.size(); i++) {
        if (Thread.interrupted()) {
          // the node is stopping: the documents not begun are cut short, not tried in vain
          throw new InterruptedException();
        }
        int document = i;
        recorder.started(document);
        FileIngester.Outcome o = ingester.ingest(req, rsp, uploads.get(i), failed -> recorder.page(document, failed));
        recorder.finished(document, o.result());
      }
      writer(req).commit(req, rsp);
    } finally {
      requestDone(req);
    }
  }

  private FileIngester ingester(SolrQueryRequest req) {
    SolrParams params = req.getParams();
    GroundedOcrConfig ocr = ocrSettings.fromParams(params, parser.getEngine());
    return new FileIngester(
        new ScanDocumentLoader(parser, ocr, params.get(RESOURCE_PASSWORD_PARAM), imageService(params)),
        new ScanDocumentBuilder(params), writer(req), this::pageImageSink, counters);
  }

  /** The {@code import.imageService} parameter, checked, or null. */
  private static OcrFileParser.ImageService imageService(SolrParams params) {
    String template = params.get(IMAGE_SERVICE_PARAM);
    if (template == null || template.isBlank()) {
      return null;
    }
    try {
      return new OcrFileParser.ImageService(template);
    } catch (IllegalArgumentException e) {
      throw new SolrException(SolrException.ErrorCode.BAD_REQUEST, IMAGE_SERVICE_PARAM + ": " + e.getMessage()
          + "; give the base URI of a IIIF Image service, e.g. https://iiif.example.org/iiif/3/book7-p{page}");
    }
  }

  private static ScanDocumentWriter writer(SolrQueryRequest req) {
    UpdateRequestProcessorChain chain = req.getCore().getUpdateProcessorChain(req.getParams());
    return new ScanDocumentWriter(chain);
  }

  /**
   * Where the parser sends each rendered page image for this document, or null (the default):
   * the hook for keeping page images (the page-image store overrides it).
   */
  protected PageImageSink pageImageSink(SolrQueryRequest req, String documentId) {
    return null;
  }

  /** Called when a request's (or an asynchronous job's) files are all done: release per-request resources. */
  protected void requestDone(SolrQueryRequest req) {}

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
