package org.groundedocr.it.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.groundedocr.cli.SolrNode;
import org.groundedocr.grounding.GroundedJson;
import org.groundedocr.model.Box;
import org.groundedocr.model.GroundedDocument;
import org.groundedocr.model.GroundedPage;
import org.groundedocr.model.PageStats;
import org.groundedocr.model.Region;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The viewer attack of issue 16, in a real browser (headless chromium through chromedriver):
 *
 * <ul>
 *   <li>a crafted {@code /select} answer whose snippet, region text, title, source and labels hold
 *       {@code <img src=x onerror=...>} and {@code <script>}: served by a stand-in server that sends
 *       the viewer's own files WITHOUT the Content-Security-Policy, so only the viewer's text
 *       insertion stands between the payload and the page; no script may run and the payload must
 *       show as text;
 *   <li>{@code ?solr=http://elsewhere}: the viewer must not fetch from another origin at all;
 *   <li>the real node {@code serve} starts, with a document whose OCR text holds the payload: the
 *       viewer's responses carry the CSP, the search finds the document, nothing runs.
 * </ul>
 */
class ViewerInjectionIT {

  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Each payload bumps window.__xss when it runs. */
  private static final String IMG = "<img src=x onerror=\"window.__xss=(window.__xss||0)+1\">";
  private static final String SCRIPT = "<script>window.__xss=(window.__xss||0)+1</script>";
  private static final String SVG = "<svg onload=\"window.__xss=(window.__xss||0)+1\"></svg>";

  @TempDir static Path data;
  static SolrNode node;
  static HttpServer fake;
  static HttpServer elsewhere;
  static final AtomicInteger elsewhereRequests = new AtomicInteger();
  ChromeDriver driver;

  @BeforeAll
  static void start() throws Exception {
    boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    if (!present) {
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail("the viewer test needs " + CHROMIUM + " and " + CHROMEDRIVER + " (apt-get install chromium chromium-driver)");
      }
      assumeTrue(false, "chromium/chromedriver not installed: skipping the browser test");
    }
    fake = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    fake.createContext("/solr/viewer/", ViewerInjectionIT::viewerFileWithoutCsp);
    fake.createContext("/solr/scans/select", ex -> send(ex, 200, "application/json", craftedSelect()));
    fake.createContext("/solr/scans/page", ex -> send(ex, 404, "text/plain", "no page".getBytes(StandardCharsets.UTF_8)));
    fake.start();
    elsewhere = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    elsewhere.createContext("/", ex -> {
      elsewhereRequests.incrementAndGet();
      send(ex, 200, "application/json", craftedSelect());
    });
    elsewhere.start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (fake != null) {
      fake.stop(0);
    }
    if (elsewhere != null) {
      elsewhere.stop(0);
    }
    if (node != null) {
      node.close();
    }
  }

  @BeforeEach
  void browser() throws IOException {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage", "--window-size=1400,1100",
        "--user-data-dir=" + Files.createTempDirectory(data, "chromium-profile"));
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
    driver = new ChromeDriver(service, options);
  }

  @AfterEach
  void quit() {
    if (driver != null) {
      driver.quit();
    }
  }

  private static void viewerFileWithoutCsp(HttpExchange ex) throws IOException {
    String name = ex.getRequestURI().getPath().substring("/solr/viewer/".length());
    if (name.isEmpty()) {
      name = "index.html";
    }
    if (name.equals("config.json")) { // the viewer's settings, as `serve`'s ViewerServlet gives them
      send(ex, 200, "application/json", new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsBytes(
          java.util.Map.of("completeFilter", org.groundedocr.solr.chunking.DocumentGeneration.COMPLETE_FILTER)));
      return;
    }
    String type = name.endsWith(".js") ? "text/javascript" : name.endsWith(".css") ? "text/css" : "text/html";
    try (InputStream in = SolrNode.class.getResourceAsStream("/viewer/" + name)) {
      if (in == null) {
        send(ex, 404, "text/plain", new byte[0]);
        return;
      }
      send(ex, 200, type + "; charset=utf-8", in.readAllBytes());
    }
  }

  private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
    ex.getResponseHeaders().set("Content-Type", type);
    ex.getResponseHeaders().set("Access-Control-Allow-Origin", "*");
    ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      ex.getResponseBody().write(body);
    }
    ex.close();
  }

  /** A /select answer as an attacker would write it: raw markup in every string the viewer shows. */
  static byte[] craftedSelect() throws IOException {
    ObjectNode root = JSON.createObjectNode();
    root.putObject("responseHeader").put("QTime", 1);
    ObjectNode response = root.putObject("response");
    response.put("numFound", 1);
    ObjectNode doc = response.putArray("docs").addObject();
    doc.put("id", "evil#0");
    doc.put("parent_id", "evil" + IMG);
    doc.put("source", "evil" + SVG + ".pdf");
    doc.put("title", "Title " + IMG);
    doc.putArray("pages").add(1);
    doc.putArray("labels").add("text" + IMG);
    doc.put("chunk_text", "plain " + SCRIPT);
    doc.put("regions", "[]");
    doc.put("page_sizes", "[{\"page\":1,\"width\":1000,\"height\":1400}]");
    ObjectNode snippet = root.putObject("ocrHighlighting").putObject("evil#0").putObject("chunk_text")
        .putArray("snippets").addObject();
    snippet.put("text", "before <em>zebrafish</em> " + IMG + SCRIPT + SVG + " after &amp; &lt;b&gt;");
    snippet.putArray("pages").addObject().put("number", 1).put("width", 1000).put("height", 1400);
    ObjectNode region = snippet.putArray("regions").addObject();
    region.put("page", 1).put("region", 0).put("pageIdx", 0).put("label", "text" + SVG)
        .put("ulx", 0.1).put("uly", 0.1).put("lrx", 0.9).put("lry", 0.2)
        .put("text", "region <em>zebrafish</em> " + IMG);
    ArrayNode match = snippet.putArray("highlights").addArray();
    match.addObject().put("ulx", 0.2).put("uly", 0.12).put("lrx", 0.3).put("lry", 0.15)
        .put("parentRegionIdx", 0).put("text", "zebrafish" + IMG);
    ArrayNode facet = root.putObject("facet_counts").putObject("facet_fields").putArray("labels");
    facet.add("text" + IMG).add(1);
    return JSON.writeValueAsBytes(root);
  }

  private Object xss() {
    return ((JavascriptExecutor) driver).executeScript("return window.__xss === undefined ? null : window.__xss;");
  }

  private void assertNothingInjected() {
    assertNull(xss(), "a payload ran");
    assertEquals(0, driver.findElements(By.cssSelector("#hits img, #region-texts img, #viewer-title img, "
        + "#hits script, #region-texts script, svg, [onerror], [onload]")).size(), "markup from the server became elements");
  }

  @Test
  void craftedResponseIsShownAsTextEvenWithoutCsp() {
    driver.get("http://127.0.0.1:" + fake.getAddress().getPort() + "/solr/viewer/#q=zebrafish");
    WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
    WebElement hit = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#hits .hit .snippet")));
    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#region-texts .region-text")));
    assertNothingInjected();
    // the payload is visible as the characters it is made of, and the highlight is still an element
    assertTrue(hit.getText().contains("<img src=x onerror="), hit.getText());
    assertTrue(hit.getText().contains("<script>"), hit.getText());
    assertTrue(hit.getText().endsWith("after & <b>"), "entities of hl.encoder=html decoded once: " + hit.getText());
    List<WebElement> ems = driver.findElements(By.cssSelector("#hits .snippet em"));
    assertEquals(1, ems.size());
    assertEquals("zebrafish", ems.get(0).getText());
    assertEquals(1, driver.findElements(By.cssSelector("#region-texts em")).size());
    assertTrue(driver.findElement(By.id("viewer-title")).getText().contains("Title <img"));
    assertTrue(driver.findElement(By.cssSelector("#hits .chip.label")).getText().contains("<svg"));
  }

  @Test
  void solrParameterCannotPointTheViewerElsewhere() {
    int before = elsewhereRequests.get();
    driver.get("http://127.0.0.1:" + fake.getAddress().getPort() + "/solr/viewer/?solr="
        + "http://127.0.0.1:" + elsewhere.getAddress().getPort() + "/solr#q=zebrafish");
    new WebDriverWait(driver, Duration.ofSeconds(30))
        .until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#hits .hit")));
    assertEquals(before, elsewhereRequests.get(), "the viewer fetched from another origin");
    assertNothingInjected();
  }

  @Test
  void realNodeSendsCspAndShowsAPoisonedDocumentAsText() throws Exception {
    node = SolrNode.start(new SolrNode.Options(data.resolve("solr"), SearchLatencyBenchmark.freePortPair(),
        "scans", 2, 1, null));
    GroundedPage page = new GroundedPage(1, 1000, 1400, List.of(
        new Region("title", List.of(new Box(50, 50, 950, 120)), "# Poisoned " + IMG),
        new Region("text", List.of(new Box(50, 200, 950, 400)),
            "The zebrafish survey " + IMG + " " + SCRIPT + " ended in June.")), PageStats.of("test", "", 10));
    ObjectNode doc = JSON.createObjectNode();
    doc.put("id", "poisoned");
    doc.put("source", "poisoned" + IMG + ".pdf");
    doc.put("grounded_json", GroundedJson.write(new GroundedDocument("poisoned.pdf", "test", List.of(page)), false));
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> indexed = http.send(HttpRequest.newBuilder(URI.create(node.baseUrl() + "/scans/update?commit=true"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("[" + JSON.writeValueAsString(doc) + "]")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, indexed.statusCode(), indexed.body());

    for (String file : List.of("", "viewer.js", "viewer.css")) {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(node.baseUrl() + "/viewer/" + file)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, r.statusCode());
      String csp = r.headers().firstValue("Content-Security-Policy").orElse("");
      assertTrue(csp.contains("script-src 'self'") && csp.contains("default-src 'none'"), file + ": " + csp);
      assertFalse(csp.contains("unsafe-inline"), csp);
    }
    driver.get(node.baseUrl() + "/viewer/#q=zebrafish");
    WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
    WebElement hit = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#hits .hit .snippet")));
    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#region-texts .region-text")));
    assertNothingInjected();
    assertTrue(hit.getText().contains("<img src=x"), hit.getText());
    assertEquals("zebrafish", driver.findElement(By.cssSelector("#hits .snippet em")).getText().toLowerCase(java.util.Locale.ROOT));
  }
}
