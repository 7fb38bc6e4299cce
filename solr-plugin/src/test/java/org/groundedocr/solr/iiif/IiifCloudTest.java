package org.groundedocr.solr.iiif;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.imageio.ImageIO;
import org.apache.solr.SolrTestCaseJ4;
import org.apache.solr.client.solrj.request.CollectionAdminRequest;
import org.apache.solr.client.solrj.request.ContentStreamUpdateRequest;
import org.apache.solr.cloud.SolrCloudTestCase;
import org.apache.solr.common.util.ContentStreamBase;
import org.apache.solr.common.util.NamedList;
import org.groundedocr.format.ImportOptions;
import org.groundedocr.format.OcrFormat;
import org.groundedocr.model.Box;
import org.groundedocr.model.GroundedDocument;
import org.groundedocr.model.GroundedPage;
import org.groundedocr.model.PageStats;
import org.groundedocr.model.Region;
import org.groundedocr.model.RegionLabels;
import org.groundedocr.model.TextLine;
import org.groundedocr.model.Word;
import org.groundedocr.solr.GroundedOcrCore;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * ALTO in, IIIF out, on a 2-node, 2-shard cluster with the project's configset: an ALTO file
 * through {@code /update/scan} is indexed without OCR and searchable word by word; {@code /ocr}
 * gives it back as ALTO; {@code /iiif} gives its manifest and Content Search answers whose
 * {@code xywh} are the ALTO's word boxes; a scan OCRed on ingest gets canvases painted by the
 * {@code /page} Image API service.
 */
@SolrTestCaseJ4.SuppressSSL
public class IiifCloudTest extends SolrCloudTestCase {

  private static final String COLLECTION = "library";
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();
  static final Box WORD = new Box(195, 50, 400, 90);

  static GroundedDocument kant() {
    TextLine l1 = new TextLine(new Box(40, 50, 400, 90), "Was ist Aufklärung",
        List.of(new Word(new Box(40, 50, 110, 90), "Was", 0.9), new Word(new Box(125, 50, 180, 90), "ist", 0.8),
            new Word(WORD, "Aufklärung", 0.95)));
    TextLine l2 = new TextLine(new Box(40, 120, 520, 150), "Sapere aude <Habe Mut>",
        List.of(new Word(new Box(40, 120, 170, 150), "Sapere", 0.9), new Word(new Box(185, 120, 280, 150), "aude", 0.9),
            new Word(new Box(295, 120, 400, 150), "<Habe", 0.9), new Word(new Box(415, 120, 520, 150), "Mut>", 0.9)));
    GroundedPage p1 = new GroundedPage(1, 600, 800, List.of(
        new Region(RegionLabels.TITLE, List.of(l1.bbox()), l1.text(), List.of(l1)),
        new Region(RegionLabels.TEXT, List.of(l2.bbox()), l2.text(), List.of(l2))),
        new PageStats("", "", 0, 0, 0, true));
    TextLine l3 = new TextLine(new Box(60, 300, 330, 340), "Unmündigkeit ist das Unvermögen",
        List.of(new Word(new Box(60, 300, 200, 340), "Unmündigkeit"), new Word(new Box(210, 300, 240, 340), "ist"),
            new Word(new Box(250, 300, 280, 340), "das"), new Word(new Box(290, 300, 330, 340), "Unvermögen")));
    GroundedPage p2 = new GroundedPage(2, 600, 800, List.of(
        new Region(RegionLabels.TEXT, List.of(l3.bbox()), l3.text(), List.of(l3))),
        new PageStats("", "", 0, 0, 0, true));
    return new GroundedDocument("kant.tif", "ocr-d", List.of(p1, p2));
  }

