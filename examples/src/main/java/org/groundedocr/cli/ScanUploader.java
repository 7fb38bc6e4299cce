package org.groundedocr.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Client of {@code /update/scan}: posts one file as the raw request body and reads the per-file
 * result. Thread-safe (one JDK HTTP client, HTTP/1.1 keep-alive).
 */
public final class ScanUploader {

  /** One file's outcome. {@code error} is null when it was indexed. */
  public record Result(Path file, String id, int pages, int chunks, long millis, String error) {
    public boolean ok() {
      return error == null;
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, String> TYPES =
      Map.ofEntries(
          Map.entry("pdf", "application/pdf"),
          Map.entry("png", "image/png"),
          Map.entry("jpg", "image/jpeg"),
          Map.entry("jpeg", "image/jpeg"),
          Map.entry("tif", "image/tiff"),
          Map.entry("tiff", "image/tiff"),
          Map.entry("bmp", "image/bmp"),
          Map.entry("gif", "image/gif"),
          Map.entry("webp", "image/webp"));

  private final HttpClient http;
  private final String collectionUrl;
  private final SolrCredentials credentials;
  private final String pdfPassword;
  /** {@code import.imageService} template with {@code {file}} for the file's stem, or null. */
  private final String imageService;

  /** {@code solrUrl} like {@code http://localhost:8983/solr}. */
  public ScanUploader(String solrUrl, String collection) {
    this(solrUrl, collection, null, null);
  }

  /**
   * As above, sending {@code credentials} (null: none) as BasicAuth and {@code pdfPassword} (null:
   * none) as {@code resource.password} for encrypted PDFs.
   */
  public ScanUploader(String solrUrl, String collection, SolrCredentials credentials, String pdfPassword) {
    this(solrUrl, collection, credentials, pdfPassword, null);
  }

  /**
   * As above, and for OCR files (ALTO, hOCR, PAGE) each page's IIIF Image service from {@code
   * imageService} (null: none): {@code {file}} stands for the file's name without its extension,
   * {@code {page}} (left for the server) for the page number.
   */
  public ScanUploader(String solrUrl, String collection, SolrCredentials credentials, String pdfPassword,
      String imageService) {
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(30)).build();
    this.collectionUrl = SolrCredentials.withoutUserInfo(solrUrl).replaceAll("/+$", "") + "/" + collection;
    this.credentials = credentials;
    this.pdfPassword = pdfPassword;
    this.imageService = imageService;
  }

  /**
   * The {@code import.imageService} of {@code file} for {@code template}: {@code {file}} is the
   * file's name without its extension (so one template serves a folder of page files), {@code
   * {page}} stays for the server. The server checks the result (http/https, a host, no
   * credentials) and refuses a bad one naming the parameter.
   */
  static String imageServiceFor(String template, Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return template.replace("{file}", dot > 0 ? name.substring(0, dot) : name);
  }

  private HttpRequest.Builder authorized(HttpRequest.Builder b) {
    if (credentials != null) {
      b.header("Authorization", credentials.header());
    }
    return b;
  }

  /** Whether the file's extension is one the grounded-ocr parser reads. */
  public static boolean supported(Path file) {
    return TYPES.containsKey(extension(file));
  }

  static String extension(Path file) {
    String n = file.getFileName().toString();
    int dot = n.lastIndexOf('.');
    return dot < 0 ? "" : n.substring(dot + 1).toLowerCase(Locale.ROOT);
  }

  /** Uploads {@code file}; {@code literals} become {@code literal.*} fields. Never throws for a bad file. */
  public Result upload(Path file, Map<String, String> literals) throws InterruptedException {
    return upload(file, null, literals);
  }

  /**
   * Uploads {@code file} with {@code scan} (its page images; an OCR file's scan), as one
   * multipart request, or {@code file} alone when {@code scan} is null.
   */
  public Result upload(Path file, Path scan, Map<String, String> literals) throws InterruptedException {
    long start = System.nanoTime();
    try {
      HttpResponse<String> rsp = http.send(request(file, scan, literals, false), HttpResponse.BodyHandlers.ofString());
      long millis = (System.nanoTime() - start) / 1_000_000;
      JsonNode body = parse(rsp.body());
      JsonNode f = body == null ? null : body.path("files").path(0);
      if (rsp.statusCode() == 200 && f != null && "ok".equals(f.path("status").asText())) {
        return new Result(file, f.path("id").asText(null), f.path("pages").asInt(), f.path("chunks").asInt(), millis, null);
      }
      String msg = body == null ? null : body.path("error").path("msg").asText(null);
      if (msg == null && f != null) {
        msg = f.path("error").asText(null);
      }
      return new Result(file, null, 0, 0, millis, failure(rsp, msg));
    } catch (java.io.FileNotFoundException e) {
      return new Result(file, null, 0, 0, (System.nanoTime() - start) / 1_000_000, "cannot read the file: " + e.getMessage());
    } catch (IOException e) {
      return new Result(file, null, 0, 0, (System.nanoTime() - start) / 1_000_000, unreachable(e));
    }
  }

