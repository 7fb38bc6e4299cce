package org.groundedocr.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code grounded-ocr ingest}: files and folders to {@code /update/scan}. */
@Command(
    name = "ingest",
    mixinStandardHelpOptions = true,
    description = {
      "Upload scanned images and PDFs (files, or folders searched recursively) to a grounded-ocr",
      "collection's /update/scan, a few at a time; progress on stderr, failures listed at the end,",
      "one commit when all are sent. Large files (more than --async-over-pages pages, or any",
      "file over 64 MiB) go as asynchronous jobs (SolrCloud): the upload returns at once and the",
      "progress comes from the job's status; a busy server (503) is waited out as it asks.",
      "Exit status 1 when a file failed."
    })
public final class IngestCommand implements Callable<Integer> {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--solr", defaultValue = "http://localhost:8983/solr", description = "Solr base URL; default ${DEFAULT-VALUE}")
  String solr;

  @Option(names = "--collection", defaultValue = "scans", description = "collection; default ${DEFAULT-VALUE}")
  String collection;

  @Option(names = "--concurrency", defaultValue = "2", description = "files in flight at once; default ${DEFAULT-VALUE}")
  int concurrency;

  @Option(names = "--literal", description = "FIELD=VALUE added to every document (repeatable), e.g. --literal batch_s=2024-05")
  Map<String, String> literals = new LinkedHashMap<>();

  @Option(names = "--no-commit", description = "do not commit at the end")
  boolean noCommit;

  @Option(names = "--password", paramLabel = "PASSWORD", description = "password of encrypted PDFs (sent as resource.password)")
  String pdfPassword;

  @Option(names = "--async-over-pages", defaultValue = "20", paramLabel = "N",
      description = "files of more than N pages (PDFs by their page count, images count 1) are sent as asynchronous jobs (0: every file); default ${DEFAULT-VALUE}")
  int asyncOverPages;

  @Option(names = "--image-service", paramLabel = "TEMPLATE", description = "for ALTO, hOCR and PAGE files:"
      + " each page's IIIF Image service, recorded for the viewer's canvases and never fetched; {file} = the"
      + " file's name without extension, {page} = the page number, e.g. https://iiif.example.org/iiif/3/{file}-p{page}")
  String imageService;

  @Option(names = "--no-async", description = "send every file synchronously (one HTTP request for its whole OCR)")
  boolean noAsync;

  /** Above this many files the summary lists only the failed ones. */
  static final int LIST_EVERY_FILE_UP_TO = 50;

  @Mixin SolrUserOption user;

  @Parameters(arity = "1..*", paramLabel = "PATH", description = "files or folders")
  List<Path> paths;

