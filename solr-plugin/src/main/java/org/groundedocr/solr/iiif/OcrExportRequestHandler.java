package org.groundedocr.solr.iiif;

import java.io.ByteArrayOutputStream;
import java.util.Locale;
import javax.xml.stream.XMLStreamException;
import org.apache.solr.common.SolrDocument;
import org.apache.solr.common.SolrException.ErrorCode;
import org.apache.solr.common.SolrException;
import org.apache.solr.common.params.CommonParams;
import org.apache.solr.common.params.ModifiableSolrParams;
import org.apache.solr.common.params.SolrParams;
import org.apache.solr.common.util.ContentStreamBase;
import org.apache.solr.handler.NestedRequestHandler;
import org.apache.solr.handler.RequestHandlerBase;
import org.apache.solr.request.SolrQueryRequest;
import org.apache.solr.request.SolrRequestHandler;
import org.apache.solr.response.RawResponseWriter;
import org.apache.solr.response.SolrQueryResponse;
import org.apache.solr.security.AuthorizationContext;
import org.groundedocr.format.OcrFormat;
import org.groundedocr.model.GroundedDocument;
import org.groundedocr.solr.IndexFields;

/**
 * A stored document, or one of its pages, in the digital library's formats:
 *
 * <pre>{@code
 * <requestHandler name="/ocr" class="org.groundedocr.solr.iiif.OcrExportRequestHandler"/>
 *
 * GET /solr/<collection>/ocr/alto?doc=<id>[&page=<n>]     ALTO 4.4
 * GET /solr/<collection>/ocr/hocr?doc=<id>[&page=<n>]     hOCR 1.2
 * GET /solr/<collection>/ocr/page?doc=<id>&page=<n>       PAGE-XML 2019 (one page per file)
 * }</pre>
 *
 * Written from the grounded JSON stored with the document, so the words and boxes are those the
 * search highlights.
 */
public final class OcrExportRequestHandler extends RequestHandlerBase implements NestedRequestHandler {

  public static final String DOC = "doc";
  public static final String PAGE = "page";

  @Override
  public SolrRequestHandler getSubHandler(String subPath) {
    return this;
  }

  @Override
  public void handleRequestBody(SolrQueryRequest req, SolrQueryResponse rsp) throws Exception {
    String path = req.getPath();
    String name = path == null ? "" : path.substring(path.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
    OcrFormat format;
    try {
      format = OcrFormat.of(name);
    } catch (IllegalArgumentException e) {
      throw new SolrException(ErrorCode.NOT_FOUND, "no OCR format '" + name
          + "': GET .../ocr/alto, .../ocr/hocr or .../ocr/page with doc=<id>");
    }
    SolrParams params = req.getParams();
    String id = params.required().get(DOC);
    Integer page = params.getInt(PAGE);
    SolrDocument doc = StoredDocuments.document(req, id, IndexFields.GROUNDED_JSON);
    GroundedDocument grounded = StoredDocuments.grounded(doc, id);
    if (page == null && !format.multiPage() && grounded.pages().size() != 1) {
      throw new SolrException(ErrorCode.BAD_REQUEST, "PAGE-XML holds one page per file and '" + id
          + "' has " + grounded.pages().size() + "; give page=<n>");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      if (page == null) {
        format.write(grounded, out);
      } else {
        format.write(grounded, page, out);
      }
    } catch (IllegalArgumentException e) {
      throw new SolrException(ErrorCode.NOT_FOUND, e.getMessage());
    } catch (XMLStreamException e) {
      throw new SolrException(ErrorCode.SERVER_ERROR, "writing " + format.id() + ": " + e.getMessage(), e);
    }
    String contentType = format == OcrFormat.HOCR ? "application/xhtml+xml; charset=UTF-8"
        : format.mediaType() + "; charset=UTF-8";
    ModifiableSolrParams p = new ModifiableSolrParams(req.getParams());
    p.set(CommonParams.WT, "raw");
    req.setParams(p);
    rsp.setHttpHeader("Access-Control-Allow-Origin", "*");
    rsp.add(RawResponseWriter.CONTENT, new ContentStreamBase.ByteArrayStream(out.toByteArray(),
        id + format.extension(), contentType));
  }

  @Override
  public String getDescription() {
    return "Stored documents as ALTO, hOCR or PAGE-XML";
  }

  @Override
  public Name getPermissionName(AuthorizationContext request) {
    return Name.READ_PERM;
  }
}
