package org.groundedocr.it.tika;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.groundedocr.it.tika.XhtmlRegions.Page;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code tika-server-standard} jar with our jars on its class path and the README's
 * {@code tika-config.xml}, started by the test on a free localhost port and driven over HTTP:
 * {@code PUT /tika} (XHTML) and {@code PUT /rmeta} (metadata with the grounded JSON).
 */
class TikaServerIT {

  @TempDir static Path dir;
  private static Process server;
  private static URI base;
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static Path png;
  private static Path pdf;

  @BeforeAll
  static void start() throws Exception {
    TikaDistribution.requirePresent();
    png = ScanFiles.png(dir, "hello.png", List.of("Hello from a scanned image", "Regions have boxes"));
    pdf = ScanFiles.pdf(dir, "scan.pdf", List.of(
        List.of("Invoice number 4711", "Grounded OCR in Tika"),
        List.of("Second page of the scan", "Total amount 99 EUR")));
    Path config = dir.resolve("tika-config.xml");
    try (InputStream in = TikaServerIT.class.getResourceAsStream("tika-config.xml")) {
      Files.copy(in, config, StandardCopyOption.REPLACE_EXISTING);
    }
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    base = URI.create("http://127.0.0.1:" + port);
    // -noFork: one process the test owns and stops; the default forked mode passes the same class path on
    Path log = dir.resolve("tika-server.log");
    server = new ProcessBuilder(TikaDistribution.command(TikaDistribution.TIKA_SERVER,
            "org.apache.tika.server.core.TikaServerCli",
            "-h", "127.0.0.1", "-p", Integer.toString(port), "-c", config.toString(), "-noFork"))
        .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (true) {
      if (!server.isAlive()) {
        throw new AssertionError("tika-server exited: " + Files.readString(log));
      }
      try {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(base.resolve("/version")).GET().build(),
            HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          break;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("tika-server did not start in 120 s: " + Files.readString(log));
      }
      Thread.sleep(250);
    }
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.descendants().forEach(ProcessHandle::destroy);
      server.destroy();
      if (!server.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
        server.destroyForcibly().waitFor();
      }
    }
  }

  private static HttpResponse<String> put(String path, Path file, String contentType, String accept) throws Exception {
    HttpResponse<String> r = HTTP.send(
        HttpRequest.newBuilder(base.resolve(path))
            .timeout(Duration.ofSeconds(300))
            .header("Content-Type", contentType)
            .header("Accept", accept)
            .header("Content-Disposition", "attachment; filename=" + file.getFileName())
            .PUT(HttpRequest.BodyPublishers.ofFile(file))
            .build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
    return r;
  }

  @Test
  void putTikaReturnsRegionsForAnImage() throws Exception {
    List<Page> pages = XhtmlRegions.read(put("/tika", png, "image/png", "text/html").body());
    assertEquals(1, pages.size());
    TikaAppIT.assertBoxesOnPage(pages.get(0));
    assertTrue(TikaAppIT.text(pages.get(0)).contains("regions have boxes"), TikaAppIT.text(pages.get(0)));
  }

  @Test
  void putTikaReturnsRegionsForAPdf() throws Exception {
    List<Page> pages = XhtmlRegions.read(put("/tika", pdf, "application/pdf", "text/html").body());
    assertEquals(2, pages.size());
    pages.forEach(TikaAppIT::assertBoxesOnPage);
    assertTrue(TikaAppIT.text(pages.get(1)).contains("total amount 99 eur"), TikaAppIT.text(pages.get(1)));
  }

  @Test
  void rmetaCarriesMetadataAndTheGroundedJson() throws Exception {
    JsonNode list = new ObjectMapper().readTree(put("/rmeta", pdf, "application/pdf", "application/json").body());
    assertEquals(1, list.size(), "no embedded documents");
    JsonNode doc = list.get(0);
    assertEquals("ppocr", doc.path("ocr:engine").asText());
    assertEquals("2", doc.path("ocr:pageCount").asText());
    assertEquals("2", doc.path("xmpTPg:NPages").asText());
    assertTrue(doc.path("X-TIKA:content").asText().contains("class=\"ocr_region\""));
    JsonNode grounded = new ObjectMapper().readTree(doc.path("ocr:groundedJson").asText());
    assertEquals("scan.pdf", grounded.path("source").asText());
    assertEquals(2, grounded.path("pages").size());
    assertTrue(grounded.path("pages").get(0).path("markdown").asText().contains("4711"));
  }
}
