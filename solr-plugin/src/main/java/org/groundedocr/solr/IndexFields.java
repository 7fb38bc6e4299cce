package org.groundedocr.solr;

import java.util.List;

/**
 * The grounded-ocr index contract, in one place: field names, document types and id schemes of the
 * configset {@code grounded-ocr} ({@code configsets/grounded-ocr/conf/managed-schema.xml}; README,
 * "Solr: index layout", says what each field holds). Every processor, handler and component of the
 * plugin reads its field names here, and {@code IndexFieldsSchemaTest} checks each one against the
 * configset's schema, so a field is added or renamed in two places: here and in the schema.
 *
 * <p>Three kinds of document share the collection, told apart by {@link #DOC_TYPE}: an ingested
 * file ({@link #TYPE_DOCUMENT}), its chunks ({@link #TYPE_CHUNK}, {@link #chunkId}) and its page
 * images ({@link #TYPE_PAGE}, {@link #pageId}). Chunk and page ids are compositeIds that route with
 * the document, so a document, its chunks and its pages live on one shard.
 */
public final class IndexFields {

  private IndexFields() {}

  // every kind
  public static final String ID = "id";
  public static final String VERSION = "_version_";
  public static final String DOC_TYPE = "doc_type";
  public static final String SOURCE = "source";
  public static final String CONTENT_TYPE = "content_type";
  public static final String TITLE = "title";
  public static final String OCR_ENGINE = "ocr_engine";
  /** Set by the schema's default when a document is indexed. */
  public static final String INDEXED_AT = "indexed_at";
  /** The catch-all search field ({@code retrieval_text} and {@code content} are copied into it). */
  public static final String CATCH_ALL = "_text_";

  /** {@code doc_type} of an ingested file. */
  public static final String TYPE_DOCUMENT = "document";
  /** {@code doc_type} of a chunk. */
  public static final String TYPE_CHUNK = "chunk";
  /** {@code doc_type} of a page image. */
  public static final String TYPE_PAGE = "page";

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
  /**
   * Page images that stay remote, one per page that has one ({@code <page> image|service <url>},
   * validated http(s)): the IIIF manifest's canvas points at them when no page image is stored.
   */
  public static final String REMOTE_PAGE_IMAGES = "remote_page_images";
  /** Pages of the file left out by {@code maxPages} (a dynamic {@code *_i} field). */
  public static final String PAGES_SKIPPED = "pages_skipped_i";
  /**
   * {@code <id>@<generation>} of this write of the document, set on the record, which is written
   * last (a dynamic {@code *_s} field; see {@code DocumentGeneration}).
   */
  public static final String GENERATION_KEY = "gen_key_s";

  // doc_type:chunk
  public static final String PARENT_ID = "parent_id";
  public static final String CHUNK_ORDINAL = "chunk_ordinal";
  public static final String CHUNK_TEXT = "chunk_text";
  public static final String RETRIEVAL_TEXT = "retrieval_text";
  public static final String BREADCRUMBS = "breadcrumbs";
  public static final String HEADINGS = "headings";
  public static final String TOKEN_COUNT = "token_count";
  public static final String OVERLAP_CHARS = "overlap_chars";
  public static final String PAGE_START = "page_start";
  public static final String PAGE_END = "page_end";
  public static final String LABELS = "labels";
  public static final String REGION_AREA = "region_area";
  public static final String PRINTED_PAGES = "printed_pages";
  public static final String FURNITURE_TEXT = "furniture_text";
  public static final String OCR_UNFINISHED = "ocr_unfinished";
  /** On chunks and page documents: the {@link #GENERATION_KEY} of the record they belong to. */
  public static final String PARENT_GENERATION_KEY = "parent_gen_s";
  /** The chunk's embedding (the embedding processor's default {@code vectorField}). */
  public static final String CHUNK_VECTOR = "chunk_vector";