  @BeforeClass
  public static void setupCluster() throws Exception {
    configureCluster(2).addConfig("grounded-ocr", GroundedOcrCore.configsetConf()).configure();
    CollectionAdminRequest.createCollection(COLLECTION, "grounded-ocr", 2, 1).process(cluster.getSolrClient());
    cluster.waitForActiveCollection(COLLECTION, 2, 2);
    ingest("kant", "kant_0017.xml", "application/xml", OcrFormat.ALTO.toString(kant()).getBytes(StandardCharsets.UTF_8));
    ingest("notice", "notice.png", "image/png", png("Harbour notice lighthouse"));
    // an archive's OCR with its scan, in one upload: indexed from the ALTO, painted with the scan
    GroundedDocument onePage = new GroundedDocument("kant_0017.png", "ocr-d", List.of(kant().pages().get(0)));
    ContentStreamUpdateRequest up = new ContentStreamUpdateRequest("/update/scan");
    up.addContentStream(new ContentStreamBase.ByteArrayStream(
        OcrFormat.ALTO.toString(onePage).getBytes(StandardCharsets.UTF_8), "kant_0017.xml", "application/xml"));
    up.addContentStream(new ContentStreamBase.ByteArrayStream(png("Was ist Aufklaerung", 300, 400), "kant_0017.png", "image/png"));
    up.setParam("id", "kantscan");
    up.setParam("commit", "true");
    NamedList<Object> rsp = cluster.getSolrClient().request(up, COLLECTION);
    assertEquals(rsp.toString(), 1, ((Number) rsp.get("ok")).intValue());
    // OCR whose scan stays where it is: named by URL in the ALTO, or a IIIF service as a parameter
    ingest("remote", "remote.xml", "application/xml", alto(new GroundedDocument(REMOTE_IMAGE, "ocr-d",
        List.of(kant().pages().get(0)))));
    ingest("unsafe", "unsafe.xml", "application/xml", alto(new GroundedDocument("javascript:alert(1)//.jpg", "ocr-d",
        List.of(kant().pages().get(0)))));
    // a scan uploaded with an ALTO that also names a remote image: the stored scan paints the canvas
    ContentStreamUpdateRequest both = new ContentStreamUpdateRequest("/update/scan");
    both.addContentStream(new ContentStreamBase.ByteArrayStream(alto(new GroundedDocument(REMOTE_IMAGE, "ocr-d",
        List.of(kant().pages().get(0)))), "both.xml", "application/xml"));
    both.addContentStream(new ContentStreamBase.ByteArrayStream(png("Was ist Aufklaerung", 300, 400), "both.png", "image/png"));
    both.setParam("id", "both");
    both.setParam("commit", "true");
    rsp = cluster.getSolrClient().request(both, COLLECTION);
    assertEquals(rsp.toString(), 1, ((Number) rsp.get("ok")).intValue());
    ContentStreamUpdateRequest served = new ContentStreamUpdateRequest("/update/scan");
    served.addContentStream(new ContentStreamBase.ByteArrayStream(alto(kant()), "served.xml", "application/xml"));
    served.setParam("id", "served");
    served.setParam("import.imageService", SERVICE_TEMPLATE);
    served.setParam("commit", "true");
    rsp = cluster.getSolrClient().request(served, COLLECTION);
    assertEquals(rsp.toString(), 1, ((Number) rsp.get("ok")).intValue());
  }

  static final String REMOTE_IMAGE = "https://images.example.org/scans/kant p17.jpg";
  static final String SERVICE_TEMPLATE = "https://iiif.example.org/iiif/3/kant-p{page}/info.json";

  private static byte[] alto(GroundedDocument doc) {
    return OcrFormat.ALTO.toString(doc).getBytes(StandardCharsets.UTF_8);
  }

