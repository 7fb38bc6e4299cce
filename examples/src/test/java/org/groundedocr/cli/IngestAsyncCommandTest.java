package org.groundedocr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ingest} sends large PDFs as asynchronous jobs against a real node started as {@code serve}
 * starts it, whose job queue holds one job: the others are answered 503 and wait out
 * {@code Retry-After}; the summary lists every file with its outcome.
 */
class IngestAsyncCommandTest {

  @TempDir static Path dir;
  private static SolrNode node;

  @BeforeAll
  static void start() throws Exception {
    System.setProperty("groundedocr.scan.asyncQueueSize", "1");
    node = SolrNode.start(new SolrNode.Options(dir.resolve("solr"), freePortPair(), "scans", 1, 1, null));
  }

  @AfterAll
  static void stop() throws Exception {
    System.clearProperty("groundedocr.scan.asyncQueueSize");
    if (node != null) {
      node.close();
    }
  }

  /** A born-digital PDF of {@code pages} A5 pages (its text layer is read: no OCR engine needed). */
  static byte[] textPdf(String title, int pages) throws IOException {
    try (PDDocument doc = new PDDocument(); ByteArrayOutputStream b = new ByteArrayOutputStream()) {
      for (int i = 1; i <= pages; i++) {
        PDPage page = new PDPage(PDRectangle.A5);
        doc.addPage(page);
        try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
          cs.beginText();
          cs.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
          cs.newLineAtOffset(50, 500);
          cs.showText(title + ", page " + i + ": the tonnage of the northern quay.");
          cs.endText();
        }
      }
      doc.save(b);
      return b.toByteArray();
    }
  }

  @Test
  void largePdfsGoAsJobsAndAFullQueueIsWaitedOut() throws Exception {
    Path docs = Files.createDirectories(dir.resolve("docs"));
    for (String n : new String[] {"ledger-a", "ledger-b", "ledger-c"}) {
      Files.write(docs.resolve(n + ".pdf"), textPdf(n, 24));
    }
    Files.write(docs.resolve("note.pdf"), textPdf("note", 2));
    Files.write(docs.resolve("broken.pdf"), "%PDF-1.7 not really".getBytes(StandardCharsets.US_ASCII));

    String[] r = CliRunner.run("ingest", "--solr", node.baseUrl(), "--concurrency", "3", "--async-over-pages", "20",
        docs.toString());
    String out = r[1];
    String err = r[2];
    assertEquals("1", r[0], "broken.pdf failed\n" + out + err);
    assertTrue(out.contains("indexed 4 of 5 file(s): 74 page(s)"), out);
    assertTrue(out.contains("3 as asynchronous job(s)"), out);
    for (String n : new String[] {"ledger-a", "ledger-b", "ledger-c"}) {
      assertTrue(out.contains(n + ".pdf: done, 24 page(s)"), out);
    }
    assertTrue(out.contains("note.pdf: done, 2 page(s)"), out);
    assertTrue(out.contains("broken.pdf: cannot read it"), "the server's error: " + out);
    // three jobs, one place in the queue: at least one upload was refused and sent again
    assertTrue(err.contains("server busy (its job queue is full)"), err);
  }

  @Test
  void anImageServiceTemplateGivesEachOcrFileItsOwnCanvasImages() throws Exception {
    Path ocr = Files.createDirectories(dir.resolve("ocr"));
    for (String n : new String[] {"folio-7", "folio-8"}) {
      Files.writeString(ocr.resolve(n + ".xml"), """
          <?xml version="1.0" encoding="UTF-8"?>
          <alto xmlns="http://www.loc.gov/standards/alto/ns-v4#">
            <Description><MeasurementUnit>pixel</MeasurementUnit></Description>
            <Layout><Page ID="p1" WIDTH="1000" HEIGHT="1400" PHYSICAL_IMG_NR="1"><PrintSpace>
              <TextBlock ID="b1" HPOS="100" VPOS="100" WIDTH="520" HEIGHT="40">
                <TextLine ID="l1" HPOS="100" VPOS="100" WIDTH="520" HEIGHT="40">
                  <String ID="s1" CONTENT="Tonnage" HPOS="100" VPOS="100" WIDTH="200" HEIGHT="40"/><SP/>
                  <String ID="s2" CONTENT="%s" HPOS="320" VPOS="100" WIDTH="300" HEIGHT="40"/>
                </TextLine>
              </TextBlock>
            </PrintSpace></Page></Layout>
          </alto>
          """.formatted(n));
    }
    String[] r = CliRunner.run("ingest", "--solr", node.baseUrl(), "--collection", "scans",
        "--image-service", "https://iiif.example.org/iiif/3/{file}-p{page}", ocr.toString());
    assertEquals("0", r[0], r[1] + r[2]);
    HttpClient http = HttpClient.newHttpClient();
    for (String n : new String[] {"folio-7", "folio-8"}) {
      JsonNode hits = new ObjectMapper().readTree(http.send(HttpRequest.newBuilder(URI.create(node.baseUrl()
          + "/scans/select?wt=json&fl=id&q=" + URLEncoder.encode("doc_type:document AND source:\"" + n + ".xml\"",
              StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString()).body());
      String id = hits.path("response").path("docs").path(0).path("id").asText();
      assertFalse(id.isEmpty(), n + " not indexed: " + hits);
      String manifest = http.send(HttpRequest.newBuilder(URI.create(node.baseUrl() + "/scans/iiif/" + id
          + "/manifest")).build(), HttpResponse.BodyHandlers.ofString()).body();
      // {file} was filled in by the CLI, {page} by the server; the other file's stem is not there
      assertTrue(manifest.contains("https://iiif.example.org/iiif/3/" + n + "-p1"), manifest);
      assertFalse(manifest.contains(n.equals("folio-7") ? "folio-8-p1" : "folio-7-p1"), manifest);
    }
  }

  @Test
  void theTemplatesFileIsTheFileNameWithoutItsExtension() {
    assertEquals("https://x.org/iiif/3/p017.v2-p{page}",
        ScanUploader.imageServiceFor("https://x.org/iiif/3/{file}-p{page}", Path.of("/a/p017.v2.xml")));
    assertEquals("https://x.org/{page}", ScanUploader.imageServiceFor("https://x.org/{page}", Path.of("p.xml")));
  }

  /** A free port whose +1000 neighbour (the embedded ZooKeeper's) is free too. */
  private static int freePortPair() throws IOException {
    for (int i = 0; i < 50; i++) {
      int port;
      try (ServerSocket s = new ServerSocket(0)) {
        port = s.getLocalPort();
      }
      if (port + 1000 < 65536) {
        try (ServerSocket zk = new ServerSocket(port + 1000)) {
          return port;
        } catch (IOException taken) {
          // try another
        }
      }
    }
    throw new IOException("no free port pair");
  }
}