  // doc_type:chunk and doc_type:page
  /** Page numbers (a chunk's pages; a page document's own number). */
  public static final String PAGES = "pages";
  /** JSON {@code [{"page","region","label","bbox",…}]}: the regions on a chunk's or a page's pages. */
  public static final String REGIONS = "regions";
  /** JSON {@code [{"page","width","height"}]}: the OCR's page sizes, the frame of every box. */
  public static final String PAGE_SIZES = "page_sizes";

  // doc_type:page
  /** The document's id; not {@code parent_id}, so that re-chunking a document keeps its images. */
  public static final String PAGE_OF = "page_of";
  /** The encoded image (JPEG or PNG), a stored binary field. */
  public static final String PAGE_IMAGE = "page_image";
  /** {@code image/jpeg} or {@code image/png}. */
  public static final String PAGE_IMAGE_TYPE = "page_image_type";
  /** Pixel size of the stored image (smaller than the page's when it was scaled down). */
  public static final String PAGE_IMAGE_WIDTH = "page_image_width";
  public static final String PAGE_IMAGE_HEIGHT = "page_image_height";

  /** Fields the chunking processor writes and therefore needs in the schema. */
  public static final List<String> CHUNKING_FIELDS =
      List.of(
          ID, DOC_TYPE, PAGE_COUNT, CHUNK_COUNT, CHUNKER, PARENT_ID, CHUNK_ORDINAL, CHUNK_TEXT,
          RETRIEVAL_TEXT, BREADCRUMBS, HEADINGS, TOKEN_COUNT, OVERLAP_CHARS, PAGES, PAGE_START,
          PAGE_END, LABELS, REGIONS, PAGE_SIZES, REGION_AREA, PRINTED_PAGES, FURNITURE_TEXT,
          OCR_UNFINISHED, OCR_ENGINE, OCR_MODE, OCR_MILLIS, OCR_VISION_TOKENS, OCR_GENERATED_TOKENS,
          OCR_UNFINISHED_PAGES, TITLE, CONTENT);

  /** Fields a page document has (the page-image processor checks them at core load). */
  public static final List<String> PAGE_FIELDS =
      List.of(ID, DOC_TYPE, PAGE_OF, PAGES, PAGE_SIZES, REGIONS, PAGE_IMAGE, PAGE_IMAGE_TYPE,
          PAGE_IMAGE_WIDTH, PAGE_IMAGE_HEIGHT);

  /** What a {@code /rag} passage needs from its chunk document. */
  public static final List<String> PASSAGE_FIELDS =
      List.of(
          ID, PARENT_ID, CHUNK_ORDINAL, CHUNK_TEXT, BREADCRUMBS, OVERLAP_CHARS, PAGES, LABELS,
          REGIONS, PAGE_SIZES, PRINTED_PAGES, TITLE, SOURCE);

  /** What a neighbouring chunk (a passage's context) needs. */
  public static final List<String> CONTEXT_FIELDS =
      List.of(ID, PARENT_ID, CHUNK_ORDINAL, CHUNK_TEXT, OVERLAP_CHARS, PAGES, LABELS, REGIONS,
          PAGE_SIZES);

  /**
   * The id of chunk {@code ordinal} of {@code parentId}: {@code parent!n}, a compositeId that
   * routes with the parent; {@code parent#n} when the parent id is itself composite
   * ({@code tenant!doc}), which keeps the parent's route prefix.
   */
  public static String chunkId(String parentId, int ordinal) {
    return parentId + routeSeparator(parentId) + ordinal;
  }

  /**
   * The id of page {@code page} of {@code documentId}: {@code doc!page-3}, a compositeId that routes
   * with the document and its chunks ({@code doc#page-3} when the document id is itself composite,
   * as the chunk ids do).
   */
  public static String pageId(String documentId, int page) {
    return documentId + routeSeparator(documentId) + "page-" + page;
  }

  private static char routeSeparator(String id) {
    return id.indexOf('!') >= 0 ? '#' : '!';
  }
}
