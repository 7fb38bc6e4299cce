package org.groundedocr.solr.ingest;

import java.io.IOException;
import org.apache.solr.common.SolrException;
import org.apache.solr.common.SolrInputDocument;
import org.apache.solr.request.SolrQueryRequest;
import org.apache.solr.response.SolrQueryResponse;
import org.groundedocr.solr.IndexFields;
import org.groundedocr.tika.PageImageSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xml.sax.SAXException;

/**
 * One upload through loader, builder and writer, as one request (or one asynchronous job) does for
 * each of its files; never throws for the file's sake, the outcome says what happened.
 */
final class FileIngester {

  private static final Logger log = LoggerFactory.getLogger(FileIngester.class);

  /** Where the rendered page images of a document go (null: nowhere). */
  @FunctionalInterface
  interface SinkFactory {
    PageImageSink sink(SolrQueryRequest req, String documentId);
  }

  /** A file's result, and whether its failure was the server's fault. */
  record Outcome(ScanResult result, boolean serverFault) {}

  private final ScanDocumentLoader loader;
  private final ScanDocumentBuilder builder;
  private final ScanDocumentWriter writer;
  private final SinkFactory sinks;
  private final ScanCounters counters;

  FileIngester(ScanDocumentLoader loader, ScanDocumentBuilder builder, ScanDocumentWriter writer, SinkFactory sinks,
      ScanCounters counters) {
    this.loader = loader;
    this.builder = builder;
    this.writer = writer;
    this.sinks = sinks;
    this.counters = counters;
  }

  /** Indexes {@code upload}; {@code progress} (may be null) hears of each page as it is read. */
  Outcome ingest(SolrQueryRequest req, SolrQueryResponse rsp, Upload upload, PageProgress progress) {
    long start = System.nanoTime();
    String name = upload.name();
    String id = null;
    try {
      id = builder.documentId(upload);
      if (upload.size() > 0) {
        counters.parses().inc();
      }
      LoadedScan scan = loader.load(upload, sinks.sink(req, id), progress);
      counters.pages().inc(scan.pages());
      counters.ocrPages().inc(scan.ocrPages());
      counters.failedPages().inc(scan.failedPages().size());
      SolrInputDocument doc = builder.build(scan, id);
      if (doc.getFieldValue(IndexFields.ID) != null) {
        id = doc.getFieldValue(IndexFields.ID).toString(); // literal.id
      }
      writer.add(req, rsp, doc, id);
      counters.documents().inc();
      Object chunks = doc.getFieldValue(IndexFields.CHUNK_COUNT);
      return new Outcome(
          ScanResult.ok(name, id, scan.contentType(), scan.pages(), chunks instanceof Number n ? n.intValue() : 0,
              millisSince(start), scan.pagesTotal(), scan.pagesSkipped(), scan.warning(), scan.failedPages()),
          false);
    } catch (ScanFailure e) {
      return failed(name, id, start, e.getMessage(), e.serverFault());
    } catch (SolrException e) {
      return failed(name, id, start, e.getMessage(), e.code() >= 500);
    } catch (IOException | SAXException | RuntimeException e) {
      log.warn("/update/scan: {} failed", name, e);
      return failed(name, id, start, ScanMessages.rootMessage(e), true);
    }
  }

  private Outcome failed(String name, String id, long start, String error, boolean serverFault) {
    counters.failedFiles().inc();
    log.info("/update/scan: {} failed: {}", name, error);
    return new Outcome(ScanResult.failed(name, id, millisSince(start), ScanMessages.forClients(error, name)), serverFault);
  }

  private static long millisSince(long start) {
    return (System.nanoTime() - start) / 1_000_000;
  }
}
