package org.groundedocr.solr.page;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.solr.common.SolrDocument;
import org.apache.solr.common.SolrException.ErrorCode;
import org.apache.solr.common.SolrException;
import org.apache.solr.common.params.CommonParams;
import org.apache.solr.common.params.ModifiableSolrParams;
import org.apache.solr.common.params.SolrParams;
import org.apache.solr.common.util.ContentStreamBase;
import org.apache.solr.common.util.NamedList;
import org.apache.solr.core.SolrCore;
import org.apache.solr.handler.NestedRequestHandler;
import org.apache.solr.handler.RequestHandlerBase;
import org.apache.solr.request.LocalSolrQueryRequest;
import org.apache.solr.request.SolrQueryRequest;
import org.apache.solr.request.SolrRequestHandler;
import org.apache.solr.response.RawResponseWriter;
import org.apache.solr.response.SolrQueryResponse;
import org.apache.solr.security.AuthorizationContext;
import org.groundedocr.model.Box;
import org.groundedocr.solr.IndexFields;
import org.groundedocr.solr.chunking.DocumentGeneration;

/**
 * Serves the stored page images, whole or cut, as PNG or JPEG:
 *
 * <pre>{@code
 * <requestHandler name="/page" class="org.groundedocr.solr.page.PageRequestHandler"/>
 *
 * GET /solr/<collection>/page?doc=<id>&page=<n>                      the page
 *     &region=<i>                                                    region i of the page (grounded JSON order)
 *     &bbox=x1,y1,x2,y2[&units=px|relative]                          an area, page pixels (default) or 0-1
 *     &pad=<px>  &width=<px>  &height=<px>  &format=png|jpeg  &quality=0.85
 *     &mark=x1,y1,x2,y2;x1,y1,x2,y2                                  boxes to draw (page pixels)
 * GET /solr/<collection>/page/iiif/<doc>!page-<n>/info.json           IIIF Image API 3.0
 * GET /solr/<collection>/page/iiif/<doc>!page-<n>/<region>/<size>/<rotation>/<quality>.<format>
 * }</pre>
 *
 * All coordinates are those of the OCR boxes (the page as the engine read it), whatever size the
 * image was stored at; {@code width}/{@code height} give the output size (one alone keeps the
 * aspect ratio, both fit inside). The page document is found by real-time get, which routes to its
 * shard: any node serves any page, and a page is visible as soon as it is indexed.
 *
 * <p>Limits (init parameters, also in the IIIF {@code info.json}): {@code maxOutputPixels} (default
 * 16777216 = 4096 x 4096) refuses a larger output with 400, whatever the upscaling asked for;
 * {@code maxConcurrentRenders} (default: half the processors, at least 2) bounds the images
 * rendered at once, a request waiting longer than {@code renderWaitMillis} (default 2000) for its
 * turn is answered 503 with {@code Retry-After}. Serving a stored image unchanged costs no render.
 *
 * <pre>{@code
 * <requestHandler name="/page" class="org.groundedocr.solr.page.PageRequestHandler">
 *   <long name="maxOutputPixels">16777216</long>
 *   <int name="maxConcurrentRenders">4</int>
 *   <long name="renderWaitMillis">2000</long>
 * </requestHandler>
 * }</pre>
 */
public final class PageRequestHandler extends RequestHandlerBase implements NestedRequestHandler {

  public static final String DOC = "doc";
  public static final String PAGE = "page";
  public static final String REGION = "region";
  public static final String BBOX = "bbox";
  public static final String UNITS = "units";
  public static final String PAD = "pad";
  public static final String WIDTH = "width";
  public static final String HEIGHT = "height";
  public static final String FORMAT = "format";
  public static final String QUALITY = "quality";
  public static final String MARK = "mark";

  public static final String MAX_OUTPUT_PIXELS_PARAM = "maxOutputPixels";
  public static final String MAX_CONCURRENT_RENDERS_PARAM = "maxConcurrentRenders";
  public static final String RENDER_WAIT_MILLIS_PARAM = "renderWaitMillis";

  static final String IIIF = "/iiif/";
  private static final String FIELDS = String.join(",", IndexFields.ID, IndexFields.PAGE_IMAGE,
      IndexFields.PAGE_IMAGE_TYPE, IndexFields.PAGE_IMAGE_WIDTH, IndexFields.PAGE_IMAGE_HEIGHT,
      IndexFields.PAGE_SIZES, IndexFields.REGIONS, IndexFields.PAGE_OF, DocumentGeneration.PARENT_KEY_FIELD);
  private static final ObjectMapper JSON = new ObjectMapper();

