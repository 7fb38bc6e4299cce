package org.groundedocr.solr.page;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import javax.imageio.ImageIO;
import org.apache.solr.SolrTestCaseJ4;
import org.apache.solr.client.solrj.SolrQuery;
import org.apache.solr.client.solrj.request.CollectionAdminRequest;
import org.apache.solr.client.solrj.request.ContentStreamUpdateRequest;
import org.apache.solr.client.solrj.request.UpdateRequest;
import org.apache.solr.client.solrj.response.QueryResponse;
import org.apache.solr.cloud.SolrCloudTestCase;
import org.apache.solr.common.SolrDocument;
import org.apache.solr.common.SolrInputDocument;
import org.apache.solr.common.util.ContentStreamBase;
import org.apache.solr.common.util.NamedList;
import org.groundedocr.model.Box;
import org.groundedocr.solr.GroundedOcrCore;
import org.groundedocr.solr.IndexFields;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Page images end to end on a 2-node, 2-shard cluster with the project's configset: a PDF through
 * {@code /update/scan} keeps its rendered pages as page documents; {@code /page} serves them, cut
 * and scaled, from either node; the boxes of a highlight cut ink out of the stored image.
 */
@SolrTestCaseJ4.SuppressSSL
public class PageImageCloudTest extends SolrCloudTestCase {

  private static final String COLLECTION = "scans";
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static TextPdf pdf;

  @BeforeClass
  public static void setupCluster() throws Exception {
    configureCluster(2).addConfig("grounded-ocr", GroundedOcrCore.configsetConf()).configure();
    CollectionAdminRequest.createCollection(COLLECTION, "grounded-ocr", 2, 1)
        .process(cluster.getSolrClient());
    cluster.waitForActiveCollection(COLLECTION, 2, 2);
    pdf = TextPdf.of(List.of(
        List.of("Harbour Authority Annual Report", "The copper shipments rose sharply in the third quarter",
            "while grain exports to Lisbon stayed level with last year."),
        List.of("Appendix", "Tonnage handled at the northern quay is listed by month.")), 144);
    ingest("report", pdf.bytes);
  }

  private static void ingest(String id, byte[] bytes) throws Exception {
    ContentStreamUpdateRequest up = new ContentStreamUpdateRequest("/update/scan");
    up.addContentStream(new ContentStreamBase.ByteArrayStream(bytes, id + ".pdf", "application/pdf"));
    up.setParam("id", id);
    up.setParam("commit", "true");
    NamedList<Object> rsp = cluster.getSolrClient().request(up, COLLECTION);
    assertEquals(rsp.toString(), 1, ((Number) rsp.get("ok")).intValue());
  }

