package org.groundedocr.solr.page;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.solr.common.SolrException;
import org.apache.solr.common.SolrException.ErrorCode;
import org.apache.solr.common.params.SolrParams;
import org.apache.solr.common.util.NamedList;
import org.apache.solr.request.SolrQueryRequest;
import org.groundedocr.solr.ingest.ScanUpdateRequestHandler;
import org.groundedocr.tika.PageImageSink;

/**
 * {@link ScanUpdateRequestHandler} that also keeps the page images the parser rendered, so that
 * search hits can be shown on their pages ({@link PageRequestHandler}). The images are encoded as
 * they are rendered and handed to {@link PageImageUpdateProcessorFactory} in the update chain,
 * which stores them as page documents.
 *
 * <pre>{@code
 * <requestHandler name="/update/scan" class="org.groundedocr.solr.page.PageImageScanUpdateRequestHandler">
 *   <lst name="defaults"><str name="update.chain">grounded-ocr</str></lst>
 *   <str name="pageImageFormat">auto</str>    <!-- auto (PNG for bilevel scans, else JPEG), jpeg, png -->
 *   <float name="pageImageQuality">0.85</float>
 *   <int name="pageImageMaxSide">2000</int>   <!-- longest side stored; 0 keeps the rendered size -->
 * </requestHandler>
 * }</pre>
 *
 * A request can turn image keeping off with {@code pageImages=false}.
 */
public class PageImageScanUpdateRequestHandler extends ScanUpdateRequestHandler {

  public static final String FORMAT = "pageImageFormat";
  public static final String QUALITY = "pageImageQuality";
  public static final String MAX_SIDE = "pageImageMaxSide";
  /** Request parameter: {@code false} indexes without keeping page images. */
  public static final String PAGE_IMAGES_PARAM = "pageImages";

  private PageImageEncoder encoder = new PageImageEncoder(PageImageEncoder.Format.AUTO, 0.85f, 2000);

  @Override
  public void init(NamedList<?> args) {
    super.init(args);
    SolrParams p = args.toSolrParams();
    try {
      encoder = new PageImageEncoder(
          PageImageEncoder.Format.parse(p.get(FORMAT, "auto")),
          p.getFloat(QUALITY, 0.85f),
          p.getInt(MAX_SIDE, 2000));
    } catch (IllegalArgumentException e) {
      throw new SolrException(ErrorCode.SERVER_ERROR,
          "bad " + FORMAT + "/" + QUALITY + "/" + MAX_SIDE + ": " + e.getMessage(), e);
    }
  }

  @Override
  protected void requestDone(SolrQueryRequest req) {
    PageImageStash stash = PageImageStash.of(req);
    if (stash != null) {
      stash.close();
    }
  }

  @Override
  protected PageImageSink pageImageSink(SolrQueryRequest req, String documentId) {
    if (!req.getParams().getBool(PAGE_IMAGES_PARAM, true)) {
      return null;
    }
    try {
      PageImageStash stash = PageImageStash.open(req);
      stash.discardAll(); // pages of an earlier file of this request that was never indexed
      return stash.sink(documentId, encoder);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep page images: " + e.getMessage(), e);
    }
  }

  @Override
  public String getDescription() {
    return "Ingests scanned files (OCR, chunking) and keeps their page images";
  }
}
