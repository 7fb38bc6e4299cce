package org.groundedocr.tika;

import org.apache.tika.metadata.Property;

/**
 * Metadata keys {@link GroundedOcrParser} writes, prefix {@code ocr:}. Per-page values are
 * sequences in page order, aligned with {@link #PAGE_NUMBERS}: the i-th value of
 * {@link #FINISHED} belongs to the page whose number is the i-th value of {@link #PAGE_NUMBERS}.
 * Pages that failed are not in those sequences; they are in {@link #FAILED_PAGES} and
 * {@link #FAILED_PAGE_REASONS} (aligned with each other).
 *
 * <p>The parser also sets Tika's standard keys: {@code Content-Type}, {@code dc:format},
 * {@code xmpTPg:NPages} (pages in the document, read or not) and, for PDFs, {@code pdf:PDFVersion},
 * {@code pdf:encrypted}, {@code dc:title}, {@code dc:creator}, {@code xmp:CreatorTool},
 * {@code dcterms:created}, {@code dcterms:modified}; a failed page also adds a line to
 * {@code X-TIKA:EXCEPTION:warn}.
 */
public final class GroundedOcrMetadata {

  public static final String PREFIX = "ocr:";

  /**
   * The whole document as grounded JSON (schema: {@code GroundedJson}, README "The grounded page"):
   * every page read, its size, regions with labels, boxes and text, and its stats. This is what
   * the Solr plugin chunks; read it back with {@code GroundedJson.readDocument(String)}.
   */
  public static final Property GROUNDED_JSON = Property.externalText(PREFIX + "groundedJson");

  /**
   * Each page's raw grounded output in DeepSeek-OCR's format
   * ({@code <|ref|>label<|/ref|><|det|>[[x1,y1,x2,y2]]<|/det|>} content, 0–999 grid), one value per
   * page read, aligned with {@link #PAGE_NUMBERS}.
   */
  public static final Property GROUNDED_OUTPUT = Property.externalTextBag(PREFIX + "grounded");

  /** The OCR engine configured ({@code ppocr}, {@code deepseek}). */
  public static final Property ENGINE = Property.externalText(PREFIX + "engine");

  /** The engine mode configured or reported ({@code gundam}, …); absent when none. */
  public static final Property MODE = Property.externalText(PREFIX + "mode");

  /** Resolution PDF pages were rendered at; page boxes are in pixels at this resolution. */
  public static final Property DPI = Property.externalInteger(PREFIX + "dpi");

  /** The {@link OcrStrategy} used for PDFs ({@code auto}, {@code ocr_only}, {@code no_ocr}). */
  public static final Property OCR_STRATEGY = Property.externalText(PREFIX + "ocrStrategy");

  /** Pages read (in the grounded JSON), failed pages not counted. */
  public static final Property PAGE_COUNT = Property.externalInteger(PREFIX + "pageCount");

  /** Pages that went through the OCR engine. */
  public static final Property OCR_PAGE_COUNT = Property.externalInteger(PREFIX + "ocrPageCount");

  /** Pages left out because of {@code maxPages}; absent when none were. */
  public static final Property PAGES_SKIPPED = Property.externalInteger(PREFIX + "pagesSkipped");

  /** 1-based numbers of the pages read, in order; the other per-page keys align with it. */
  public static final Property PAGE_NUMBERS =
      Property.internalIntegerSequence(PREFIX + "pageNumbers");

  /** Per page: {@code ocr} (the engine read it) or {@code text} (from the PDF's text layer). */
  public static final Property PAGE_SOURCE = Property.externalTextBag(PREFIX + "pageSource");

  /** Per page: page image width in pixels (the coordinate space of its boxes). */
  public static final Property PAGE_WIDTH = Property.internalIntegerSequence(PREFIX + "pageWidth");

  /** Per page: page image height in pixels. */
  public static final Property PAGE_HEIGHT = Property.internalIntegerSequence(PREFIX + "pageHeight");

  /** Per page: regions found. */
  public static final Property REGION_COUNT =
      Property.internalIntegerSequence(PREFIX + "regionCount");

  /**
   * Per page: {@code false} when the output was cut off (token limit, truncated grounding) and is
   * kept but incomplete.
   */
  public static final Property FINISHED = Property.externalBooleanSeq(PREFIX + "finished");

  /** Per page: image tokens the decoder saw (0 for engines without a language model). */
  public static final Property VISION_TOKENS =
      Property.internalIntegerSequence(PREFIX + "visionTokens");

  /** Per page: tokens the decoder generated (0 for engines without a language model). */
  public static final Property TEXT_TOKENS = Property.internalIntegerSequence(PREFIX + "textTokens");

  /** Per page: milliseconds to read the page (rendering or decoding, text layer, OCR). */
  public static final Property PAGE_MILLIS = Property.internalIntegerSequence(PREFIX + "pageMillis");

  /** Per page: milliseconds the engine took (0 for text-layer pages). */
  public static final Property OCR_MILLIS = Property.internalIntegerSequence(PREFIX + "ocrMillis");

  /** Milliseconds for the whole document. */
  public static final Property TOTAL_MILLIS = Property.externalInteger(PREFIX + "totalMillis");

  /** 1-based numbers of the pages that failed, in order. */
  public static final Property FAILED_PAGES =
      Property.internalIntegerSequence(PREFIX + "failedPages");

  /** Why each page of {@link #FAILED_PAGES} failed, aligned with it. */
  public static final Property FAILED_PAGE_REASONS =
      Property.externalTextBag(PREFIX + "failedPageReasons");

  /**
   * The document in the format of the {@code exportFormat} parameter (ALTO 4.4, hOCR 1.2: one
   * value; PAGE-XML 2019: one value per page read, aligned with {@link #PAGE_NUMBERS}); absent
   * when the parameter is not set.
   */
  public static final Property EXPORT = Property.externalTextBag(PREFIX + "export");

  /**
   * Page images that stay remote ({@code org.groundedocr.tika.format.RemotePageImage#encode()}:
   * {@code <page> image|service <url>}), one value per page that has one: an imported OCR file's
   * http(s) image, or the IIIF Image service given as a parameter. Never fetched by the parser.
   */
  public static final Property REMOTE_PAGE_IMAGES = Property.externalTextBag(PREFIX + "remotePageImage");

  private GroundedOcrMetadata() {}
}
