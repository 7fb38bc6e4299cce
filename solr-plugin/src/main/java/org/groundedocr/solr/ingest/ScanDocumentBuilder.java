package org.groundedocr.solr.ingest;

import java.util.Iterator;
import org.apache.solr.common.SolrException;
import org.apache.solr.common.SolrInputDocument;
import org.apache.solr.common.params.SolrParams;
import org.groundedocr.solr.IndexFields;

/**
 * A parsed upload to the Solr document the update chain receives (which chunks it and writes its
 * chunk and page documents): the counterpart of Solr's {@code SolrContentHandler}. Knows the index
 * contract ({@link IndexFields}) and the request's {@code id} and {@code literal.*} parameters.
 */
final class ScanDocumentBuilder {

  static final String ID_PARAM = "id";
  static final String LITERAL_PREFIX = "literal.";

  /** Ids made from content hashes: the first 32 hex digits of the SHA-256 (128 bits). */
  private static final int ID_HEX_DIGITS = 32;

  private final SolrParams params;

  ScanDocumentBuilder(SolrParams params) {
    this.params = params;
  }

  /**
   * The document's id before {@code literal.id} applies: the request's {@code id}, else the content
   * hash's, so the same bytes always replace the same document.
   */
  String documentId(Upload upload) {
    String id = params.get(ID_PARAM);
    if (id != null) {
      if (id.isBlank()) {
        throw new SolrException(SolrException.ErrorCode.BAD_REQUEST, ID_PARAM + " must not be blank");
      }
      return id;
    }
    return upload.sha256().substring(0, ID_HEX_DIGITS);
  }

  /** The document record of {@code scan} under {@code id} (a {@code literal.id} may replace it). */
  SolrInputDocument build(LoadedScan scan, String id) {
    Upload upload = scan.upload();
    SolrInputDocument doc = new SolrInputDocument();
    doc.setField(IndexFields.ID, id);
    doc.setField(IndexFields.SOURCE, upload.name());
    if (scan.contentType() != null) {
      doc.setField(IndexFields.CONTENT_TYPE, scan.contentType());
    }
    doc.setField(IndexFields.CONTENT_HASH, upload.sha256());
    doc.setField(IndexFields.FILE_SIZE, upload.size());
    for (int p : scan.failedPages()) {
      doc.addField(IndexFields.OCR_FAILED_PAGES, p);
    }
    if (scan.pagesSkipped() > 0) {
      doc.setField(IndexFields.PAGES_SKIPPED, scan.pagesSkipped());
    }
    addLiterals(doc);
    doc.setField(IndexFields.GROUNDED_JSON, scan.groundedJson());
    for (String remote : scan.remotePageImages()) {
      doc.addField(IndexFields.REMOTE_PAGE_IMAGES, remote);
    }
    return doc;
  }

  /** Refuses literals OCR writes, before any file is parsed. */
  void checkLiterals() {
    if (params.get(LITERAL_PREFIX + IndexFields.GROUNDED_JSON) != null) {
      throw new SolrException(SolrException.ErrorCode.BAD_REQUEST,
          LITERAL_PREFIX + IndexFields.GROUNDED_JSON + " is not allowed: OCR writes it");
    }
  }

  private void addLiterals(SolrInputDocument doc) {
    checkLiterals();
    for (Iterator<String> it = params.getParameterNamesIterator(); it.hasNext(); ) {
      String p = it.next();
      if (!p.startsWith(LITERAL_PREFIX) || p.length() == LITERAL_PREFIX.length()) {
        continue;
      }
      String field = p.substring(LITERAL_PREFIX.length());
      if (field.equals(IndexFields.ID) && params.get(ID_PARAM) != null) {
        continue;
      }
      doc.removeField(field);
      for (String v : params.getParams(p)) {
        doc.addField(field, v);
      }
    }
  }
}