  private long maxOutputPixels = PageImageRenderer.DEFAULT_MAX_OUTPUT_PIXELS;
  private RenderPermits renders =
      new RenderPermits(Math.max(2, Runtime.getRuntime().availableProcessors() / 2), 2000);

  @Override
  public void init(NamedList<?> args) {
    super.init(args);
    SolrParams p = args.toSolrParams();
    maxOutputPixels = p.getLong(MAX_OUTPUT_PIXELS_PARAM, maxOutputPixels);
    if (maxOutputPixels < 1) {
      throw new SolrException(ErrorCode.SERVER_ERROR, MAX_OUTPUT_PIXELS_PARAM + " must be at least 1, got " + maxOutputPixels);
    }
    int concurrent = p.getInt(MAX_CONCURRENT_RENDERS_PARAM, renders.size());
    long wait = p.getLong(RENDER_WAIT_MILLIS_PARAM, 2000L);
    try {
      renders = new RenderPermits(concurrent, wait);
    } catch (IllegalArgumentException e) {
      throw new SolrException(ErrorCode.SERVER_ERROR, MAX_CONCURRENT_RENDERS_PARAM + "/" + RENDER_WAIT_MILLIS_PARAM + ": " + e.getMessage());
    }
  }

  @Override
  public SolrRequestHandler getSubHandler(String subPath) {
    return subPath.startsWith(IIIF) ? this : null;
  }

  @Override
  public void handleRequestBody(SolrQueryRequest req, SolrQueryResponse rsp) throws Exception {
    String path = req.getPath();
    int iiif = path == null ? -1 : path.indexOf(IIIF);
    if (iiif >= 0) {
      iiif(req, rsp, path.substring(iiif + IIIF.length()));
      return;
    }
    SolrParams params = req.getParams();
    String doc = params.required().get(DOC);
    int page = params.getInt(PAGE, 1);
    if (page < 1) {
      throw new SolrException(ErrorCode.BAD_REQUEST, PAGE + " is 1-based, got " + page);
    }
    StoredPage stored = lookup(req, IndexFields.pageId(doc, page));
    if (stored == null) {
      throw new SolrException(ErrorCode.NOT_FOUND, "no stored image for page " + page + " of document '"
          + doc + "' (not ingested, or ingested without page images)");
    }
    Box crop = crop(params, stored);
    String format = params.get(FORMAT, stored.mimeType().equals("image/png") ? "png" : "jpeg")
        .toLowerCase(Locale.ROOT);
    if (format.equals("jpg")) {
      format = "jpeg";
    }
    if (!format.equals("png") && !format.equals("jpeg")) {
      throw new SolrException(ErrorCode.BAD_REQUEST, FORMAT + " must be png or jpeg, got " + format);
    }
    float quality = params.getFloat(QUALITY, 0.85f);
    if (quality <= 0 || quality > 1) {
      throw new SolrException(ErrorCode.BAD_REQUEST, QUALITY + " must be in (0, 1], got " + quality);
    }
    int width = params.getInt(WIDTH, 0);
    int height = params.getInt(HEIGHT, 0);
    PageImageRenderer.Spec spec = new PageImageRenderer.Spec(crop, width, height,
        width > 0 && height > 0, false, 0, false, "default", format, quality, marks(params.get(MARK)));
    respond(req, rsp, stored, spec, "page-" + page);
  }

  private static Box crop(SolrParams params, StoredPage stored) {
    String region = params.get(REGION);
    String bbox = params.get(BBOX);
    if (region != null && bbox != null) {
      throw new SolrException(ErrorCode.BAD_REQUEST, "give " + REGION + " or " + BBOX + ", not both");
    }
    Box box = null;
    if (region != null) {
      int index;
      try {
        index = Integer.parseInt(region.trim());
      } catch (NumberFormatException e) {
        throw new SolrException(ErrorCode.BAD_REQUEST, REGION + " must be a region index, got " + region);
      }
      box = stored.regionBox(index);
      if (box == null) {
        throw new SolrException(ErrorCode.NOT_FOUND, "page has no region " + index + " with a box");
      }
    } else if (bbox != null) {
      String units = params.get(UNITS, "px");
      double[] v = numbers(bbox, BBOX, 4);
      if (units.equals("relative")) {
        box = Box.normalised((int) Math.floor(v[0] * stored.pageWidth()), (int) Math.floor(v[1] * stored.pageHeight()),
            (int) Math.ceil(v[2] * stored.pageWidth()), (int) Math.ceil(v[3] * stored.pageHeight()));
      } else if (units.equals("px")) {
        box = Box.normalised((int) Math.floor(v[0]), (int) Math.floor(v[1]), (int) Math.ceil(v[2]), (int) Math.ceil(v[3]));
      } else {
        throw new SolrException(ErrorCode.BAD_REQUEST, UNITS + " must be px or relative, got " + units);
      }
    }
    if (box == null) {
      return null;
    }
    int pad = params.getInt(PAD, 0);
    if (pad < 0) {
      throw new SolrException(ErrorCode.BAD_REQUEST, PAD + " must be >= 0");
    }
    Box padded = Box.normalised(box.x1() - pad, box.y1() - pad, box.x2() + pad, box.y2() + pad)
        .clip(stored.pageWidth(), stored.pageHeight());
    if (padded.width() <= 0 || padded.height() <= 0) {
      throw new SolrException(ErrorCode.BAD_REQUEST, "the area " + box + " lies outside the "
          + stored.pageWidth() + "x" + stored.pageHeight() + " page");
    }
    return padded;
  }

