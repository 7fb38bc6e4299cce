package org.groundedocr.solr.iiif;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import javax.servlet.http.HttpServletRequest;
import org.apache.solr.core.SolrCore;
import org.apache.solr.request.SolrQueryRequest;
import org.apache.solr.servlet.HttpSolrCall;

/**
 * The URLs IIIF documents link to. IIIF ids must be URIs a viewer can fetch, so they are absolute:
 * the scheme and host the client used ({@code X-Forwarded-Proto}/{@code X-Forwarded-Host} when a
 * proxy sets them), then {@code /solr/<collection>}. A request without an HTTP call (in-process)
 * gets the path alone.
 */
public final class PublicUrls {

  private PublicUrls() {}

  /** {@code http://host:port/solr/<collection>}. */
  public static String collection(SolrQueryRequest req) {
    SolrCore core = req.getCore();
    String collection = core.getCoreDescriptor().getCollectionName();
    return origin(req) + "/solr/" + (collection != null ? collection : core.getName());
  }

  /** {@code scheme://host[:port]} of the request, or empty when it did not come over HTTP. */
  public static String origin(SolrQueryRequest req) {
    HttpSolrCall call = req.getHttpSolrCall();
    HttpServletRequest http = call == null ? null : call.getReq();
    if (http == null) {
      return "";
    }
    String proto = header(http, "X-Forwarded-Proto", http.getScheme());
    String host = header(http, "X-Forwarded-Host", http.getHeader("Host"));
    if (host == null || host.isBlank()) {
      host = http.getServerName() + ":" + http.getServerPort();
    }
    return proto + "://" + host;
  }

  /**
   * A path segment: the id percent-encoded so that {@code /}, {@code #}, {@code ?} survive;
   * {@code !} (legal in a segment, and in every page id) is kept as the Image API's
   * {@code info.json} writes it, so that a viewer sees one id for one image.
   */
  public static String segment(String id) {
    return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20").replace("%21", "!");
  }

  public static String query(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static String header(HttpServletRequest http, String name, String fallback) {
    String v = http.getHeader(name);
    if (v == null || v.isBlank()) {
      return fallback;
    }
    int comma = v.indexOf(',');
    return (comma >= 0 ? v.substring(0, comma) : v).strip();
  }
}