  static byte[] png(String text, int w, int h) throws Exception {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, w, h);
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 20));
    g.drawString(text, 20, 40);
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, "png", out);
    return out.toByteArray();
  }

  static byte[] png(String text) throws Exception {
    BufferedImage img = new BufferedImage(1000, 300, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, 1000, 300);
    g.setColor(Color.BLACK);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 52));
    g.drawString(text, 60, 160);
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, "png", out);
    return out.toByteArray();
  }

  private static void ingest(String id, String name, String type, byte[] bytes) throws Exception {
    ContentStreamUpdateRequest up = new ContentStreamUpdateRequest("/update/scan");
    up.addContentStream(new ContentStreamBase.ByteArrayStream(bytes, name, type));
    up.setParam("id", id);
    up.setParam("commit", "true");
    NamedList<Object> rsp = cluster.getSolrClient().request(up, COLLECTION);
    assertEquals(rsp.toString(), 1, ((Number) rsp.get("ok")).intValue());
  }

  static HttpResponse<String> get(int node, String pathAndQuery) throws Exception {
    String base = cluster.getJettySolrRunner(node).getBaseUrl().toString();
    return HTTP.send(HttpRequest.newBuilder(URI.create(base + "/" + COLLECTION + pathAndQuery)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(HttpResponse<String> rsp) throws Exception {
    assertEquals(rsp.body(), 200, rsp.statusCode());
    return JSON.readTree(rsp.body());
  }

  @Test
  public void importedAltoComesBackAsAltoFromEveryNode() throws Exception {
    for (int node = 0; node < 2; node++) {
      HttpResponse<String> rsp = get(node, "/ocr/alto?doc=kant");
      assertEquals(rsp.body(), 200, rsp.statusCode());
      assertTrue(rsp.headers().firstValue("Content-Type").orElse(""), rsp.headers().firstValue("Content-Type").orElse("").startsWith("application/alto+xml"));
      GroundedDocument back = OcrFormat.ALTO.read(new ByteArrayInputStream(rsp.body().getBytes(StandardCharsets.UTF_8)), ImportOptions.named("x"));
      assertEquals(kant().pages().get(0).regions().get(0).lines(), back.pages().get(0).regions().get(0).lines());
    }
    HttpResponse<String> page = get(0, "/ocr/page?doc=kant&page=2");
    assertEquals(page.body(), 200, page.statusCode());
    assertTrue(page.body(), page.body().contains("<Unicode>Unmündigkeit</Unicode>"));
    assertEquals(400, get(0, "/ocr/page?doc=kant").statusCode());
    assertEquals(404, get(0, "/ocr/alto?doc=nobody").statusCode());
    assertEquals(404, get(0, "/ocr/docx?doc=kant").statusCode());
  }

  @Test
  public void manifestHasOneCanvasPerPageWithAltoAndSearchServices() throws Exception {
    JsonNode m = json(get(1, "/iiif/kant/manifest"));
    assertEquals("Manifest", m.path("type").asText());
    String base = cluster.getJettySolrRunner(1).getBaseUrl().toString() + "/" + COLLECTION;
    assertEquals(base + "/iiif/kant/manifest", m.path("id").asText());
    assertEquals(2, m.path("items").size());
    JsonNode c2 = m.path("items").path(1);
    assertEquals(base + "/iiif/kant/canvas/p2", c2.path("id").asText());
    assertEquals(600, c2.path("width").asInt());
    assertEquals(base + "/ocr/alto?doc=kant&page=2", c2.path("seeAlso").path(0).path("id").asText());
    assertEquals("SearchService2", m.path("service").path(0).path("type").asText());
    assertEquals("http://iiif.io/api/search/1/search", m.path("service").path(1).path("profile").asText());
    // the ALTO came without its scan: canvases without a painting annotation
    assertEquals(0, c2.path("items").path(0).path("items").size());
    assertEquals(404, get(0, "/iiif/nobody/manifest").statusCode());
  }

  @Test
  public void contentSearchTargetsTheAltoWordBoxes() throws Exception {
    String base = cluster.getJettySolrRunner(0).getBaseUrl().toString() + "/" + COLLECTION;
    JsonNode page = json(get(0, "/iiif/kant/search?q=aufkl%C3%A4rung"));
    assertEquals("AnnotationPage", page.path("type").asText());
    assertEquals(page.toString(), 1, page.path("items").size());
    JsonNode a = page.path("items").path(0);
    assertEquals(base + "/iiif/kant/canvas/p1#xywh=" + WORD.x1() + "," + WORD.y1() + "," + WORD.width() + ","
        + WORD.height(), a.path("target").asText());
    assertEquals("Aufklärung", a.path("body").path("value").asText());
    JsonNode quote = page.path("annotations").path(0).path("items").path(0).path("target").path(0).path("selector").path(0);
    assertEquals("Aufklärung", quote.path("exact").asText());
    assertTrue(quote.toString(), quote.path("prefix").asText().contains("Was ist"));

    // markup in OCR text is data, escaped by the JSON writer, and a phrase gives one box per word
    JsonNode mut = json(get(0, "/iiif/kant/search?q=%22habe%20mut%22"));
    assertEquals(mut.toString(), 2, mut.path("items").size());
    assertEquals("Habe", mut.path("items").path(0).path("body").path("value").asText());
    // the match leaves the "<" out: its box starts a glyph into the word "<Habe" (295..400)
    String[] xywh = mut.path("items").path(0).path("target").asText().replaceAll(".*#xywh=", "").split(",");
    int x = Integer.parseInt(xywh[0]);
    assertTrue(mut.toString(), x > 295 && x < 330 && x + Integer.parseInt(xywh[2]) == 400);
    String prefix = mut.path("annotations").path(0).path("items").path(0).path("target").path(0)
        .path("selector").path(0).path("prefix").asText();
    assertTrue(prefix, prefix.endsWith("Sapere aude <"));

    JsonNode one = json(get(1, "/iiif/kant/search1?q=unverm%C3%B6gen"));
    assertEquals(1, one.path("resources").size());
    assertEquals(base.replace(cluster.getJettySolrRunner(0).getBaseUrl().toString(), cluster.getJettySolrRunner(1).getBaseUrl().toString())
        + "/iiif/kant/canvas/p2#xywh=290,300,40,40", one.path("resources").path(0).path("on").asText());
    assertEquals("Unvermögen", one.path("hits").path(0).path("match").asText());

    JsonNode none = json(get(0, "/iiif/kant/search?q=lighthouse"));
    assertEquals(0, none.path("items").size());
    JsonNode all = json(get(0, "/iiif/search?q=lighthouse"));
    assertEquals(all.toString(), 1, all.path("items").size());
    assertTrue(all.toString(), all.path("items").path(0).path("target").asText().startsWith(base + "/iiif/notice/canvas/p1#xywh="));
    assertEquals(base + "/iiif/notice/manifest", all.path("items").path(0).path("partOf").path("id").asText());
    assertEquals(400, get(0, "/iiif/kant/search").statusCode());
  }

  @Test
  public void altoUploadedWithItsScanIsPaintedWithIt() throws Exception {
    JsonNode m = json(get(1, "/iiif/kantscan/manifest"));
    assertEquals(1, m.path("items").size());
    JsonNode body = m.path("items").path(0).path("items").path(0).path("items").path(0).path("body");
    String service = body.path("service").path(0).path("id").asText();
    assertTrue(m.toString(), service.endsWith("/page/iiif/kantscan!page-1"));
    JsonNode info = json(HTTP.send(HttpRequest.newBuilder(URI.create(service + "/info.json")).build(),
        HttpResponse.BodyHandlers.ofString()));
    // the 300x400 scan was resized to the ALTO's 600x800 page, so the boxes fit it
    assertEquals(600, info.path("width").asInt());
    JsonNode page = json(get(0, "/iiif/kantscan/search?q=aufkl%C3%A4rung"));
    assertTrue(page.path("items").path(0).path("target").asText().endsWith("/iiif/kantscan/canvas/p1#xywh=195,50,205,40"));
    // one document, not two: the scan was not indexed on its own
    assertEquals(0L, cluster.getSolrClient().query(COLLECTION,
        new org.apache.solr.client.solrj.SolrQuery("source:kant_0017.png").setRows(0)).getResults().getNumFound());
  }

  @Test
  public void scannedPagesArePaintedByTheImageService() throws Exception {
    JsonNode m = json(get(0, "/iiif/notice/manifest"));
    JsonNode body = m.path("items").path(0).path("items").path(0).path("items").path(0).path("body");
    String service = body.path("service").path(0).path("id").asText();
    String base = cluster.getJettySolrRunner(0).getBaseUrl().toString() + "/" + COLLECTION;
    assertEquals(base + "/page/iiif/notice!page-1", service);
    JsonNode info = json(HTTP.send(HttpRequest.newBuilder(URI.create(service + "/info.json")).build(),
        HttpResponse.BodyHandlers.ofString()));
    assertEquals(1000, info.path("width").asInt());
    assertEquals(service, info.path("id").asText());
  }

  @Test
  public void altoNamingItsImageByUrlGetsACanvasPaintedWithIt() throws Exception {
    JsonNode m = json(get(0, "/iiif/remote/manifest"));
    JsonNode canvas = m.path("items").path(0);
    JsonNode body = canvas.path("items").path(0).path("items").path(0).path("body");
    // the space of the ALTO's URL is percent-encoded: the manifest holds only well-formed URLs
    assertEquals(m.toString(), "https://images.example.org/scans/kant%20p17.jpg", body.path("id").asText());
    assertEquals("image/jpeg", body.path("format").asText());
    assertEquals(600, body.path("width").asInt());
    assertEquals(800, body.path("height").asInt());
    assertTrue(body.toString(), body.path("service").isMissingNode());
    assertEquals(canvas.path("id").asText(), canvas.path("items").path(0).path("items").path(0).path("target").asText());
  }

  @Test
  public void aStoredScanWinsOverTheUrlTheAltoNames() throws Exception {
    JsonNode m = json(get(0, "/iiif/both/manifest"));
    JsonNode body = m.path("items").path(0).path("items").path(0).path("items").path(0).path("body");
    assertTrue(m.toString(), body.path("service").path(0).path("id").asText().endsWith("/page/iiif/both!page-1"));
    assertFalse(m.toString(), m.toString().contains("images.example.org"));
  }

  @Test
  public void anImageServiceGivenAsParameterPaintsEveryPage() throws Exception {
    JsonNode m = json(get(1, "/iiif/served/manifest"));
    assertEquals(2, m.path("items").size());
    for (int p = 1; p <= 2; p++) {
      JsonNode body = m.path("items").path(p - 1).path("items").path(0).path("items").path(0).path("body");
      String service = "https://iiif.example.org/iiif/3/kant-p" + p;
      assertEquals(m.toString(), service, body.path("service").path(0).path("id").asText());
      assertEquals("ImageService3", body.path("service").path(0).path("type").asText());
      assertEquals(service + "/full/max/0/default.jpg", body.path("id").asText());
    }
  }

  @Test
  public void onlyHttpImagesAreTakenAndABadServiceIsRefused() throws Exception {
    JsonNode m = json(get(0, "/iiif/unsafe/manifest"));
    assertEquals(m.toString(), 0, m.path("items").path(0).path("items").path(0).path("items").size());
    assertFalse(m.toString(), m.toString().contains("javascript"));

    ContentStreamUpdateRequest up = new ContentStreamUpdateRequest("/update/scan");
    up.addContentStream(new ContentStreamBase.ByteArrayStream(alto(kant()), "bad.xml", "application/xml"));
    up.setParam("id", "bad");
    up.setParam("import.imageService", "file:///etc/passwd");
    org.apache.solr.common.SolrException e = expectThrows(org.apache.solr.common.SolrException.class,
        () -> cluster.getSolrClient().request(up, COLLECTION));
    assertEquals(400, e.code());
    assertTrue(e.getMessage(), e.getMessage().contains("import.imageService") && e.getMessage().contains("http"));
  }
}
