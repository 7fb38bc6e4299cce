package org.groundedocr.solr.page;

import java.io.ByteArrayInputStream;
import java.awt.image.BufferedImage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import javax.imageio.ImageIO;
import org.apache.solr.SolrTestCaseJ4;
import org.apache.solr.client.solrj.request.CollectionAdminRequest;
import org.apache.solr.client.solrj.request.ContentStreamUpdateRequest;
import org.apache.solr.cloud.SolrCloudTestCase;
import org.apache.solr.common.util.ContentStreamBase;
import org.apache.solr.common.util.NamedList;
import org.groundedocr.solr.GroundedOcrCore;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * {@code /page} on a one-shard collection ({@code serve --shards 1}): a real-time get there is
 * answered by the local core, not by a shard sub-request, and the page must still be found.
 */
@SolrTestCaseJ4.SuppressSSL
public class PageImageOneShardCloudTest extends SolrCloudTestCase {

  private static final String COLLECTION = "single";
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static TextPdf pdf;

  @BeforeClass
  public static void setupCluster() throws Exception {
    configureCluster(1).addConfig("grounded-ocr", GroundedOcrCore.configsetConf()).configure();
    CollectionAdminRequest.createCollection(COLLECTION, "grounded-ocr", 1, 1).process(cluster.getSolrClient());
    cluster.waitForActiveCollection(COLLECTION, 1, 1);
    pdf = TextPdf.of(List.of(List.of("Harbour Authority Annual Report", "Copper shipments rose.")), 144);
    ContentStreamUpdateRequest up = new ContentStreamUpdateRequest("/update/scan");
    up.addContentStream(new ContentStreamBase.ByteArrayStream(pdf.bytes, "report.pdf", "application/pdf"));
    up.setParam("id", "report");
    up.setParam("commit", "true");
    NamedList<Object> rsp = cluster.getSolrClient().request(up, COLLECTION);
    assertEquals(rsp.toString(), 1, ((Number) rsp.get("ok")).intValue());
  }

  private static HttpResponse<byte[]> get(String pathAndQuery) throws Exception {
    String base = cluster.getJettySolrRunner(0).getBaseUrl().toString();
    return HTTP.send(HttpRequest.newBuilder(URI.create(base + "/" + COLLECTION + pathAndQuery)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  @Test
  public void pagesAndTheImageServiceAnswerOnOneShard() throws Exception {
    HttpResponse<byte[]> page = get("/page?doc=report&page=1");
    assertEquals(new String(page.body(), java.nio.charset.StandardCharsets.UTF_8), 200, page.statusCode());
    BufferedImage img = ImageIO.read(new ByteArrayInputStream(page.body()));
    assertEquals(pdf.width, img.getWidth());
    HttpResponse<byte[]> info = get("/page/iiif/report!page-1/info.json");
    assertEquals(new String(info.body(), java.nio.charset.StandardCharsets.UTF_8), 200, info.statusCode());
    assertEquals(404, get("/page?doc=report&page=2").statusCode());
  }
}