  private static HttpResponse<byte[]> get(int node, String pathAndQuery) throws Exception {
    String base = cluster.getJettySolrRunner(node).getBaseUrl().toString();
    return HTTP.send(HttpRequest.newBuilder(URI.create(base + "/" + COLLECTION + pathAndQuery)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  private static BufferedImage image(HttpResponse<byte[]> rsp) throws Exception {
    assertEquals(new String(rsp.body(), java.nio.charset.StandardCharsets.UTF_8), 200, rsp.statusCode());
    String type = rsp.headers().firstValue("Content-Type").orElse("");
    assertTrue(type, type.startsWith("image/"));
    BufferedImage img = ImageIO.read(new ByteArrayInputStream(rsp.body()));
    assertNotNull("not an image", img);
    return img;
  }

  private static long pages(String query) throws Exception {
    return cluster.getSolrClient().query(COLLECTION, new SolrQuery(query).setRows(0)).getResults().getNumFound();
  }

  @Test
  public void pagesAreStoredAndServedFromEveryNode() throws Exception {
    assertEquals(2, pages("doc_type:page AND page_of:report"));
    for (int node = 0; node < 2; node++) {
      BufferedImage page1 = image(get(node, "/page?doc=report&page=1"));
      assertEquals(pdf.width, page1.getWidth());
      assertEquals(pdf.height, page1.getHeight());
      assertEquals(300, image(get(node, "/page?doc=report&page=2&width=300")).getWidth());
      BufferedImage cut = image(get(node, "/page?doc=report&page=1&bbox=100,100,400,300&format=png"));
      assertEquals(300, cut.getWidth());
      assertEquals(200, cut.getHeight());
    }
  }

  @Test
  public void regionCutsAndMissingPages() throws Exception {
    SolrDocument page = cluster.getSolrClient().getById(COLLECTION, IndexFields.pageId("report", 1));
    String regions = (String) page.getFirstValue("regions");
    com.fasterxml.jackson.databind.JsonNode first = new com.fasterxml.jackson.databind.ObjectMapper().readTree(regions).get(0);
    com.fasterxml.jackson.databind.JsonNode b = first.get("bbox");
    BufferedImage region = image(get(0, "/page?doc=report&page=1&region=0"));
    assertEquals(b.get(2).asInt() - b.get(0).asInt(), region.getWidth(), 1);
    assertEquals(b.get(3).asInt() - b.get(1).asInt(), region.getHeight(), 1);
    assertEquals(404, get(1, "/page?doc=report&page=9").statusCode());
    assertEquals(404, get(1, "/page?doc=nosuchdoc&page=1").statusCode());
    assertEquals(400, get(0, "/page?doc=report&page=1&bbox=1,2,3").statusCode());
    assertEquals(400, get(0, "/page?doc=report&page=1&bbox=5000,5000,6000,6000").statusCode());
    assertEquals(400, get(0, "/page?page=1").statusCode());
  }

  @Test
  public void iiifImageService() throws Exception {
    HttpResponse<byte[]> info = get(1, "/page/iiif/report!page-1/info.json");
    assertEquals(200, info.statusCode());
    com.fasterxml.jackson.databind.JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(info.body());
    assertEquals(pdf.width, json.get("width").asInt());
    assertEquals("ImageService3", json.get("type").asText());
    assertTrue(json.get("id").asText().endsWith("/solr/scans/page/iiif/report!page-1"));
    BufferedImage thumb = image(get(0, "/page/iiif/report!page-1/full/200,/0/default.jpg"));
    assertEquals(200, thumb.getWidth());
    BufferedImage turned = image(get(0, "/page/iiif/report!page-2/0,0,300,100/max/90/gray.png"));
    assertEquals(100, turned.getWidth());
    assertEquals(300, turned.getHeight());
    assertEquals(400, get(0, "/page/iiif/report!page-1/full/max/45/default.jpg").statusCode());
  }

  /** The acceptance path: a phrase's highlight boxes lie in its region and cut ink out of the page image. */
  @Test
  public void highlightBoxesFallOnTheInkOfTheStoredPage() throws Exception {
    SolrQuery q = new SolrQuery("\"grain exports to Lisbon\"");
    q.set("hl.regions", true);
    q.set("fq", "doc_type:chunk");
    QueryResponse rsp = cluster.getSolrClient().query(COLLECTION, q);
    assertEquals(1, rsp.getResults().getNumFound());
    String id = (String) rsp.getResults().get(0).getFieldValue("id");
    NamedList<?> snippet = (NamedList<?>) ((List<?>) ((NamedList<?>) ((NamedList<?>)
        ((NamedList<?>) rsp.getResponse().get("ocrHighlighting")).get(id)).get("chunk_text")).get("snippets")).get(0);
    NamedList<?> region = (NamedList<?>) ((List<?>) snippet.get("regions")).get(0);
    Box regionBox = box(region);
    List<?> match = (List<?>) ((List<?>) snippet.get("highlights")).get(0);
    Box truth = pdf.word("grain").box().union(pdf.word("Lisbon").box());
    Box hl = box((NamedList<?>) match.get(0));
    assertTrue(hl + " outside " + regionBox, regionBox.union(hl).equals(regionBox));
    assertTrue(hl + " vs " + truth, hl.iou(truth) >= 0.5);
    String image = (String) ((NamedList<?>) ((List<?>) snippet.get("pages")).get(0)).get("image");
    assertEquals("/solr/scans/page?doc=report&page=1", image);
    BufferedImage cut = image(get(1, image.substring("/solr/scans".length())
        + "&bbox=" + hl.x1() + "," + hl.y1() + "," + hl.x2() + "," + hl.y2() + "&format=png"));
    assertTrue("no ink under the highlight", darkFraction(cut) > 0.05);
    BufferedImage blank = image(get(1, image.substring("/solr/scans".length())
        + "&bbox=" + hl.x1() + "," + (pdf.height - 150) + "," + hl.x2() + "," + (pdf.height - 100) + "&format=png"));
    assertTrue("ink on a blank strip", darkFraction(blank) < 0.01);
  }

  @Test
  public void reingestReplacesDeleteRemovesRechunkKeeps() throws Exception {
    TextPdf one = TextPdf.of(List.of(List.of("Single page memo", "Nothing else.")), 144);
    TextPdf two = TextPdf.of(List.of(List.of("Memo", "first"), List.of("Memo", "second"),
        List.of("Memo", "third")), 144);
    ingest("memo", two.bytes);
    assertEquals(3, pages("page_of:memo"));
    ingest("memo", one.bytes);
    assertEquals("stale pages are gone", 1, pages("page_of:memo"));

    // re-chunking from the stored grounded JSON (no images in the update) keeps the page images
    SolrDocument parent = cluster.getSolrClient().getById(COLLECTION, "memo");
    SolrInputDocument again = new SolrInputDocument();
    again.setField("id", "memo");
    again.setField("source", "memo.pdf");
    again.setField("grounded_json", parent.getFirstValue("grounded_json"));
    // with its generation key: the kept pages belong to that generation (DocumentGeneration)
    again.setField("gen_key_s", parent.getFirstValue("gen_key_s"));
    new UpdateRequest().add(again).commit(cluster.getSolrClient(), COLLECTION);
    assertEquals(1, pages("page_of:memo"));
    assertEquals(200, get(0, "/page?doc=memo&page=1").statusCode());

    new UpdateRequest().deleteById("memo").commit(cluster.getSolrClient(), COLLECTION);
    assertEquals(0, pages("page_of:memo"));
    assertEquals(0, pages("parent_id:memo"));
    assertEquals(404, get(0, "/page?doc=memo&page=1").statusCode());
  }

  private static Box box(NamedList<?> n) {
    return new Box(((Number) n.get("ulx")).intValue(), ((Number) n.get("uly")).intValue(),
        ((Number) n.get("lrx")).intValue(), ((Number) n.get("lry")).intValue());
  }

  private static double darkFraction(BufferedImage img) {
    long dark = 0;
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = 0; x < img.getWidth(); x++) {
        int rgb = img.getRGB(x, y);
        int lum = ((rgb >> 16 & 0xff) + (rgb >> 8 & 0xff) + (rgb & 0xff)) / 3;
        if (lum < 128) {
          dark++;
        }
      }
    }
    return dark / (double) (img.getWidth() * img.getHeight());
  }
}
