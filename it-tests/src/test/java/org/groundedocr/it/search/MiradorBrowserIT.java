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
    JsonNode manifest = new ObjectMapper().readTree(HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create(node.baseUrl() + "/scans/iiif/" + seg(docId) + "/manifest")).build(), HttpResponse.BodyHandlers.ofString()).body());
    // every hit's box, 0-1 of its canvas (the document has one page)
    JsonNode canvas = manifest.path("items").path(0);
    List<double[]> hits = new java.util.ArrayList<>();
    for (JsonNode r : answer.path("resources")) {
      String on = r.path("on").asText();
      assertTrue(on.startsWith(canvas.path("id").asText() + "#xywh="), on);
      String[] xywh = on.substring(on.indexOf("#xywh=") + 6).split(",");
      double w = canvas.path("width").asDouble();
      double h = canvas.path("height").asDouble();
      hits.add(new double[] {Double.parseDouble(xywh[0]) / w, Double.parseDouble(xywh[1]) / h,
          (Double.parseDouble(xywh[0]) + Double.parseDouble(xywh[2])) / w, (Double.parseDouble(xywh[1]) + Double.parseDouble(xywh[3])) / h});
    }

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

      // each hit of Mirador's search panel shows its match in <strong>
      By hitItems = By.xpath("//strong[translate(normalize-space(.), 'CHANEL', 'chanel') = '" + WORD + "']");
      wait.until(d -> d.findElements(hitItems).size() >= hits.size());
      assertEquals(hits.size(), driver.findElements(hitItems).size(), "Mirador lists every hit of the answer");

      // Mirador draws search hits on its canvas overlay: blue (#00BFFF), the selected one yellow
      // (#FFFF00), at 30 % over the page; wait until the drawing settles
      Rectangle viewer = driver.findElement(By.cssSelector(".openseadragon-container")).getRect();
      int[] selected = null;
      BufferedImage shot = null;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (selected == null && System.nanoTime() < deadline) {
        shot = ImageIO.read(new ByteArrayInputStream(driver.getScreenshotAs(OutputType.BYTES)));
        selected = bounds(shot, viewer.getX(), viewer.getY(), viewer.getX() + viewer.getWidth(),
            viewer.getY() + viewer.getHeight(), MiradorBrowserIT::yellow);
      }
      Path file = Path.of("target", "mirador-search.png");
      Files.createDirectories(file.getParent());
      ImageIO.write(shot, "png", file.toFile());
      assertTrue(selected != null, "no selected search hit drawn (screenshot " + file.toAbsolutePath() + ")");
      // where the page is drawn: its width from the white columns (robust), its scale from that
      // width; its top lies under the window bar's shadow, so it is set by the selected hit and
      // every other hit must then be where its xywh says, in both axes
      int[] columns = pageColumns(shot, viewer);
      double scale = (columns[1] - columns[0]) / canvas.path("width").asDouble();
      double pageW = canvas.path("width").asDouble();
      double pageH = canvas.path("height").asDouble();
      double[] first = hits.get(0);
      double top = (selected[1] + selected[3]) / 2.0 - (first[1] + first[3]) / 2 * pageH * scale;
      String where = " (page drawn from x " + columns[0] + " to " + columns[1] + ", top " + Math.round(top)
          + "; screenshot " + file.toAbsolutePath() + ")";
      assertEquals((first[0] + first[2]) / 2, ((selected[0] + selected[2]) / 2.0 - columns[0]) / (columns[1] - columns[0]),
          0.01, "the selected hit's centre x" + where);
      assertTrue(top > viewer.getY() - 30 && top < viewer.getY() + 60, "page top " + top + where);
      for (double[] hb : hits) {
        int x1 = (int) Math.round(columns[0] + hb[0] * pageW * scale);
        int y1 = (int) Math.round(top + hb[1] * pageH * scale);
        int x2 = (int) Math.round(columns[0] + hb[2] * pageW * scale);
        int y2 = (int) Math.round(top + hb[3] * pageH * scale);
        int lit = count(shot, x1 + 1, y1 + 1, x2 - 1, y2 - 1, rgb -> yellow(rgb) || sky(rgb));
        int area = Math.max(1, (x2 - x1 - 2) * (y2 - y1 - 2));
        assertTrue(lit > area / 3, "hit " + java.util.Arrays.toString(hb) + " not drawn at [" + x1 + ", " + y1
            + ", " + x2 + ", " + y2 + "]: " + lit + " of " + area + " pixels lit" + where);
      }
    } finally {
      driver.quit();
    }
  }

  static boolean sky(int rgb) {
    int red = (rgb >> 16) & 0xff;
    int green = (rgb >> 8) & 0xff;
    int blue = rgb & 0xff;
    return blue > 200 && green > 150 && red < 215 && blue - red > 30;
  }

  static boolean yellow(int rgb) {
    int red = (rgb >> 16) & 0xff;
    int green = (rgb >> 8) & 0xff;
    int blue = rgb & 0xff;
    return red > 200 && green > 200 && blue < 215 && red - blue > 30;
  }

  /**
   * The drawn page's first and last column: those white over most of the viewer's height (the
   * grey background is not, nor Mirador's white navigation bar at the bottom, which is short).
   */
  static int[] pageColumns(BufferedImage img, Rectangle r) {
    int y0 = Math.max(0, r.getY());
    int y9 = Math.min(img.getHeight(), r.getY() + r.getHeight());
    int px1 = -1;
    int px2 = -1;
    for (int x = Math.max(0, r.getX()); x < Math.min(img.getWidth(), r.getX() + r.getWidth()); x++) {
      int white = 0;
      for (int y = y0; y < y9; y++) {
        white += (img.getRGB(x, y) & 0xffffff) == 0xffffff ? 1 : 0;
      }
      if (white > (y9 - y0) * 0.6) {
        px1 = px1 < 0 ? x : px1;
        px2 = x + 1;
      }
    }
    assertTrue(px1 >= 0, "no page drawn in the viewer");
    return new int[] {px1, px2};
  }

  private static int count(BufferedImage img, int x1, int y1, int x2, int y2, java.util.function.IntPredicate test) {
    int n = 0;
    for (int y = Math.max(0, y1); y < Math.min(img.getHeight(), y2); y++) {
      for (int x = Math.max(0, x1); x < Math.min(img.getWidth(), x2); x++) {
        n += test.test(img.getRGB(x, y)) ? 1 : 0;
      }
    }
    return n;
  }

  /** The bounding box {x1, y1, x2, y2} of the pixels passing {@code test}, or null when few do. */
  private static int[] bounds(BufferedImage img, int bx1, int by1, int bx2, int by2, java.util.function.IntPredicate test) {
    int x1 = Integer.MAX_VALUE;
    int y1 = Integer.MAX_VALUE;
    int x2 = -1;
    int y2 = -1;
    int n = 0;
    for (int y = Math.max(0, by1); y < Math.min(img.getHeight(), by2); y++) {
      for (int x = Math.max(0, bx1); x < Math.min(img.getWidth(), bx2); x++) {
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
