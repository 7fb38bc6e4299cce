package org.groundedocr.it.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.groundedocr.cli.ExampleScans;
import org.groundedocr.cli.ScanUploader;
import org.groundedocr.cli.SolrNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.Rectangle;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The viewer in a real browser (Debian's chromium through its chromedriver, headless) against the
 * node {@code serve} starts: search, pick the first hit, and check from the DOM that the highlight
 * boxes lie inside the region box of the hit and where the index says the words are. Saves a
 * screenshot to {@code it-tests/target/viewer-screenshot.png}. Fails in CI ({@code CI=true}) when
 * chromium or chromedriver is missing; skips elsewhere.
 */
class ViewerBrowserIT {

  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final String PHRASE = "eastern channel";

  @TempDir static Path data;
  static SolrNode node;

  @BeforeAll
  static void startAndIngest() throws Exception {
    boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    if (!present) {
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail("the viewer test needs " + CHROMIUM + " and " + CHROMEDRIVER
            + " (apt-get install chromium chromium-driver; .ci/run installs them)");
      }
      assumeTrue(false, "chromium/chromedriver not installed: skipping the browser test");
    }
    node = SolrNode.start(new SolrNode.Options(data.resolve("solr"), SearchLatencyBenchmark.freePortPair(),
        "scans", 2, 1, null));
    // the born-digital notice: indexed from its text layer, no OCR engine run needed
    List<Path> files = ExampleScans.extract(data.resolve("scans"));
    Path notice = files.stream().filter(f -> f.getFileName().toString().startsWith("notice")).findFirst().orElseThrow();
    ScanUploader uploader = new ScanUploader(node.baseUrl(), "scans");
    ScanUploader.Result r = uploader.upload(notice, Map.of());
    assertTrue(r.ok(), String.valueOf(r.error()));
    uploader.commit();
  }

  /** The viewer's request, as the test expects its answer. */
  private static JsonNode select(String q) throws Exception {
    String url = node.baseUrl() + "/scans/select?wt=json&defType=edismax&qf=_text_&q.op=AND"
        + "&fq=doc_type:chunk&hl.regions=true&hl.regions.coords=relative&hl.snippets=20&hl.fragsize=200&q="
        + URLEncoder.encode(q, StandardCharsets.UTF_8);
    HttpResponse<String> rsp = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, rsp.statusCode(), rsp.body());
    return new ObjectMapper().readTree(rsp.body());
  }

  @AfterAll
  static void stop() throws Exception {
    if (node != null) {
      node.close();
    }
  }

  @Test
  void firstHitShowsHighlightsInsideItsRegion() throws Exception {
    // what the index says: the first hit's snippets with relative boxes, as the viewer asks for them
    JsonNode expected = select("\"" + PHRASE + "\"");
    JsonNode firstHit = expected.path("response").path("docs").path(0);
    assertFalse(firstHit.isMissingNode(), "the phrase is not indexed");
    JsonNode snippets = expected.path("ocrHighlighting").path(firstHit.path("id").asText())
        .path("chunk_text").path("snippets");
    assertTrue(snippets.size() >= 2, "the notice has the phrase twice: " + snippets);

    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage", "--window-size=1400,1100",
        "--user-data-dir=" + Files.createTempDirectory(data, "chromium-profile"));
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
    ChromeDriver driver = new ChromeDriver(service, options);
    try {
      driver.get(node.baseUrl() + "/viewer/#q=" + URLEncoder.encode("\"" + PHRASE + "\"", StandardCharsets.UTF_8).replace("+", "%20"));
      WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
      WebElement first = wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("#hits .hit")));
      assertEquals(expected.path("response").path("docs").size(), driver.findElements(By.cssSelector("#hits .hit")).size());
      first.click();
      wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".page-view .box.highlight")));
      wait.until(d -> (Boolean) ((JavascriptExecutor) d).executeScript(
          "const i = document.querySelector('.page-view img'); return i != null && i.complete && i.naturalWidth > 0;"));

      WebElement page = driver.findElement(By.cssSelector(".page-view"));
      int pageNumber = Integer.parseInt(page.getAttribute("data-page"));
      Rectangle pageRect = page.getRect();
      int expectedBoxes = 0;
      for (JsonNode s : snippets) {
        for (JsonNode match : s.path("highlights")) {
          for (JsonNode b : match) {
            int pageIdx = s.path("regions").path(b.path("parentRegionIdx").asInt()).path("pageIdx").asInt();
            if (s.path("pages").path(pageIdx).path("number").asInt() == pageNumber) {
              expectedBoxes++;
            }
          }
        }
      }
      List<WebElement> highlights = driver.findElements(By.cssSelector(".page-view .box.highlight"));
      assertEquals(expectedBoxes, highlights.size(), "one overlay per highlight box on the page");
      for (WebElement h : highlights) {
        String snippet = h.getAttribute("data-snippet");
        String idx = h.getAttribute("data-parent-region-idx");
        WebElement region = driver.findElement(By.cssSelector(
            ".page-view .box.region.match[data-snippet='" + snippet + "'][data-region-idx='" + idx + "']"));
        Rectangle hr = h.getRect();
        Rectangle rr = region.getRect();
        assertTrue(hr.getX() >= rr.getX() - 2 && hr.getY() >= rr.getY() - 2
                && hr.getX() + hr.getWidth() <= rr.getX() + rr.getWidth() + 2
                && hr.getY() + hr.getHeight() <= rr.getY() + rr.getHeight() + 2,
            "highlight " + hr + " outside its region " + rr);
        // the overlay lies where the index says the words are: relative box x drawn page size
        JsonNode s = snippets.path(Integer.parseInt(snippet));
        JsonNode truth = null;
        for (JsonNode b : s.path("highlights").path(Integer.parseInt(h.getAttribute("data-match")))) {
          if (b.path("text").asText().equals(h.getAttribute("data-text"))) {
            truth = b;
          }
        }
        assertTrue(truth != null, "no such highlight in the response: " + h.getAttribute("data-text"));
        assertEquals(pageRect.getX() + truth.path("ulx").asDouble() * pageRect.getWidth(), hr.getX(), 2.0);
        assertEquals(pageRect.getY() + truth.path("uly").asDouble() * pageRect.getHeight(), hr.getY(), 2.0);
        assertEquals(pageRect.getX() + truth.path("lrx").asDouble() * pageRect.getWidth(), hr.getX() + hr.getWidth(), 2.0);
        String regionText = s.path("regions").path(Integer.parseInt(idx)).path("text").asText().toLowerCase(Locale.ROOT);
        assertTrue(regionText.contains("<em>" + PHRASE + "</em>"), "the region holds the phrase: " + regionText);
        assertEquals(PHRASE, h.getAttribute("data-text").toLowerCase(Locale.ROOT).replaceAll("\\s+", " "));
      }
      Path shot = Path.of("target", "viewer-screenshot.png");
      Files.createDirectories(shot.getParent());
      Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), shot, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      driver.quit();
    }
  }

}
