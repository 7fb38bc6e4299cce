package org.groundedocr.it.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.groundedocr.cli.ExampleScans;
import org.groundedocr.cli.ScanUploader;
import org.groundedocr.cli.SolrNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.Rectangle;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real IIIF client on our IIIF: Mirador 4 (npm {@code mirador}, its UMD bundle) in headless
 * Chromium opens the manifest of a document the {@code serve} node indexed, a word is typed into
 * Mirador's search panel, and the test checks that Mirador lists the hit (DOM) and draws it on the
 * page where the index says the word is (the screenshot's highlight pixels against the drawn page
 * image and the Content Search answer's {@code xywh}). The screenshot is kept as
 * {@code it-tests/target/mirador-search.png}.
 *
 * <p>Mirador is fetched with {@code npm pack mirador@4.0.0} into {@code target/mirador} on first
 * run. Fails in CI ({@code CI=true}) when chromium, chromedriver or npm/the registry is missing;
 * skips elsewhere.
 */
class MiradorBrowserIT {

  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final String MIRADOR_VERSION = "4.0.0";
  private static final String WORD = "channel";

  @TempDir static Path data;
  static SolrNode node;
  static HttpServer web;
  static Path mirador;
  static String docId;

  @BeforeAll
  static void startAndIngest() throws Exception {
    require(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "the Mirador test needs " + CHROMIUM + " and " + CHROMEDRIVER + " (apt-get install chromium chromium-driver)");
    mirador = miradorBundle();
    node = SolrNode.start(new SolrNode.Options(data.resolve("solr"), SearchLatencyBenchmark.freePortPair(),
        "scans", 2, 1, null));
    List<Path> files = ExampleScans.extract(data.resolve("scans"));
    Path notice = files.stream().filter(f -> f.getFileName().toString().startsWith("notice")).findFirst().orElseThrow();
    ScanUploader uploader = new ScanUploader(node.baseUrl(), "scans");
    ScanUploader.Result r = uploader.upload(notice, Map.of());
    assertTrue(r.ok(), String.valueOf(r.error()));
    docId = r.id();
    uploader.commit();

    // Mirador's page on an origin of its own: the IIIF answers must work cross-origin (CORS)
    web = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    web.createContext("/", exchange -> {
      String path = exchange.getRequestURI().getPath();
      byte[] body;
      String type;
      if (path.equals("/mirador.min.js")) {
        body = Files.readAllBytes(mirador);
        type = "text/javascript";
      } else {
        String manifest = node.baseUrl() + "/scans/iiif/" + seg(docId) + "/manifest";
        body = ("<!DOCTYPE html><html><head><meta charset='utf-8'><title>Mirador</title></head>"
            + "<body style='margin:0'><div id='m' style='position:absolute;inset:0'></div>"
            + "<script src='/mirador.min.js'></script><script>"
            + "window.mirador = Mirador.viewer({id:'m', window:{sideBarOpen:true, sideBarPanel:'search',"
            + " allowClose:false}, workspaceControlPanel:{enabled:false},"
            + " windows:[{manifestId:" + new ObjectMapper().writeValueAsString(manifest) + "}]});"
            + "</script></body></html>").getBytes(StandardCharsets.UTF_8);
        type = "text/html; charset=utf-8";
      }
      exchange.getResponseHeaders().set("Content-Type", type);
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream o = exchange.getResponseBody()) {
        o.write(body);
      }
    });
    web.start();
  }

  private static String seg(String id) {
    return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static void require(boolean ok, String why) {
    if (!ok) {
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail(why);
      }
      assumeTrue(false, why + ": skipping");
    }
  }

  /** {@code target/mirador/package/dist/mirador.min.js}, fetched with npm on first use. */
  private static Path miradorBundle() throws IOException, InterruptedException {
    Path dir = Path.of("target", "mirador").toAbsolutePath();
    Path bundle = dir.resolve("package/dist/mirador.min.js");
    if (Files.exists(bundle)) {
      return bundle;
    }
    Files.createDirectories(dir);
    Process pack = new ProcessBuilder("npm", "pack", "mirador@" + MIRADOR_VERSION, "--pack-destination", dir.toString())
        .directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(pack.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    boolean done = pack.waitFor(180, TimeUnit.SECONDS);
    Path tgz = dir.resolve("mirador-" + MIRADOR_VERSION + ".tgz");
    require(done && pack.exitValue() == 0 && Files.exists(tgz),
        "cannot fetch Mirador with 'npm pack mirador@" + MIRADOR_VERSION + "' (npm and the npm registry are needed): " + out);
    Process tar = new ProcessBuilder("tar", "xzf", tgz.toString(), "-C", dir.toString()).inheritIO().start();
    assertEquals(0, tar.waitFor(), "unpacking " + tgz);
    return bundle;
  }

  @AfterAll
  static void stop() throws Exception {
    if (web != null) {
      web.stop(0);
    }
    if (node != null) {
      node.close();
    }
  }

  @Test
  void searchInMiradorDrawsTheHitWhereTheIndexSaysTheWordIs() throws Exception {
    // what our Content Search says (the 1.0 form Mirador reads): the first hit's box on its canvas
    HttpResponse<String> search = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
        node.baseUrl() + "/scans/iiif/" + seg(docId) + "/search1?q=" + URLEncoder.encode(WORD, StandardCharsets.UTF_8))).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, search.statusCode(), search.body());
    JsonNode answer = new ObjectMapper().readTree(search.body());
    assertTrue(answer.path("resources").size() > 0, "the word is not indexed: " + answer);
    String on = answer.path("resources").path(0).path("on").asText();
    String[] xywh = on.substring(on.indexOf("#xywh=") + 6).split(",");
    JsonNode manifest = new ObjectMapper().readTree(HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create(node.baseUrl() + "/scans/iiif/" + seg(docId) + "/manifest")).build(), HttpResponse.BodyHandlers.ofString()).body());
    JsonNode canvas = null;
    for (JsonNode c : manifest.path("items")) {
      if (on.startsWith(c.path("id").asText() + "#")) {
        canvas = c;
      }
    }
    assertTrue(canvas != null, "the hit's canvas " + on + " is not in the manifest");
    double relX = (Double.parseDouble(xywh[0]) + Double.parseDouble(xywh[2]) / 2) / canvas.path("width").asDouble();
    double relY = (Double.parseDouble(xywh[1]) + Double.parseDouble(xywh[3]) / 2) / canvas.path("height").asDouble();

    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--force-device-scale-factor=1",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage", "--window-size=1400,1000",
        "--user-data-dir=" + Files.createTempDirectory(data, "chromium-profile"));
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
    ChromeDriver driver = new ChromeDriver(service, options);
    try {
      driver.get("http://127.0.0.1:" + web.getAddress().getPort() + "/");
      WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(60));
      WebElement input = wait.until(ExpectedConditions.elementToBeClickable(
          By.cssSelector("form[role='search'] input, form input[type='text'], form input:not([type])")));
      // the page image is drawn before searching, so the drawn page can be told from the background
      wait.until(d -> !d.findElements(By.cssSelector(".openseadragon-canvas canvas")).isEmpty());
      input.sendKeys(WORD, Keys.ENTER);
      WebElement hit = wait.until(ExpectedConditions.presenceOfElementLocated(
          By.xpath("//li[contains(translate(., 'CHANEL', 'chanel'), '" + WORD + "')]")));
      assertTrue(hit.getText().toLowerCase().contains(WORD), hit.getText());

      // Mirador draws search hits on its canvas overlay: blue (#00BFFF) or, once selected,
      // yellow (#FFFF00), at 30 % over the page; wait until the drawing settles
      Rectangle viewer = driver.findElement(By.cssSelector(".openseadragon-container")).getRect();
      int[] box = null;
      BufferedImage shot = null;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (box == null && System.nanoTime() < deadline) {
        shot = ImageIO.read(new ByteArrayInputStream(driver.getScreenshotAs(OutputType.BYTES)));
        box = highlightBox(shot, viewer);
      }
      Path file = Path.of("target", "mirador-search.png");
      Files.createDirectories(file.getParent());
      ImageIO.write(shot, "png", file.toFile());
      assertTrue(box != null, "no search highlight drawn in the viewer (screenshot " + file.toAbsolutePath() + ")");
      int[] page = pageBox(shot, viewer);
      assertTrue(page != null, "no page image drawn in the viewer (screenshot " + file.toAbsolutePath() + ")");
      double drawnX = ((box[0] + box[2]) / 2.0 - page[0]) / (page[2] - page[0]);
      double drawnY = ((box[1] + box[3]) / 2.0 - page[1]) / (page[3] - page[1]);
      assertEquals(relX, drawnX, 0.03, "highlight centre x on the page (box " + java.util.Arrays.toString(box)
          + ", page " + java.util.Arrays.toString(page) + ")");
      assertEquals(relY, drawnY, 0.03, "highlight centre y on the page");
    } finally {
      driver.quit();
    }
  }

  /** The bounding box {x1, y1, x2, y2} of the highlight-coloured pixels inside {@code r}, or null. */
  static int[] highlightBox(BufferedImage img, Rectangle r) {
    return bounds(img, r, rgb -> {
      int red = (rgb >> 16) & 0xff;
      int green = (rgb >> 8) & 0xff;
      int blue = rgb & 0xff;
      boolean sky = blue > 200 && green > 150 && red < 215 && blue - red > 30;
      boolean yellow = red > 200 && green > 200 && blue < 215 && red - blue > 30;
      return sky || yellow;
    });
  }

  /** The drawn page: the bounding box of pure white pixels inside {@code r}. */
  static int[] pageBox(BufferedImage img, Rectangle r) {
    return bounds(img, r, rgb -> (rgb & 0xffffff) == 0xffffff);
  }

  private static int[] bounds(BufferedImage img, Rectangle r, java.util.function.IntPredicate test) {
    int x1 = Integer.MAX_VALUE;
    int y1 = Integer.MAX_VALUE;
    int x2 = -1;
    int y2 = -1;
    int n = 0;
    for (int y = Math.max(0, r.getY()); y < Math.min(img.getHeight(), r.getY() + r.getHeight()); y++) {
      for (int x = Math.max(0, r.getX()); x < Math.min(img.getWidth(), r.getX() + r.getWidth()); x++) {
        if (test.test(img.getRGB(x, y))) {
          n++;
          x1 = Math.min(x1, x);
          y1 = Math.min(y1, y);
          x2 = Math.max(x2, x);
          y2 = Math.max(y2, y);
        }
      }
    }
    return n < 20 ? null : new int[] {x1, y1, x2 + 1, y2 + 1};
  }
}