  /** Progress of a file sent as an asynchronous job, from the job's status on the server. */
  public interface JobProgress {
    /** The job's pages so far (read, and failed by the engine). */
    void pages(Path file, int done, int failed);

    /** The server's job queue is full; the upload is sent again after {@code seconds}. */
    void waiting(Path file, int seconds);
  }

  /** How often a job's status is asked for. */
  static final Duration JOB_POLL = Duration.ofSeconds(1);
  /** How long a file waits for room in full server queues, in all, before it is reported failed. */
  static final Duration MAX_BUSY_WAIT = Duration.ofHours(1);
  /** Wait when a 503 names no Retry-After. */
  private static final int DEFAULT_RETRY_SECONDS = 5;

  /**
   * Uploads {@code file} as an asynchronous job ({@code async=true}) and follows the job's status
   * until it ends: a long PDF never holds one HTTP request for its whole OCR, and the status gives
   * page progress. A full queue (503) is waited out as its {@code Retry-After} says; a server
   * outside SolrCloud (no jobs) gets the file synchronously.
   */
  public Result uploadAsJob(Path file, Path scan, Map<String, String> literals, JobProgress progress)
      throws InterruptedException {
    long start = System.nanoTime();
    long busyUntil = System.nanoTime() + MAX_BUSY_WAIT.toNanos();
    String jobId;
    try {
      while (true) {
        HttpResponse<String> rsp = http.send(request(file, scan, literals, true), HttpResponse.BodyHandlers.ofString());
        JsonNode body = parse(rsp.body());
        if (rsp.statusCode() == 200 && body != null && body.hasNonNull("jobId")) {
          jobId = body.path("jobId").asText();
          break;
        }
        String msg = body == null ? null : body.path("error").path("msg").asText(null);
        if (rsp.statusCode() == 400 && msg != null && msg.contains("needs SolrCloud")) {
          return upload(file, scan, literals);
        }
        if (rsp.statusCode() == 503 && rsp.headers().firstValue("Retry-After").isPresent()
            && System.nanoTime() < busyUntil) {
          int seconds = retryAfter(rsp.headers().firstValue("Retry-After").get());
          progress.waiting(file, seconds);
          Thread.sleep(seconds * 1000L);
          continue;
        }
        return new Result(file, null, 0, 0, (System.nanoTime() - start) / 1_000_000, failure(rsp, msg));
      }
      while (true) {
        Thread.sleep(JOB_POLL.toMillis());
        HttpResponse<String> rsp = http.send(
            authorized(HttpRequest.newBuilder(URI.create(collectionUrl + "/update/scan/jobs?wt=json&id=" + enc(jobId))))
                .timeout(Duration.ofMinutes(1)).GET().build(),
            HttpResponse.BodyHandlers.ofString());
        JsonNode body = parse(rsp.body());
        long millis = (System.nanoTime() - start) / 1_000_000;
        if (rsp.statusCode() != 200 || body == null) {
          String msg = body == null ? null : body.path("error").path("msg").asText(null);
          return new Result(file, null, 0, 0, millis, "job " + jobId + ": " + failure(rsp, msg));
        }
        progress.pages(file, body.path("pagesDone").asInt(), body.path("pagesFailed").asInt());
        String state = body.path("state").asText();
        if (!state.equals("done") && !state.equals("failed")) {
          continue;
        }
        JsonNode d = body.path("documents").path(0);
        if ("done".equals(d.path("state").asText())) {
          return new Result(file, d.path("id").asText(null), d.path("pages").asInt(), d.path("chunks").asInt(), millis, null);
        }
        String error = d.path("error").asText(null);
        return new Result(file, null, 0, 0, millis, error != null ? error : "job " + jobId + " failed: " + body.path("error").asText("no reason given"));
      }
    } catch (java.io.FileNotFoundException e) {
      return new Result(file, null, 0, 0, (System.nanoTime() - start) / 1_000_000, "cannot read the file: " + e.getMessage());
    } catch (IOException e) {
      return new Result(file, null, 0, 0, (System.nanoTime() - start) / 1_000_000, unreachable(e));
    }
  }

  private static int retryAfter(String header) {
    try {
      return Math.max(1, Integer.parseInt(header.strip()));
    } catch (NumberFormatException e) {
      return DEFAULT_RETRY_SECONDS; // an HTTP date: Solr never sends one
    }
  }

