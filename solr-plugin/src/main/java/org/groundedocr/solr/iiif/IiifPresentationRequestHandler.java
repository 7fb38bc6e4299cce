package org.groundedocr.solr.iiif;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.solr.common.SolrDocument;
import org.apache.solr.common.SolrException.ErrorCode;
import org.apache.solr.common.SolrException;
import org.apache.solr.common.params.CommonParams;
import org.apache.solr.common.params.ModifiableSolrParams;
import org.apache.solr.common.util.ContentStreamBase;
import org.apache.solr.common.util.NamedList;
import org.apache.solr.handler.NestedRequestHandler;
import org.apache.solr.handler.RequestHandlerBase;
import org.apache.solr.request.SolrQueryRequest;
import org.apache.solr.request.SolrRequestHandler;
import org.apache.solr.response.RawResponseWriter;
import org.apache.solr.response.SolrQueryResponse;
import org.apache.solr.security.AuthorizationContext;
import org.groundedocr.model.GroundedDocument;
import org.groundedocr.model.GroundedPage;
import org.groundedocr.solr.IndexFields;
import org.groundedocr.tika.format.RemotePageImage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * IIIF for the indexed documents: Presentation 3 manifests whose canvases are the stored page
 * images (served by {@code /page}'s Image API 3 service) and IIIF Content Search, whose
 * annotations put each hit on its words ({@code canvas#xywh=}):
 *
 * <pre>{@code
 * <requestHandler name="/iiif" class="org.groundedocr.solr.iiif.IiifPresentationRequestHandler">
 *   <str name="pageHandler">/page</str>   <!-- the Image API service -->
 *   <str name="ocrHandler">/ocr</str>     <!-- ALTO for seeAlso -->
 * </requestHandler>
 *
 * GET /solr/<c>/iiif/<doc>/manifest            Presentation 3 manifest
 * GET /solr/<c>/iiif/<doc>/search?q=<words>[&page=<n>]   Content Search 2.0 AnnotationPage
 * GET /solr/<c>/iiif/<doc>/search1?q=<words>[&page=<n>]  Content Search 1.0 AnnotationList (Mirador 4 speaks 0/1)
 * GET /solr/<c>/iiif/<doc>/autocomplete?q=<prefix>      Content Search 2.0 autocomplete TermPage
 * GET /solr/<c>/iiif/search?q=<words>, /iiif/autocomplete?q=<prefix>   the same over the whole collection
 * }</pre>
 *
 * <p>Search results come in pages ({@link ContentSearch#CHUNKS_PER_PAGE} chunks each), linked by
 * {@code partOf} (the AnnotationCollection with {@code first} and {@code last}), {@code next} and
 * {@code prev}; Content Search 1.0 gives {@code within}, {@code next} and {@code prev}.
 *
 * Everything is read through the collection's own {@code /get} and {@code /select}, so it is
 * distributed and answers under the caller's credentials; text goes out through Jackson (JSON
 * escaping) and ids in URLs are percent-encoded.
 */
public final class IiifPresentationRequestHandler extends RequestHandlerBase implements NestedRequestHandler {

  public static final String PAGE_HANDLER = "pageHandler";
  public static final String OCR_HANDLER = "ocrHandler";
  public static final String TEXT_FIELD = "textField";
  public static final String HIGHLIGHT_KEY = "highlightKey";
  /** Terms an autocomplete answer holds at most. */
  public static final int AUTOCOMPLETE_TERMS = 10;
  /** Shorter prefixes get no terms: one or two letters would enumerate much of the index. */
  public static final int AUTOCOMPLETE_MIN_CHARS = 3;
  /**
   * The last result page one may ask for: deeper paging makes every shard sort that many chunks,
   * and no reader pages through tens of thousands of hits.
   */
  public static final int MAX_PAGE = 1000;

  static final String PRESENTATION_3 = "http://iiif.io/api/presentation/3/context.json";
  static final String SEARCH_2 = "http://iiif.io/api/search/2/context.json";
  static final String SEARCH_1 = "http://iiif.io/api/search/1/context.json";

  private static final Logger log = LoggerFactory.getLogger(IiifPresentationRequestHandler.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String DOC_FIELDS = String.join(",", IndexFields.ID, IndexFields.TITLE, IndexFields.SOURCE,
      IndexFields.CONTENT_TYPE, IndexFields.OCR_ENGINE, IndexFields.PAGE_COUNT, IndexFields.GROUNDED_JSON,
      IndexFields.REMOTE_PAGE_IMAGES);

  private String pageHandler = "/page";
  private String ocrHandler = "/ocr";
  private String textField = IndexFields.CHUNK_TEXT;
  private String highlightKey = "ocrHighlighting";

  @Override
  public void init(NamedList<?> args) {
    super.init(args);
    if (args != null) {
      pageHandler = string(args, PAGE_HANDLER, pageHandler);
      ocrHandler = string(args, OCR_HANDLER, ocrHandler);
      textField = string(args, TEXT_FIELD, textField);
      highlightKey = string(args, HIGHLIGHT_KEY, highlightKey);
    }
  }

  private static String string(NamedList<?> args, String name, String fallback) {
    Object v = args.get(name);
    if (v == null) {
      return fallback;
    }
    String s = v.toString();
    if (!PAGE_HANDLER.equals(name) && !OCR_HANDLER.equals(name) || s.startsWith("/")) {
      return s;
    }
    throw new SolrException(ErrorCode.SERVER_ERROR, name + " must be a handler path starting with /, got " + s);
  }

  @Override
  public SolrRequestHandler getSubHandler(String subPath) {
    return this;
  }

  @Override
  public void handleRequestBody(SolrQueryRequest req, SolrQueryResponse rsp) throws Exception {
    String path = req.getPath() == null ? "" : req.getPath();
    int cut = path.indexOf('/', 1);
    String handlerPath = cut < 0 ? path : path.substring(0, cut);
    String rest = cut < 0 ? "" : path.substring(cut + 1);
    int last = rest.lastIndexOf('/');
    String action = last < 0 ? rest : rest.substring(last + 1);
    String doc = last < 0 ? null : URLDecoder.decode(rest.substring(0, last), StandardCharsets.UTF_8);
    Urls urls = new Urls(PublicUrls.collection(req), handlerPath, pageHandler, ocrHandler);
    ObjectNode body;
    String profile;
    switch (action) {
      case "manifest" -> {
        if (doc == null || doc.isEmpty()) {
          throw new SolrException(ErrorCode.BAD_REQUEST, "IIIF: GET " + handlerPath + "/<doc>/manifest");
        }
        body = manifest(req, doc, urls);
        profile = PRESENTATION_3;
      }
      case "search" -> {
        body = search2(req, doc, urls);
        profile = SEARCH_2;
      }
      case "search1" -> {
        body = search1(req, doc, urls);
        profile = SEARCH_1;
      }
      case "autocomplete" -> {
        body = autocomplete(req, doc, urls);
        profile = SEARCH_2;
      }
      default -> throw new SolrException(ErrorCode.NOT_FOUND, "IIIF: unknown resource '" + action
          + "'; GET " + handlerPath + "/<doc>/manifest, /<doc>/search?q=, /<doc>/search1?q=, /<doc>/autocomplete?q=,"
          + " /search?q= or /autocomplete?q=");
    }
    byte[] bytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(body);
    ModifiableSolrParams p = new ModifiableSolrParams(req.getParams());
    p.set(CommonParams.WT, "raw");
    req.setParams(p);
    rsp.setHttpHeader("Access-Control-Allow-Origin", "*");
    rsp.add(RawResponseWriter.CONTENT, new ContentStreamBase.ByteArrayStream(bytes, action + ".json",
        "application/ld+json;profile=\"" + profile + "\""));
  }

  /** The URLs of one response. */
  record Urls(String collection, String iiif, String page, String ocr) {
    String manifest(String doc) {
      return collection + iiif + "/" + PublicUrls.segment(doc) + "/manifest";
    }

    String canvas(String doc, int page) {
      return collection + iiif + "/" + PublicUrls.segment(doc) + "/canvas/p" + page;
    }

    String search(String doc, String action) {
      return collection + iiif + (doc == null ? "" : "/" + PublicUrls.segment(doc)) + "/" + action;
    }

    String imageService(String doc, int page) {
      return collection + this.page + "/iiif/" + PublicUrls.segment(IndexFields.pageId(doc, page));
    }

    String alto(String doc, Integer page) {
      return collection + ocr + "/alto?doc=" + PublicUrls.query(doc) + (page == null ? "" : "&page=" + page);
    }
  }

  private ObjectNode manifest(SolrQueryRequest req, String id, Urls urls) throws Exception {
    SolrDocument doc = StoredDocuments.document(req, id, DOC_FIELDS);
    GroundedDocument grounded = StoredDocuments.grounded(doc, id);
    List<String> pageIds = new ArrayList<>();
    grounded.pages().forEach(p -> pageIds.add(IndexFields.pageId(id, p.page())));
    Set<String> withImage = new HashSet<>(StoredDocuments.existing(req, pageIds));
    Map<Integer, RemotePageImage> remote = remoteImages(doc, id);

    ObjectNode m = JSON.createObjectNode();
    m.put("@context", PRESENTATION_3);
    m.put("id", urls.manifest(id));
    m.put("type", "Manifest");
    String title = first(doc, IndexFields.TITLE);
    String source = first(doc, IndexFields.SOURCE);
    m.set("label", text(title != null ? title : source != null ? source : id));
    ArrayNode metadata = m.putArray("metadata");
    meta(metadata, "Document", id);
    meta(metadata, "Source", source);
    meta(metadata, "Content type", first(doc, IndexFields.CONTENT_TYPE));
    meta(metadata, "OCR", first(doc, IndexFields.OCR_ENGINE));
    meta(metadata, "Pages", Integer.toString(grounded.pages().size()));
    ArrayNode seeAlso = m.putArray("seeAlso");
    seeAlso.add(alto(urls.alto(id, null)));
    ArrayNode services = m.putArray("service");
    ObjectNode s2 = services.addObject();
    s2.put("id", urls.search(id, "search"));
    s2.put("type", "SearchService2");
    ObjectNode ac = s2.putArray("service").addObject();
    ac.put("id", urls.search(id, "autocomplete"));
    ac.put("type", "AutoCompleteService2");
    // Mirador 4 looks for a Content Search 0/1 service by profile
    ObjectNode s1 = services.addObject();
    s1.put("@context", SEARCH_1);
    s1.put("@id", urls.search(id, "search1"));
    s1.put("id", urls.search(id, "search1"));
    s1.put("type", "SearchService1");
    s1.put("profile", "http://iiif.io/api/search/1/search");

    ArrayNode items = m.putArray("items");
    for (GroundedPage p : grounded.pages()) {
      String canvasId = urls.canvas(id, p.page());
      ObjectNode c = items.addObject();
      c.put("id", canvasId);
      c.put("type", "Canvas");
      c.set("label", text("p. " + p.page()));
      c.put("width", Math.max(1, p.width()));
      c.put("height", Math.max(1, p.height()));
      c.putArray("seeAlso").add(alto(urls.alto(id, p.page())));
      ArrayNode pages = c.putArray("items");
      ObjectNode annoPage = pages.addObject();
      annoPage.put("id", canvasId + "/painting");
      annoPage.put("type", "AnnotationPage");
      ArrayNode annos = annoPage.putArray("items");
      if (withImage.contains(IndexFields.pageId(id, p.page()))) {
        // a stored page image wins: it is ours, under the same access rules as the manifest
        String service = urls.imageService(id, p.page());
        painting(annos, canvasId, service + "/full/max/0/default.jpg", "image/jpeg", p, service);
      } else if (remote.containsKey(p.page())) {
        RemotePageImage r = remote.get(p.page());
        if (r.kind() == RemotePageImage.Kind.SERVICE) {
          painting(annos, canvasId, r.url() + "/full/max/0/default.jpg", "image/jpeg", p, r.url());
        } else {
          painting(annos, canvasId, r.url(), ImageFormats.ofUrl(r.url()), p, null);
        }
      }
    }
    return m;
  }

  /**
   * The painting annotation of a canvas: the image {@code imageId} at the page's size (the OCR's
   * coordinates are the canvas's), with its IIIF Image service when there is one.
   */
  private static void painting(ArrayNode annos, String canvasId, String imageId, String format, GroundedPage p,
      String service) {
    ObjectNode a = annos.addObject();
    a.put("id", canvasId + "/painting/image");
    a.put("type", "Annotation");
    a.put("motivation", "painting");
    a.put("target", canvasId);
    ObjectNode image = a.putObject("body");
    image.put("id", imageId);
    image.put("type", "Image");
    if (format != null) {
      image.put("format", format);
    }
    image.put("width", p.width());
    image.put("height", p.height());
    if (service != null) {
      ObjectNode svc = image.putArray("service").addObject();
      svc.put("id", service);
      // a remote service's version is not known without fetching it (which the server never does);
      // viewers read the service's info.json for the real one
      svc.put("type", "ImageService3");
      svc.put("profile", "level1");
    }
  }

  /** The document's remote page images by page number; a value that does not decode is skipped. */
  private static Map<Integer, RemotePageImage> remoteImages(SolrDocument doc, String id) {
    Map<Integer, RemotePageImage> out = new HashMap<>();
    java.util.Collection<Object> values = doc.getFieldValues(IndexFields.REMOTE_PAGE_IMAGES);
    if (values == null) {
      return out;
    }
    for (Object v : values) {
      try {
        RemotePageImage r = RemotePageImage.decode(v.toString());
        out.putIfAbsent(r.page(), r);
      } catch (IllegalArgumentException e) {
        // written by a hand-made update, not by /update/scan: the canvas stays without an image
        log.warn("document {}: ignoring {} value '{}': {}", id, IndexFields.REMOTE_PAGE_IMAGES, v, e.getMessage());
      }
    }
    return out;
  }

  private ObjectNode search2(SolrQueryRequest req, String doc, Urls urls) throws Exception {
    String q = query(req);
    ContentSearch.Page result = new ContentSearch(textField, highlightKey).run(req, q, doc, pageNumber(req));
    List<ContentSearch.Match> matches = result.matches();
    ObjectNode page = JSON.createObjectNode();
    page.put("@context", SEARCH_2);
    String base = urls.search(doc, "search") + "?q=" + PublicUrls.query(q);
    String self = pageUrl(base, result.index());
    page.put("id", self);
    page.put("type", "AnnotationPage");
    ObjectNode partOf = page.putObject("partOf");
    partOf.put("id", base);
    partOf.put("type", "AnnotationCollection");
    partOf.putObject("first").put("id", pageUrl(base, 0)).put("type", "AnnotationPage");
    partOf.putObject("last").put("id", pageUrl(base, result.pages() - 1)).put("type", "AnnotationPage");
    if (result.index() + 1 < result.pages()) {
      page.putObject("next").put("id", pageUrl(base, result.index() + 1)).put("type", "AnnotationPage");
    }
    if (result.index() > 0) {
      page.putObject("prev").put("id", pageUrl(base, Math.min(result.index(), result.pages()) - 1)).put("type", "AnnotationPage");
    }
    ArrayNode items = page.putArray("items");
    ArrayNode context = JSON.createArrayNode();
    int n = 0;
    for (ContentSearch.Match match : matches) {
      List<String> ids = new ArrayList<>();
      for (ContentSearch.WordBox b : match.boxes()) {
        String annoId = self + "#anno-" + (++n);
        ids.add(annoId);
        ObjectNode a = items.addObject();
        a.put("id", annoId);
        a.put("type", "Annotation");
        a.put("motivation", "highlighting");
        ObjectNode body = a.putObject("body");
        body.put("type", "TextualBody");
        body.put("value", b.text());
        body.put("format", "text/plain");
        a.put("target", target(urls, b));
        if (doc == null) {
          a.putObject("partOf").put("id", urls.manifest(b.doc())).put("type", "Manifest");
        }
      }
      ObjectNode ctx = context.addObject();
      ctx.put("id", self + "#hit-" + n);
      ctx.put("type", "Annotation");
      ctx.put("motivation", "contextualizing");
      ArrayNode targets = ctx.putArray("target");
      for (String annoId : ids) {
        ObjectNode t = targets.addObject();
        t.put("type", "SpecificResource");
        t.put("source", annoId);
        ObjectNode sel = t.putArray("selector").addObject();
        sel.put("type", "TextQuoteSelector");
        sel.put("prefix", match.before());
        sel.put("exact", match.exact());
        sel.put("suffix", match.after());
      }
    }
    if (!context.isEmpty()) {
      ObjectNode annotations = page.putArray("annotations").addObject();
      annotations.put("type", "AnnotationPage");
      annotations.set("items", context);
    }
    return page;
  }

  private ObjectNode search1(SolrQueryRequest req, String doc, Urls urls) throws Exception {
    String q = query(req);
    ContentSearch.Page result = new ContentSearch(textField, highlightKey).run(req, q, doc, pageNumber(req));
    List<ContentSearch.Match> matches = result.matches();
    ObjectNode list = JSON.createObjectNode();
    list.put("@context", SEARCH_1);
    String base = urls.search(doc, "search1") + "?q=" + PublicUrls.query(q);
    String self = pageUrl(base, result.index());
    list.put("@id", self);
    list.put("@type", "sc:AnnotationList");
    if (result.index() + 1 < result.pages()) {
      list.put("next", pageUrl(base, result.index() + 1));
    }
    if (result.index() > 0) {
      list.put("prev", pageUrl(base, Math.min(result.index(), result.pages()) - 1));
    }
    ArrayNode resources = list.putArray("resources");
    ArrayNode hits = list.putArray("hits");
    int n = 0;
    for (ContentSearch.Match match : matches) {
      ObjectNode hit = hits.addObject();
      hit.put("@type", "search:Hit");
      ArrayNode ids = hit.putArray("annotations");
      for (ContentSearch.WordBox b : match.boxes()) {
        String annoId = self + "#anno-" + (++n);
        ids.add(annoId);
        ObjectNode a = resources.addObject();
        a.put("@id", annoId);
        a.put("@type", "oa:Annotation");
        a.put("motivation", "sc:painting");
        ObjectNode r = a.putObject("resource");
        r.put("@type", "cnt:ContentAsText");
        r.put("chars", b.text());
        a.put("on", target(urls, b));
      }
      hit.put("match", match.exact());
      hit.put("before", match.before());
      hit.put("after", match.after());
    }
    ObjectNode within = list.putObject("within");
    within.put("@type", "sc:Layer");
    if (result.pages() == 1) {
      within.put("total", n); // exact only when everything is on this page
    }
    within.put("first", pageUrl(base, 0));
    within.put("last", pageUrl(base, result.pages() - 1));
    return list;
  }

  private ObjectNode autocomplete(SolrQueryRequest req, String doc, Urls urls) throws Exception {
    String q = query(req);
    String prefix = q.toLowerCase(java.util.Locale.ROOT); // the text field's analyzer lowercases
    ObjectNode page = JSON.createObjectNode();
    page.put("@context", SEARCH_2);
    page.put("id", urls.search(doc, "autocomplete") + "?q=" + PublicUrls.query(q));
    page.put("type", "TermPage");
    ArrayNode items = page.putArray("items");
    if (prefix.codePointCount(0, prefix.length()) < AUTOCOMPLETE_MIN_CHARS || prefix.contains(" ")) {
      return page; // too short to complete, or already several words
    }
    for (ContentSearch.Term t : new ContentSearch(textField, highlightKey).terms(req, prefix, doc, AUTOCOMPLETE_TERMS)) {
      ObjectNode term = items.addObject();
      term.put("type", "Term");
      term.put("value", t.value());
      term.put("total", t.chunks()); // passages (chunks) holding the word
      ObjectNode search = term.putArray("service").addObject();
      search.put("id", urls.search(doc, "search") + "?q=" + PublicUrls.query(t.value()));
      search.put("type", "SearchService2");
    }
    return page;
  }

  /** The {@code page} parameter: 0 (the first) by default, at most {@link #MAX_PAGE}. */
  private static int pageNumber(SolrQueryRequest req) {
    String v = req.getParams().get("page");
    if (v == null || v.isBlank()) {
      return 0;
    }
    try {
      int n = Integer.parseInt(v.strip());
      if (n >= 0 && n <= MAX_PAGE) {
        return n;
      }
    } catch (NumberFormatException e) {
      // the message below says what is allowed
    }
    throw new SolrException(ErrorCode.BAD_REQUEST, "IIIF search: page must be a number from 0 to " + MAX_PAGE + ", got '" + v + "'");
  }

  private static String pageUrl(String base, int page) {
    return page <= 0 ? base : base + "&page=" + page;
  }

  private static String target(Urls urls, ContentSearch.WordBox b) {
    return urls.canvas(b.doc(), b.page()) + "#xywh=" + b.x() + "," + b.y() + "," + b.w() + "," + b.h();
  }

  private static String query(SolrQueryRequest req) {
    String q = req.getParams().get("q");
    if (q == null || q.isBlank()) {
      throw new SolrException(ErrorCode.BAD_REQUEST, "IIIF search: give the words to find as q=");
    }
    return q.strip();
  }

  private static ObjectNode alto(String url) {
    ObjectNode a = JSON.createObjectNode();
    a.put("id", url);
    a.put("type", "Dataset");
    a.put("format", "application/alto+xml");
    a.put("profile", "http://www.loc.gov/standards/alto/v4/alto-4-4.xsd");
    a.set("label", text("ALTO"));
    return a;
  }

  private static void meta(ArrayNode metadata, String label, String value) {
    if (value == null || value.isBlank()) {
      return;
    }
    ObjectNode m = metadata.addObject();
    m.set("label", JSON.createObjectNode().set("en", JSON.createArrayNode().add(label)));
    m.set("value", text(value));
  }

  private static ObjectNode text(String value) {
    ObjectNode n = JSON.createObjectNode();
    n.putArray("none").add(value);
    return n;
  }

  private static String first(SolrDocument doc, String field) {
    Object v = doc.getFirstValue(field);
    return v == null ? null : v.toString();
  }

  @Override
  public String getDescription() {
    return "IIIF Presentation 3 manifests and Content Search for the indexed documents";
  }

  @Override
  public Name getPermissionName(AuthorizationContext request) {
    return Name.READ_PERM;
  }
}
