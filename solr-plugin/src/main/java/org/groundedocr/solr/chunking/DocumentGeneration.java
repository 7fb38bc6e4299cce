package org.groundedocr.solr.chunking;

import java.security.SecureRandom;
import java.util.HexFormat;
import org.apache.solr.common.SolrInputDocument;
import org.groundedocr.solr.IndexFields;

/**
 * All-or-nothing documents (issue 16). A document's chunks and page documents are written first,
 * each carrying {@value #PARENT_KEY_FIELD} = {@code <id>@<generation>}; the document record is
 * written last, carrying {@value #KEY_FIELD} with the same value. A chunk or page is part of a
 * complete document exactly when a record with its key exists, which {@link #COMPLETE_FILTER}
 * tests. An ingest cut short (node killed, client gone) leaves chunks or pages whose record never
 * came: the filter hides them, and the next ingest of the same id deletes them.
 *
 * <p>The join is local to each shard, and exact because a document's chunks and pages are
 * compositeIds routed with the document ({@code doc!3}, {@code doc!page-2}): they always live on
 * the record's shard. Documents indexed before this existed have no key and are hidden until
 * re-ingested.
 */
public final class DocumentGeneration {

  /** On the document record: {@code <id>@<generation>}. */
  public static final String KEY_FIELD = IndexFields.GENERATION_KEY;
  /** On chunks and page documents: the key of the record they belong to. */
  public static final String PARENT_KEY_FIELD = IndexFields.PARENT_GENERATION_KEY;
  /** A filter query that keeps chunks and pages of complete documents only. */
  public static final String COMPLETE_FILTER = "{!join from=" + KEY_FIELD + " to=" + PARENT_KEY_FIELD + "}"
      + IndexFields.DOC_TYPE + ":" + IndexFields.TYPE_DOCUMENT;

  private static final SecureRandom RANDOM = new SecureRandom();

  private DocumentGeneration() {}

  /**
   * The key of this write of {@code record} (id {@code id}): the one already on it (an outer
   * processor set it) or a new one, set on it.
   */
  public static String assign(SolrInputDocument record, String id) {
    Object existing = record.getFieldValue(KEY_FIELD);
    if (existing != null && existing.toString().startsWith(id + "@")) {
      return existing.toString();
    }
    byte[] b = new byte[8];
    RANDOM.nextBytes(b);
    String key = id + "@" + Long.toString(System.currentTimeMillis(), 36) + "-" + HexFormat.of().formatHex(b);
    record.setField(KEY_FIELD, key);
    return key;
  }
}