  private String failure(HttpResponse<String> rsp, String msg) {
    String denied = SolrUserOption.explain(rsp.statusCode(), credentials);
    if (denied != null) {
      return denied;
    }
    return msg != null ? msg : "HTTP " + rsp.statusCode() + ": " + abbreviate(rsp.body());
  }

  private HttpRequest request(Path file, Path scan, Map<String, String> literals, boolean async) throws IOException {
    StringJoiner q = new StringJoiner("&", "?", "");
    q.add("wt=json");
    if (async) {
      q.add("async=true");
    }
    q.add("resource.name=" + enc(file.getFileName().toString()));
    if (pdfPassword != null && extension(file).equals("pdf")) {
      q.add("resource.password=" + enc(pdfPassword));
    }
    literals.forEach((k, v) -> q.add("literal." + enc(k) + "=" + enc(v)));
    if (imageService != null) {
      q.add("import.imageService=" + enc(imageServiceFor(imageService, file)));
    }
    HttpRequest.Builder b = authorized(HttpRequest.newBuilder(URI.create(collectionUrl + "/update/scan" + q)))
        .timeout(Duration.ofHours(2));
    if (scan == null) {
      b.header("Content-Type", TYPES.getOrDefault(extension(file), "application/octet-stream"))
          .POST(HttpRequest.BodyPublishers.ofFile(file));
    } else {
      String boundary = "groundedocr" + Long.toHexString(System.nanoTime());
      b.header("Content-Type", "multipart/form-data; boundary=" + boundary)
          .POST(HttpRequest.BodyPublishers.ofByteArray(multipart(boundary, file, scan)));
    }
    return b.build();
  }

  /** Files over this size always go as asynchronous jobs. */
  public static final long ASYNC_OVER_BYTES = 64L * 1024 * 1024;

  /**
   * Whether {@code file} is "large": sent as an asynchronous job. A file of more than
   * {@code overPages} pages (a PDF by its page count, any other file counts as one page; so 0 sends
   * every file as a job), or any file over {@link #ASYNC_OVER_BYTES}. A PDF that cannot be opened
   * here is not large (the server reports what is wrong with it).
   */
  public static boolean large(Path file, int overPages, String password) {
    try {
      if (Files.size(file) > ASYNC_OVER_BYTES) {
        return true;
      }
    } catch (IOException e) {
      return false;
    }
    if (!extension(file).equals("pdf")) {
      return 1 > overPages;
    }
    try (org.apache.pdfbox.pdmodel.PDDocument d = password == null
        ? org.apache.pdfbox.Loader.loadPDF(file.toFile())
        : org.apache.pdfbox.Loader.loadPDF(file.toFile(), password)) {
      return d.getNumberOfPages() > overPages;
    } catch (IOException e) {
      return false;
    }
  }

  private static byte[] multipart(String boundary, Path... files) throws IOException {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (Path f : files) {
      String name = f.getFileName().toString().replace("\"", "_").replace("\r", "_").replace("\n", "_");
      out.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + name
          + "\"\r\nContent-Type: " + TYPES.getOrDefault(extension(f), "application/xml") + "\r\n\r\n")
          .getBytes(java.nio.charset.StandardCharsets.UTF_8));
      out.write(java.nio.file.Files.readAllBytes(f));
      out.write("\r\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    out.write(("--" + boundary + "--\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    return out.toByteArray();
  }

  /** Hard commit, opening a searcher, so the ingested documents are searchable. */
  public void commit() throws IOException, InterruptedException {
    HttpRequest req =
        authorized(HttpRequest.newBuilder(URI.create(collectionUrl + "/update?commit=true&wt=json")))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{}"))
            .timeout(Duration.ofMinutes(10))
            .build();
    HttpResponse<String> rsp;
    try {
      rsp = http.send(req, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IOException(unreachable(e), e);
    }
    if (rsp.statusCode() != 200) {
      String denied = SolrUserOption.explain(rsp.statusCode(), credentials);
      throw new IOException("HTTP " + rsp.statusCode() + ": " + (denied != null ? denied : abbreviate(rsp.body())));
    }
  }

  /** Whether an upload failed because the server is gone (not because of the file). */
  public static boolean serverUnreachable(Result r) {
    return r.error() != null && r.error().startsWith(UNREACHABLE);
  }

  private static final String UNREACHABLE = "Solr unreachable";

  /** A connection failure in words: the JDK's messages are often null ("commit failed: null"). */
  private String unreachable(IOException e) {
    String why = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    return UNREACHABLE + " at " + collectionUrl + " (" + why + "): is the server running?";
  }

  private static JsonNode parse(String body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      return null;
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static String abbreviate(String s) {
    return s == null ? "" : s.length() > 300 ? s.substring(0, 300) + "…" : s;
  }

  static boolean isRegularNonHidden(Path p) {
    return Files.isRegularFile(p) && !p.getFileName().toString().startsWith(".");
  }
}