  @Override
  public Integer call() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter out = spec.commandLine().getOut();
    if (concurrency < 1) {
      err.println("--concurrency must be at least 1");
      return 2;
    }
    if (asyncOverPages < 0) {
      err.println("--async-over-pages must be 0 or more");
      return 2;
    }
    List<Path> files = new ArrayList<>();
    int skipped = 0;
    for (Path p : paths) {
      if (!Files.exists(p)) {
        err.println("no such file or folder: " + p);
        return 2;
      }
      try (Stream<Path> walk = Files.walk(p)) {
        for (Path f : (Iterable<Path>) walk.sorted()::iterator) {
          if (!ScanUploader.isRegularNonHidden(f)) {
            continue;
          }
          if (ScanUploader.supported(f) || OcrFiles.formatOf(f) != null) {
            files.add(f);
          } else {
            skipped++;
          }
        }
      }
    }
    // a scan that comes with its OCR (p017.jpg beside p017.xml) is indexed once, from the OCR,
    // and sent with it for the page images
    Map<Path, Path> scans = OcrFiles.scansOfOcrFiles(files);
    files.removeAll(scans.values());
    if (!scans.isEmpty()) {
      err.println("indexing the OCR files of " + scans.size() + " scan(s) instead of OCRing them again");
    }
    if (files.isEmpty()) {
      err.println("nothing to ingest (images: png, jpg, tif, bmp, gif, webp; pdf; ALTO, hOCR, PAGE-XML)" + (skipped > 0 ? "; skipped " + skipped + " other file(s)" : ""));
      return 2;
    }
    SolrCredentials credentials = user.credentials(solr);
    ScanUploader uploader = new ScanUploader(solr, collection, credentials, pdfPassword, imageService);
    Progress progress = new Progress(err, files.size(), System.console() != null);
    long start = System.nanoTime();
    List<ScanUploader.Result> results = new ArrayList<>();
    // set when the server is gone: the files not yet sent are not tried (each would wait for a timeout)
    AtomicBoolean serverGone = new AtomicBoolean();
    AtomicInteger jobs = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(concurrency);
    try {
      List<Future<ScanUploader.Result>> futures = new ArrayList<>();
      for (Path f : files) {
        futures.add(pool.submit(() -> {
          if (serverGone.get()) {
            return null;
          }
          Map<String, String> lit = new LinkedHashMap<>(literals);
          lit.putIfAbsent("path_s", f.toString());
          boolean async = !noAsync && ScanUploader.large(f, asyncOverPages, pdfPassword);
          if (async) {
            jobs.incrementAndGet();
          }
          ScanUploader.Result r = async
              ? uploader.uploadAsJob(f, scans.get(f), lit, progress)
              : uploader.upload(f, scans.get(f), lit);
          if (ScanUploader.serverUnreachable(r)) {
            serverGone.set(true);
          }
          progress.done(r);
          return r;
        }));
      }
      for (Future<ScanUploader.Result> fu : futures) {
        ScanUploader.Result r = fu.get();
        if (r != null) {
          results.add(r);
        }
      }
    } finally {
      pool.shutdownNow();
    }
    progress.finish();
    int notSent = files.size() - results.size();
    if (serverGone.get()) {
      err.println("stopped: the server stopped answering; " + notSent + " file(s) were not sent");
    } else if (!noCommit) {
      try {
        uploader.commit();
      } catch (IOException e) {
        err.println("commit failed: " + e.getMessage());
        serverGone.set(true);
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    long ok = results.stream().filter(ScanUploader.Result::ok).count();
    int pages = results.stream().mapToInt(ScanUploader.Result::pages).sum();
    int chunks = results.stream().mapToInt(ScanUploader.Result::chunks).sum();
    out.printf(Locale.ROOT, "%s %d of %d file(s): %d page(s), %d chunk(s) in %.1f s (%.2f pages/s)%s%s%s%n",
        serverGone.get() ? "sent" : "indexed", ok, files.size(), pages, chunks, seconds, pages / Math.max(seconds, 1e-9),
        jobs.get() > 0 ? "; " + jobs.get() + " as asynchronous job(s)" : "",
        skipped > 0 ? "; skipped " + skipped + " file(s) of other types" : "",
        notSent > 0 ? "; " + notSent + " file(s) not sent" : "");
    if (results.size() <= LIST_EVERY_FILE_UP_TO) {
      for (ScanUploader.Result r : results) {
        if (r.ok()) {
          out.println("  " + r.file() + ": done, " + r.pages() + " page(s), " + r.chunks() + " chunk(s), id " + r.id());
        }
      }
    }
    List<ScanUploader.Result> failed = results.stream().filter(r -> !r.ok()).toList();
    if (!failed.isEmpty()) {
      out.println(failed.size() + " file(s) failed:");
      for (ScanUploader.Result r : failed) {
        out.println("  " + r.file() + ": " + r.error());
      }
      return 1;
    }
    return serverGone.get() ? 1 : 0;
  }

  /**
   * Files and pages done, on one line when stderr is a terminal, one line per file otherwise; the
   * pages of files in flight as asynchronous jobs count as their job status reports them.
   */
  static final class Progress implements ScanUploader.JobProgress {
    private final PrintWriter err;
    private final int total;
    private final boolean terminal;
    private final AtomicInteger files = new AtomicInteger();
    private final AtomicInteger pages = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final Map<java.nio.file.Path, Integer> jobPages = new java.util.concurrent.ConcurrentHashMap<>();
    private final long start = System.nanoTime();

    Progress(PrintWriter err, int total, boolean terminal) {
      this.err = err;
      this.total = total;
      this.terminal = terminal;
    }

    synchronized void done(ScanUploader.Result r) {
      jobPages.remove(r.file());
      files.incrementAndGet();
      pages.addAndGet(r.pages());
      if (!r.ok()) {
        failed.incrementAndGet();
      }
      String line = line();
      if (terminal) {
        err.print("\r" + line);
      } else {
        err.println(line + "  " + r.file() + (r.ok() ? ": " + r.pages() + " page(s), " + r.chunks() + " chunk(s)" : ": FAILED " + r.error()));
      }
      err.flush();
    }

    @Override
    public synchronized void pages(java.nio.file.Path file, int done, int failedPages) {
      Integer before = jobPages.put(file, done + failedPages);
      if (terminal && (before == null || before != done + failedPages)) {
        err.print("\r" + line());
        err.flush();
      }
    }

    @Override
    public synchronized void waiting(java.nio.file.Path file, int seconds) {
      String msg = "server busy (its job queue is full): " + file + " is sent again in " + seconds + " s";
      err.print(terminal ? "\r" + msg : msg + System.lineSeparator());
      err.flush();
    }

    private String line() {
      int n = files.get();
      int p = pages.get() + jobPages.values().stream().mapToInt(Integer::intValue).sum();
      double s = (System.nanoTime() - start) / 1e9;
      int width = 30;
      int filled = (int) Math.round(width * (double) n / total);
      String bar = "[" + "#".repeat(filled) + ".".repeat(width - filled) + "]";
      return String.format(Locale.ROOT, "%s %d/%d files, %d pages, %d failed, %.2f pages/s", bar, n, total, p, failed.get(),
          p / Math.max(s, 1e-9));
    }

    void finish() {
      if (terminal) {
        err.println();
        err.flush();
      }
    }
  }
}
