package org.groundedocr.solr.chunking;

import java.util.List;

/**
 * Field names of the grounded-ocr index (configset {@code grounded-ocr}); README.md, "Solr: index
 * layout", says what each holds. The region highlighter, {@code /page} and {@code /rag} read these.
 */
public final class ChunkFields {

  private ChunkFields() {}

  // both kinds
  public static final String ID = "id";
  public static final String DOC_TYPE = "doc_type";
  public static final String SOURCE = "source";
  public static final String CONTENT_TYPE = "content_type";
  public static final String TITLE = "title";
  public static final String OCR_ENGINE = "ocr_engine";

  /** {@code doc_type} of an ingested file. */
  public static final String TYPE_DOCUMENT = "document";
  /** {@code doc_type} of a chunk. */
  public static final String TYPE_CHUNK = "chunk";

  // doc_type:document
  public static final String CONTENT_HASH = "content_hash";
  public static final String FILE_SIZE = "file_size";
  public static final String PAGE_COUNT = "page_count";
  public static final String CHUNK_COUNT = "chunk_count";
  public static final String CHUNKER = "chunker";
  public static final String OCR_MODE = "ocr_mode";
  public static final String OCR_MILLIS = "ocr_millis";
  public static final String OCR_VISION_TOKENS = "ocr_vision_tokens";
  public static final String OCR_GENERATED_TOKENS = "ocr_generated_tokens";
  public static final String OCR_UNFINISHED_PAGES = "ocr_unfinished_pages";
  public static final String OCR_FAILED_PAGES = "ocr_failed_pages";
  public static final String CONTENT = "content";
  public static final String GROUNDED_JSON = "grounded_json";

  // doc_type:chunk
  public static final String PARENT_ID = "parent_id";
  public static final String CHUNK_ORDINAL = "chunk_ordinal";
  public static final String CHUNK_TEXT = "chunk_text";
  public static final String RETRIEVAL_TEXT = "retrieval_text";
  public static final String BREADCRUMBS = "breadcrumbs";
  public static final String HEADINGS = "headings";
  public static final String TOKEN_COUNT = "token_count";
  public static final String OVERLAP_CHARS = "overlap_chars";
  public static final String PAGES = "pages";
  public static final String PAGE_START = "page_start";
  public static final String PAGE_END = "page_end";
  public static final String LABELS = "labels";
  public static final String REGIONS = "regions";
  public static final String PAGE_SIZES = "page_sizes";
  public static final String REGION_AREA = "region_area";
  public static final String PRINTED_PAGES = "printed_pages";
  public static final String FURNITURE_TEXT = "furniture_text";
  public static final String OCR_UNFINISHED = "ocr_unfinished";

  /** Fields the chunking processor writes and therefore needs in the schema. */
  static final List<String> REQUIRED =
      List.of(
          ID, DOC_TYPE, PAGE_COUNT, CHUNK_COUNT, CHUNKER, PARENT_ID, CHUNK_ORDINAL, CHUNK_TEXT,
          RETRIEVAL_TEXT, BREADCRUMBS, HEADINGS, TOKEN_COUNT, OVERLAP_CHARS, PAGES, PAGE_START,
          PAGE_END, LABELS, REGIONS, PAGE_SIZES, REGION_AREA, PRINTED_PAGES, FURNITURE_TEXT,
          OCR_UNFINISHED, OCR_ENGINE, OCR_MODE, OCR_MILLIS, OCR_VISION_TOKENS, OCR_GENERATED_TOKENS,
          OCR_UNFINISHED_PAGES, TITLE, CONTENT);

  /**
   * The id of chunk {@code ordinal} of {@code parentId}: {@code parent!n}, a compositeId that
   * routes with the parent; {@code parent#n} when the parent id is itself composite
   * ({@code tenant!doc}), which keeps the parent's route prefix.
   */
  public static String chunkId(String parentId, int ordinal) {
    return parentId + (parentId.indexOf('!') >= 0 ? '#' : '!') + ordinal;
  }
}
