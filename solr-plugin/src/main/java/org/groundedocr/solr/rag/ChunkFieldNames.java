package org.groundedocr.solr.rag;

import java.util.List;

/**
 * The chunk fields {@code /rag} reads: the index layout of the grounded-ocr configset (README,
 * "Solr: index layout"), a contract with the chunking processor.
 */
final class ChunkFieldNames {

  static final String ID = "id";
  static final String DOC_TYPE = "doc_type";
  static final String PARENT_ID = "parent_id";
  static final String ORDINAL = "chunk_ordinal";
  static final String CHUNK_TEXT = "chunk_text";
  static final String RETRIEVAL_TEXT = "retrieval_text";
  static final String BREADCRUMBS = "breadcrumbs";
  static final String OVERLAP_CHARS = "overlap_chars";
  static final String PAGES = "pages";
  static final String LABELS = "labels";
  static final String REGIONS = "regions";
  static final String PAGE_SIZES = "page_sizes";
  static final String PRINTED_PAGES = "printed_pages";
  static final String TITLE = "title";
  static final String SOURCE = "source";

  /** What a passage needs from its chunk document. */
  static final List<String> PASSAGE_FIELDS =
      List.of(
          ID, PARENT_ID, ORDINAL, CHUNK_TEXT, BREADCRUMBS, OVERLAP_CHARS, PAGES, LABELS, REGIONS,
          PAGE_SIZES, PRINTED_PAGES, TITLE, SOURCE);

  /** What a neighbouring chunk (context) needs. */
  static final List<String> CONTEXT_FIELDS =
      List.of(ID, PARENT_ID, ORDINAL, CHUNK_TEXT, OVERLAP_CHARS, PAGES, LABELS, REGIONS, PAGE_SIZES);

  private ChunkFieldNames() {}
}
