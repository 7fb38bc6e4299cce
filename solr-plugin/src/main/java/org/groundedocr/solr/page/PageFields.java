package org.groundedocr.solr.page;

/**
 * Fields of the page documents ({@code doc_type:page}) that keep the rendered page images in the
 * index, one document per page of an ingested document.
 */
public final class PageFields {
  public static final String TYPE_PAGE = "page";
  /** The document's id; not {@code parent_id}, so that re-chunking a document keeps its images. */
  public static final String PAGE_OF = "page_of";
  /** The encoded image (JPEG or PNG), a stored binary field. */
  public static final String PAGE_IMAGE = "page_image";
  /** {@code image/jpeg} or {@code image/png}. */
  public static final String PAGE_IMAGE_TYPE = "page_image_type";
  /** Pixel size of the stored image (smaller than the page's when it was scaled down). */
  public static final String PAGE_IMAGE_WIDTH = "page_image_width";
  public static final String PAGE_IMAGE_HEIGHT = "page_image_height";

  private PageFields() {}

  /**
   * The id of page {@code page} of {@code documentId}: {@code doc!page-3}, a compositeId that routes
   * with the document and its chunks ({@code doc#page-3} when the document id is itself composite,
   * as the chunk ids do).
   */
  public static String pageId(String documentId, int page) {
    return documentId + (documentId.indexOf('!') >= 0 ? '#' : '!') + "page-" + page;
  }
}
