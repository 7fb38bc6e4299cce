package org.groundedocr.solr.ingest;

import java.io.ByteArrayOutputStream;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.solr.SolrTestCaseJ4;
import org.apache.solr.common.SolrException;
import org.apache.solr.common.util.ContentStream;
import org.apache.solr.common.util.NamedList;
import org.apache.solr.response.SolrQueryResponse;
import org.groundedocr.solr.GroundedOcrCore;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * {@code /update/scan} in one core with the project's configset, on born-digital PDFs (read from
 * their text layer, so no OCR engine runs here; the SolrCloud integration test OCRs real scans).
 */
public class ScanUpdateRequestHandlerTest extends SolrTestCaseJ4 {

  @BeforeClass
  public static void beforeClass() throws Exception {
    System.setProperty("solr.directoryFactory", "org.apache.solr.core.MockFSDirectoryFactory");
    initCore("solrconfig.xml", "managed-schema.xml", GroundedOcrCore.solrHome(createTempDir()).toString());
  }

  static byte[] pdf(String... lines) throws Exception {
    try (PDDocument doc = new PDDocument(); ByteArrayOutputStream b = new ByteArrayOutputStream()) {
      PDPage page = new PDPage(PDRectangle.A4);
      doc.addPage(page);
      try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
        cs.beginText();
        cs.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
        cs.newLineAtOffset(72, 760);
        for (String l : lines) {
          cs.showText(l);
          cs.newLineAtOffset(0, -18);
        }
        cs.endText();
      }
      doc.save(b);
      return b.toByteArray();
    }
  }

  static ContentStream file(String name, String type, byte[] bytes) {
    return ScanRequests.file(name, type, bytes);
  }

  SolrQueryResponse scan(List<ContentStream> files, String... params) {
    return ScanRequests.scan(h.getCore(), files, params);
  }

  @Test
  public void indexesGoodFilesAndReportsBadOnes() throws Exception {
    SolrQueryResponse rsp = scan(List.of(
            file("invoice.pdf", "application/pdf", pdf("Invoice 4711", "Total due: 319.00 EUR")),
            file("broken.pdf", "application/pdf", "%PDF-1.7 garbage".getBytes(java.nio.charset.StandardCharsets.US_ASCII)),
            file("empty.png", "image/png", new byte[0])),
        "literal.batch_s", "unit", "commit", "true");
    assertNull(rsp.getException());
    assertEquals(1L, rsp.getValues().get("ok"));
    assertEquals(2L, rsp.getValues().get("failed"));
    @SuppressWarnings("unchecked")
    List<NamedList<Object>> files = (List<NamedList<Object>>) rsp.getValues().get("files");
    assertEquals("ok", files.get(0).get("status"));
    assertEquals(1, files.get(0).get("pages"));
    assertEquals("failed", files.get(1).get("status"));
    assertTrue((String) files.get(1).get("error"), ((String) files.get(1).get("error")).contains("cannot read it"));
    assertEquals("empty file", files.get(2).get("error"));
    String id = (String) files.get(0).get("id");
    assertEquals(32, id.length());

    assertQ(req("q", "id:" + id),
        "//result[@numFound='1']",
        "//str[@name='source'][.='invoice.pdf']",
        "//str[@name='content_type'][.='application/pdf']",
        "//str[@name='batch_s'][.='unit']",
        "//int[@name='page_count'][.='1']");
    assertQ(req("q", "parent_id:" + id + " AND batch_s:unit AND chunk_text:invoice"), "//result[@numFound='1']");
  }

  @Test
  public void sameBytesSameDocumentAndExplicitIds() throws Exception {
    byte[] b = pdf("Delivery note 12");
    String first = (String) ((List<NamedList<Object>>) scan(List.of(file("a.pdf", "application/pdf", b)), "commit", "true")
        .getValues().get("files")).get(0).get("id");
    String again = (String) ((List<NamedList<Object>>) scan(List.of(file("b.pdf", "application/pdf", b)), "commit", "true")
        .getValues().get("files")).get(0).get("id");
    assertEquals("a stable hash of the content", first, again);
    assertQ(req("q", "id:" + first), "//str[@name='source'][.='b.pdf']");
    scan(List.of(file("c.pdf", "application/pdf", b)), "id", "note-12", "commit", "true");
    assertQ(req("q", "id:note-12"), "//result[@numFound='1']");
    assertQ(req("q", "id:note\\-12\\!0"), "//result[@numFound='1']");
  }

  @Test
  public void everyFileFailingFailsTheRequest() {
    SolrException e = expectThrows(SolrException.class, () -> {
      SolrQueryResponse rsp = scan(List.of(file("x.pdf", "application/pdf", "%PDF-1.7 junk".getBytes(java.nio.charset.StandardCharsets.US_ASCII))));
      throw rsp.getException();
    });
    assertEquals(400, e.code());
    assertTrue(e.getMessage(), e.getMessage().contains("x.pdf: cannot read it"));
  }

  @Test
  public void badRequestsAreRefusedWithTheParameterNamed() throws Exception {
    byte[] b = pdf("Hello");
    assertEquals(400, ((SolrException) scan(List.of()).getException()).code());
    SolrException idWithTwo = (SolrException) scan(List.of(file("a.pdf", "application/pdf", b), file("b.pdf", "application/pdf", b)), "id", "x").getException();
    assertTrue(idWithTwo.getMessage(), idWithTwo.getMessage().contains("id"));
    SolrException unknown = (SolrException) scan(List.of(file("a.pdf", "application/pdf", b)), "ocr.bogus", "1").getException();
    assertTrue(unknown.getMessage(), unknown.getMessage().contains("ocr.bogus"));
    SolrException badDpi = (SolrException) scan(List.of(file("a.pdf", "application/pdf", b)), "ocr.dpi", "lots").getException();
    assertTrue(badDpi.getMessage(), badDpi.getMessage().contains("ocr.dpi"));
    SolrQueryResponse literal = scan(List.of(file("a.pdf", "application/pdf", b)), "literal.grounded_json", "{}");
    assertTrue(String.valueOf(literal.getException()), String.valueOf(literal.getException()).contains("literal.grounded_json"));
  }

  @Test
  public void perRequestOcrSettingsApply() throws Exception {
    byte[] b = pdf("Page one text");
    // no_ocr: the text layer only (the request overrides the configured strategy)
    SolrQueryResponse rsp = scan(List.of(file("a.pdf", "application/pdf", b)), "ocr.ocrStrategy", "no_ocr", "commit", "true");
    assertEquals(1L, rsp.getValues().get("ok"));
  }

  @Test
  public void everyDocumentedPerRequestNumberWorksOverTheHandler() throws Exception {
    // issue 16: these answered 500 "argument type mismatch" (an int setter handed a Long)
    byte[] three = BadInputScanTest.textPdf(org.apache.pdfbox.pdmodel.common.PDRectangle.A5, 3, null);
    SolrQueryResponse rsp = scan(List.of(file("three.pdf", "application/pdf", three)),
        "ocr.dpi", "100", "ocr.firstPage", "2", "ocr.lastPage", "3", "ocr.maxPages", "5",
        "ocr.pageTimeoutSeconds", "30", "ocr.minTextChars", "5", "ocr.ocrStrategy", "auto");
    assertNull(String.valueOf(rsp.getException()), rsp.getException());
    assertEquals(1L, rsp.getValues().get("ok"));
    @SuppressWarnings("unchecked")
    NamedList<Object> f = ((List<NamedList<Object>>) rsp.getValues().get("files")).get(0);
    assertEquals(2, ((Number) f.get("pages")).intValue());
    SolrException engine = (SolrException) scan(List.of(file("a.pdf", "application/pdf", three)), "ocr.modelDir", "/etc").getException();
    assertEquals(403, engine.code());
  }

  @Test
  public void countsParsesAndPagesInTheCoreMetrics() throws Exception {
    var counters = h.getCore().getSolrMetricsContext().getMetricRegistry().getCounters();
    long parses = counters.get("UPDATE./update/scan.parses").getCount();
    long pages = counters.get("UPDATE./update/scan.pages").getCount();
    long failed = counters.get("UPDATE./update/scan.failedFiles").getCount();
    scan(List.of(file("a.pdf", "application/pdf", pdf("Metrics")),
        file("b.pdf", "application/pdf", "%PDF-1.7 junk".getBytes(java.nio.charset.StandardCharsets.US_ASCII))));
    assertEquals(parses + 2, counters.get("UPDATE./update/scan.parses").getCount());
    assertEquals(pages + 1, counters.get("UPDATE./update/scan.pages").getCount());
    assertEquals(failed + 1, counters.get("UPDATE./update/scan.failedFiles").getCount());
  }
}
