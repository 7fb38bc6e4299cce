package org.groundedocr.it.solr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.groundedocr.cli.ExampleScans;
import org.groundedocr.cli.GroundedOcrCli;
import org.groundedocr.cli.SolrCredentials;
import org.groundedocr.cli.SolrNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code serve --user} with the CLI clients (issue 16): BasicAuth on from the first start, a
 * read-only user added through Solr's API exactly as the README shows, {@code ingest},
 * {@code search} and {@code ask} with and without {@code --user}: clear messages, no stack trace,
 * the password never printed. Also: a second {@code serve} on the same port names the port.
 */
class SecuredServeIT {

  private static final String ADMIN_PASSWORD = "Adm1n-secret-pw";
  private static final String READER_PASSWORD = "Re4der-secret-pw";

  @TempDir static Path data;
  static SolrNode node;
  static Path notice;

  @BeforeAll
  static void start() throws Exception {
    int port = freePortPair();
    node = SolrNode.start(new SolrNode.Options(data.resolve("solr"), port, "scans", 2, 1, null,
        new SolrCredentials("admin", ADMIN_PASSWORD)));
    notice = ExampleScans.extract(data.resolve("scans")).stream()
        .filter(f -> f.getFileName().toString().startsWith("notice")).findFirst().orElseThrow();
    // the README's two calls: a user, then its role
    post("/admin/authentication", "{\"set-user\": {\"reader\": \"" + READER_PASSWORD + "\"}}");
    post("/admin/authorization", "{\"set-user-role\": {\"reader\": [\"reader\"]}}");
  }

  /** A free port whose +1000 (the embedded ZooKeeper's) is free too. */
  static int freePortPair() throws java.io.IOException {
    for (int i = 0; i < 50; i++) {
      int p;
      try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
        p = s.getLocalPort();
      }
      if (p + 1000 > 65535) {
        continue;
      }
      try (java.net.ServerSocket z = new java.net.ServerSocket(p + 1000)) {
        return p;
      } catch (java.io.IOException busy) {
        // try another
      }
    }
    throw new java.io.IOException("no free port pair");
  }

  @AfterAll
  static void stop() throws Exception {
    if (node != null) {
      node.close();
    }
  }

  private static void post(String path, String json) throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(node.baseUrl() + path))
        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("admin:" + ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8)))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
  }

  /** {@code [exit code, stdout, stderr]} */
  private static String[] cli(String... args) {
    CommandLine cli = GroundedOcrCli.newCommandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int code = cli.execute(args);
    String[] r = {Integer.toString(code), out.toString(), err.toString()};
    String all = r[1] + r[2];
    assertFalse(all.contains(ADMIN_PASSWORD) || all.contains(READER_PASSWORD), "a password was printed: " + all);
    assertFalse(all.contains("\tat ") || all.contains("Exception"), "a stack trace or exception name was printed: " + all);
    return r;
  }

  @Test
  void anonymousClientsAreToldHowToLogIn() {
    String[] search = cli("search", "--solr", node.baseUrl(), "eastern channel");
    assertEquals("1", search[0]);
    assertTrue(search[2].contains("401") && search[2].contains("--user") && search[2].contains(SolrCredentials.ENV), search[2]);
    String[] ask = cli("ask", "--solr", node.baseUrl(), "what about the eastern channel?");
    assertEquals("2", ask[0]);
    assertTrue(ask[2].contains("--user"), ask[2]);
    String[] wrong = cli("search", "--solr", node.baseUrl(), "--user", "reader:not-the-password", "eastern channel");
    assertTrue(wrong[2].contains("refused the credentials of user reader"), wrong[2]);
  }

  @Test
  void readerSearchesAndAsksButCannotIngestAdminIngests() {
    String[] denied = cli("ingest", "--solr", node.baseUrl(), "--user", "reader:" + READER_PASSWORD, notice.toString());
    assertEquals("1", denied[0]);
    assertTrue(denied[1].contains("lacks the permission"), denied[1] + denied[2]);

    String[] ok = cli("ingest", "--solr", node.baseUrl(), "--user", "admin:" + ADMIN_PASSWORD, notice.toString());
    assertEquals("0", ok[0], ok[1] + ok[2]);
    assertTrue(ok[1].contains("indexed 1 of 1 file(s)"), ok[1]);

    String[] search = cli("search", "--solr", node.baseUrl(), "--user", "reader:" + READER_PASSWORD, "\"eastern channel\"");
    assertEquals("0", search[0], search[2]);
    assertTrue(search[1].contains("notice"), search[1]);
    // credentials in the URL work too (and are sent as a header, not kept in the URL)
    String withUser = node.baseUrl().replace("://", "://reader:" + READER_PASSWORD + "@");
    String[] ask = cli("ask", "--solr", withUser, "--mode", "lexical", "eastern channel dredging");
    assertEquals("0", ask[0], ask[2]);
    assertTrue(ask[1].toLowerCase(java.util.Locale.ROOT).contains("eastern channel"), ask[1]);
  }

  @Test
  void theViewerIsBehindTheSameLogin() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(URI.create(node.baseUrl() + "/viewer/")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(401, anonymous.statusCode());
    assertTrue(anonymous.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic"), "the browser asks for the user");
    HttpResponse<String> admin = http.send(HttpRequest.newBuilder(URI.create(node.baseUrl() + "/viewer/"))
        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("admin:" + ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8)))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, admin.statusCode());
    assertTrue(admin.headers().firstValue("Content-Security-Policy").orElse("").contains("script-src 'self'"));
    // the "viewer" path rule serve writes: a reader may open it too
    HttpResponse<String> reader = http.send(HttpRequest.newBuilder(URI.create(node.baseUrl() + "/viewer/"))
        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("reader:" + READER_PASSWORD).getBytes(StandardCharsets.UTF_8)))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, reader.statusCode());
  }

  @Test
  void secondServeOnTheSamePortNamesThePort() {
    int port = URI.create(node.baseUrl()).getPort();
    IllegalStateException e = assertThrows(IllegalStateException.class, () ->
        SolrNode.start(new SolrNode.Options(data.resolve("other"), port, "scans", 1, 1, null)));
    assertTrue(e.getMessage().contains("port " + port) && e.getMessage().contains("--port"), e.getMessage());
  }

  @Test
  void ocrSaysARandomFileNamedPdfIsNotAPdf() throws Exception {
    Path bogus = data.resolve("bogus.pdf");
    byte[] random = new byte[2048];
    new Random(7).nextBytes(random);
    Files.write(bogus, random);
    String[] r = cli("ocr", bogus.toString());
    assertTrue(r[2].contains("named .pdf but not a PDF"), r[1] + r[2]);
    assertFalse(r[2].contains("unsupported image format"), r[2]);
  }
}