  private static List<Box> marks(String spec) {
    List<Box> out = new ArrayList<>();
    if (spec == null || spec.isBlank()) {
      return out;
    }
    for (String part : spec.split(";")) {
      if (!part.isBlank()) {
        double[] v = numbers(part, MARK, 4);
        out.add(Box.normalised((int) v[0], (int) v[1], (int) v[2], (int) v[3]));
      }
    }
    return out;
  }

  private static double[] numbers(String csv, String param, int n) {
    String[] parts = csv.split(",");
    if (parts.length != n) {
      throw new SolrException(ErrorCode.BAD_REQUEST, param + " needs " + n + " comma-separated numbers, got " + csv);
    }
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      try {
        v[i] = Double.parseDouble(parts[i].trim());
      } catch (NumberFormatException e) {
        throw new SolrException(ErrorCode.BAD_REQUEST, param + ": not a number: " + parts[i]);
      }
      if (Double.isNaN(v[i]) || Double.isInfinite(v[i])) {
        throw new SolrException(ErrorCode.BAD_REQUEST, param + ": not a finite number: " + parts[i]);
      }
    }
    return v;
  }

  private void iiif(SolrQueryRequest req, SolrQueryResponse rsp, String rest) throws IOException {
    String[] seg = rest.split("/");
    String id = URLDecoder.decode(seg[0], StandardCharsets.UTF_8);
    if (id.isEmpty()) {
      throw new SolrException(ErrorCode.BAD_REQUEST, "IIIF: no identifier");
    }
    StoredPage stored = lookup(req, id);
    if (stored == null) {
      throw new SolrException(ErrorCode.NOT_FOUND, "IIIF: no page image '" + id + "'");
    }
    rsp.setHttpHeader("Access-Control-Allow-Origin", "*");
    if (seg.length == 1 || (seg.length == 2 && seg[1].equals("info.json"))) {
      ObjectNode info = JSON.createObjectNode();
      info.put("@context", "http://iiif.io/api/image/3/context.json");
      info.put("id", baseUrl(req) + "/" + seg[0]);
      info.put("type", "ImageService3");
      info.put("protocol", "http://iiif.io/api/image");
      info.put("profile", "level1");
      info.put("width", stored.pageWidth());
      info.put("height", stored.pageHeight());
      info.put("maxWidth", PageImageRenderer.MAX_OUTPUT_SIDE);
      info.put("maxHeight", PageImageRenderer.MAX_OUTPUT_SIDE);
      info.put("maxArea", maxOutputPixels);
      info.putArray("extraFormats").add("png");
      info.putArray("extraQualities").add("color").add("gray").add("bitonal");
      info.putArray("extraFeatures").add("mirroring").add("regionByPct").add("regionByPx")
          .add("regionSquare").add("rotationBy90s").add("sizeByConfinedWh").add("sizeByH")
          .add("sizeByPct").add("sizeByW").add("sizeByWh").add("sizeUpscaling").add("cors");
      byte[] bytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(info);
      raw(req, rsp, bytes, "info.json",
          "application/ld+json;profile=\"http://iiif.io/api/image/3/context.json\"");
      return;
    }
    if (seg.length != 5) {
      throw new SolrException(ErrorCode.BAD_REQUEST,
          "IIIF: expected {identifier}/{region}/{size}/{rotation}/{quality}.{format} or {identifier}/info.json");
    }
    PageImageRenderer.Spec spec;
    try {
      spec = IiifImageRequest.parse(seg[1], seg[2], seg[3], seg[4], stored.pageWidth(), stored.pageHeight());
    } catch (IllegalArgumentException e) {
      throw new SolrException(ErrorCode.BAD_REQUEST, "IIIF: " + e.getMessage());
    }
    respond(req, rsp, stored, spec, id);
  }

  private static String baseUrl(SolrQueryRequest req) {
    SolrCore core = req.getCore();
    String collection = core.getCoreDescriptor().getCollectionName();
    String path = req.getPath();
    String handlerPath = path.substring(0, path.indexOf(IIIF));
    // absolute, so that a viewer on another origin (Mirador) fetches tiles from this node
    return org.groundedocr.solr.iiif.PublicUrls.origin(req)
        + "/solr/" + (collection != null ? collection : core.getName()) + handlerPath + "/iiif";
  }

  private void respond(SolrQueryRequest req, SolrQueryResponse rsp, StoredPage stored,
      PageImageRenderer.Spec spec, String name) throws IOException {
    byte[] bytes;
    if (PageImageRenderer.isUnchanged(stored, spec)) {
      bytes = stored.image();
    } else {
      // the budget is checked inside the render before the output is allocated
      try (RenderPermits.Permit permit = renders.acquire(rsp)) {
        bytes = PageImageRenderer.render(stored, spec, maxOutputPixels);
      } catch (IllegalArgumentException e) {
        throw new SolrException(ErrorCode.BAD_REQUEST, e.getMessage());
      }
    }
    rsp.setHttpHeader("Cache-Control", "max-age=60");
    raw(req, rsp, bytes, name, PageImageRenderer.mimeType(spec.format()));
  }

  private static void raw(SolrQueryRequest req, SolrQueryResponse rsp, byte[] bytes, String name,
      String contentType) {
    ModifiableSolrParams p = new ModifiableSolrParams(req.getParams());
    p.set(CommonParams.WT, "raw");
    req.setParams(p);
    rsp.add(RawResponseWriter.CONTENT, new ContentStreamBase.ByteArrayStream(bytes, name, contentType));
  }

  /**
   * The page document {@code id}, from whichever shard holds it, or {@code null}; also null for a
   * page of an incomplete document (its record, written last, is missing or of another ingest).
   */
  static StoredPage lookup(SolrQueryRequest req, String id) throws IOException {
    SolrDocument page = get(req, id, FIELDS);
    if (page == null) {
      return null;
    }
    Object key = page.getFirstValue(DocumentGeneration.PARENT_KEY_FIELD);
    Object of = page.getFirstValue(IndexFields.PAGE_OF);
    if (key != null && of != null) {
      SolrDocument record = get(req, of.toString(), DocumentGeneration.KEY_FIELD);
      if (record == null || !key.toString().equals(String.valueOf(record.getFirstValue(DocumentGeneration.KEY_FIELD)))) {
        return null;
      }
    }
    return StoredPage.from(page);
  }

  private static SolrDocument get(SolrQueryRequest req, String id, String fields) throws IOException {
    SolrCore core = req.getCore();
    SolrRequestHandler get = core.getRequestHandler("/get");
    if (get == null) {
      throw new SolrException(ErrorCode.SERVER_ERROR, "/page needs the real-time get handler /get");
    }
    ModifiableSolrParams p = new ModifiableSolrParams();
    p.set("id", id);
    p.set(CommonParams.FL, fields);
    try (LocalSolrQueryRequest local = new LocalSolrQueryRequest(core, p)) {
      SolrQueryResponse lrsp = new SolrQueryResponse();
      get.handleRequest(local, lrsp);
      if (lrsp.getException() != null) {
        throw new SolrException(ErrorCode.SERVER_ERROR, "looking up " + id + ": " + lrsp.getException().getMessage(),
            lrsp.getException());
      }
      Object d = lrsp.getValues().get("doc");
      return d instanceof SolrDocument sd ? javaValues(sd, core.getLatestSchema()) : null;
    }
  }

  /**
   * {@code doc} with plain Java values. A real-time get that this core answers itself (the only
   * shard of its collection: {@code serve --shards 1}) returns Lucene's stored fields, which only
   * a response writer would convert; a page's {@code page_of} would then read as
   * {@code "stored,indexed,…<page_of:doc>"} and no page would be found.
   */
  static SolrDocument javaValues(SolrDocument doc, org.apache.solr.schema.IndexSchema schema) {
    SolrDocument out = new SolrDocument();
    for (String name : doc.getFieldNames()) {
      org.apache.solr.schema.SchemaField field = schema.getFieldOrNull(name);
      for (Object v : doc.getFieldValues(name)) {
        out.addField(name, v instanceof org.apache.lucene.index.IndexableField f && field != null
            ? field.getType().toObject(f) : v);
      }
    }
    return out;
  }

  @Override
  public String getDescription() {
    return "Stored page images, whole or cut (also as a IIIF Image API 3.0 service)";
  }

  @Override
  public Name getPermissionName(AuthorizationContext request) {
    return Name.READ_PERM;
  }
}
