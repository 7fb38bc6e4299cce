package org.groundedocr.solr.ingest;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.CRC32;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.solr.SolrTestCaseJ4;
import org.apache.solr.common.util.ContentStream;
import org.apache.solr.common.util.NamedList;
import org.apache.solr.response.SolrQueryResponse;
import org.groundedocr.solr.GroundedOcrCore;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The bad-input suite of issue 16 through {@code /update/scan} (and so through the Tika parser):
 * every input is generated here; all of them go in one multipart batch with two good files, each
 * bad one gets its own clear error naming the file (and the page, and the remedy where there is
 * one), and the good ones are indexed. {@link #RESULTS} is what docs/BENCHMARKS.md ("Reliability")
 * tabulates; the test prints it.
 */
public class BadInputScanTest extends SolrTestCaseJ4 {

  @BeforeClass
  public static void beforeClass() throws Exception {
    System.setProperty("solr.directoryFactory", "org.apache.solr.core.MockFSDirectoryFactory");
    initCore("solrconfig.xml", "managed-schema.xml", GroundedOcrCore.solrHome(createTempDir()).toString());
  }

  static final Map<String, String> RESULTS = new LinkedHashMap<>();

  static byte[] textPdf(PDRectangle size, int pages, String password) throws Exception {
    try (PDDocument doc = new PDDocument(); ByteArrayOutputStream b = new ByteArrayOutputStream()) {
      for (int i = 1; i <= pages; i++) {
        PDPage page = new PDPage(size);
        doc.addPage(page);
        try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
          cs.beginText();
          cs.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
          cs.newLineAtOffset(72, size.getHeight() - 80);
          cs.showText("Harbour ledger page " + i + " lists the copper cargo.");
          cs.endText();
        }
      }
      if (password != null) {
        StandardProtectionPolicy policy = new StandardProtectionPolicy("owner-" + password, password, new AccessPermission());
        policy.setEncryptionKeyLength(128);
        doc.protect(policy);
      }
      doc.save(b);
      return b.toByteArray();
    }
  }

  /** A PNG whose header claims 100000 x 100000 pixels (10 G pixels) over a few bytes of data. */
  static byte[] pngBomb() {
    ByteBuffer b = ByteBuffer.allocate(8 + 25 + 12);
    b.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
    b.putInt(13);
    int crcStart = b.position();
    b.put("IHDR".getBytes(StandardCharsets.US_ASCII));
    b.putInt(100_000).putInt(100_000).put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
    CRC32 crc = new CRC32();
    crc.update(b.array(), crcStart, 17);
    b.putInt((int) crc.getValue());
    b.putInt(0).put("IEND".getBytes(StandardCharsets.US_ASCII)).putInt(0xAE426082);
    return b.array();
  }

  static ContentStream file(String name, String type, byte[] bytes) {
    return ScanRequests.file(name, type, bytes);
  }

  SolrQueryResponse scan(List<ContentStream> files, String... params) {
    return ScanRequests.scan(h.getCore(), files, params);
  }

  @SuppressWarnings("unchecked")
  static Map<String, NamedList<Object>> byName(SolrQueryResponse rsp) {
    Map<String, NamedList<Object>> out = new LinkedHashMap<>();
    for (NamedList<Object> f : (List<NamedList<Object>>) rsp.getValues().get("files")) {
      out.put((String) f.get("name"), f);
    }
    return out;
  }

  private static void expectFailed(Map<String, NamedList<Object>> files, String name, String... phrases) {
    NamedList<Object> f = files.get(name);
    assertNotNull(name + " missing from " + files.keySet(), f);
    String error = String.valueOf(f.get("error"));
    RESULTS.put(name, "failed: " + error);
    assertEquals(name + ": " + f, "failed", f.get("status"));
    for (String p : phrases) {
      assertTrue(name + ": '" + p + "' not in: " + error, error.contains(p));
    }
    assertFalse(name + " leaks a server path: " + error, error.contains("groundedocr-scan-") || error.contains("/tmp/"));
    assertFalse(name + " leaks a stack trace: " + error, error.contains("\tat ") || error.contains("Exception:"));
  }

  private static void expectOk(Map<String, NamedList<Object>> files, String name, int pages) {
    NamedList<Object> f = files.get(name);
    assertNotNull(name + " missing from " + files.keySet(), f);
    RESULTS.put(name, "ok: " + f.get("pages") + " page(s)" + (f.get("warning") != null ? "; warning: " + f.get("warning") : ""));
    assertEquals(name + ": " + f, "ok", f.get("status"));
    assertEquals(name, pages, ((Number) f.get("pages")).intValue());
  }

  @Test
  public void everyBadInputGetsItsOwnClearErrorAndTheRestOfTheBatchIsIndexed() throws Exception {
    byte[] good = textPdf(PDRectangle.A4, 2, null);
    byte[] random = new byte[4096];
    new Random(16).nextBytes(random);
    String unicodeName = "Grüße \"quoted\" 'single' 東京 – report.pdf";
    SolrQueryResponse rsp = scan(List.of(
        file("good.pdf", "application/pdf", good),
        file("empty.pdf", "application/pdf", new byte[0]),
        file("truncated.pdf", "application/pdf", java.util.Arrays.copyOf(good, good.length / 3)),
        file("bomb.png", "image/png", pngBomb()),
        file("random.pdf", "application/pdf", random),
        file("random.png", "image/png", random),
        file("drawing.png", "image/png", "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"/>".getBytes(StandardCharsets.UTF_8)),
        file("page.pdf", "application/pdf", "<!doctype html><html><body>not a pdf</body></html>".getBytes(StandardCharsets.UTF_8)),
        file("locked.pdf", "application/pdf", textPdf(PDRectangle.A4, 1, "s3cret")),
        file("huge-mediabox.pdf", "application/pdf", textPdf(new PDRectangle(20000, 20000), 1, null)),
        file(unicodeName, "application/pdf", textPdf(PDRectangle.A4, 1, null))),
        "commit", "true");
    Map<String, NamedList<Object>> files = byName(rsp);
    files.forEach((k, v) -> System.out.println("BAD-INPUT | " + k + " | " + v.get("status") + " | " + v.get("error") + " | " + v.get("warning")));
    expectOk(files, "good.pdf", 2);
    expectOk(files, unicodeName, 1);
    expectFailed(files, "empty.pdf", "empty");
    expectFailed(files, "truncated.pdf", "not a readable PDF", "truncated");
    expectFailed(files, "bomb.png", "100000 x 100000 pixels", "page 1");
    expectFailed(files, "random.pdf", "not a readable PDF", "re-export");
    expectFailed(files, "random.png", "unsupported image format", "supported: PNG");
    expectFailed(files, "drawing.png", "unsupported image format");
    expectFailed(files, "page.pdf", "not a readable PDF");
    expectFailed(files, "locked.pdf", "encrypted", "resource.password");
    expectOk(files, "huge-mediabox.pdf", 1);
    assertEquals(3L, rsp.getValues().get("ok"));
    assertQ(req("q", "source:\"" + unicodeName.replace("\"", "\\\"") + "\"", "fq", "doc_type:document"), "//result[@numFound='1']");
    assertQ(req("q", "source:\"good.pdf\"", "fq", "doc_type:document"), "//result[@numFound='1']");
    // the 20000 pt page: read from its text layer, its image kept scaled down instead of failing
    assertQ(req("q", "source:\"huge-mediabox.pdf\"", "fq", "doc_type:page"), "//result[@numFound='1']");
    assertQ(req("q", "source:\"huge-mediabox.pdf\"", "fq", "doc_type:document"), "//result[@numFound='1']");
  }

  @Test
  public void passwordOpensTheEncryptedPdfAndAWrongOneIsNamed() throws Exception {
    byte[] locked = textPdf(PDRectangle.A4, 1, "s3cret");
    Map<String, NamedList<Object>> wrong = byName(scan(List.of(file("locked-wrong.pdf", "application/pdf", locked),
        file("other.pdf", "application/pdf", textPdf(PDRectangle.A4, 1, null))), "resource.password", "nope"));
    expectFailed(wrong, "locked-wrong.pdf", "password", "does not open");
    Map<String, NamedList<Object>> right = byName(scan(List.of(file("locked-right.pdf", "application/pdf", locked)),
        "resource.password", "s3cret"));
    expectOk(right, "locked-right.pdf", 1);
  }

  @Test
  public void thousandPagesWithMaxPagesAreReportedNotSilentlyCut() throws Exception {
    byte[] big = textPdf(PDRectangle.A6, 1000, null);
    SolrQueryResponse rsp = scan(List.of(file("thousand.pdf", "application/pdf", big)),
        "ocr.maxPages", "20", "id", "thousand", "commit", "true");
    NamedList<Object> f = byName(rsp).get("thousand.pdf");
    expectOk(byName(rsp), "thousand.pdf", 20);
    assertEquals(980, ((Number) f.get("pagesSkipped")).intValue());
    assertEquals(1000, ((Number) f.get("pagesTotal")).intValue());
    assertTrue(String.valueOf(f.get("warning")), String.valueOf(f.get("warning")).contains("980 pages were left out"));
    assertQ(req("q", "id:thousand"), "//result/doc/int[@name='pages_skipped_i'][.='980']");
    RESULTS.forEach((k, v) -> System.out.println("BAD-INPUT | " + k + " | " + v));
  }
}
