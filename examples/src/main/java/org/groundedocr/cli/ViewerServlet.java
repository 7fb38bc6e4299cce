package org.groundedocr.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.groundedocr.solr.chunking.DocumentGeneration;

/**
 * Serves the viewer's static files (HTML, JavaScript, CSS) from the jar's {@code viewer/} folder.
 * Only those files: a path is looked up in a fixed set, never on the file system.
 *
 * <p>{@code config.json} gives the viewer the server's settings it must not keep a copy of: the
 * filter that keeps to complete documents ({@link DocumentGeneration#COMPLETE_FILTER}).
 *
 * <p>Every response carries {@link #CONTENT_SECURITY_POLICY}: scripts, styles, images and fetches
 * from this origin only, no inline script, no plugins, no framing. The viewer inserts server text
 * as text; the policy is the second line of defence should a future change forget that.
 */
final class ViewerServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;
  static final String CONFIG = "config.json";
  private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();
  private static final Map<String, String> FILES = Map.of(
      "index.html", "text/html; charset=utf-8",
      "viewer.js", "text/javascript; charset=utf-8",
      "viewer.css", "text/css; charset=utf-8");

  /** No {@code 'unsafe-inline'} anywhere: the viewer has no inline script or style. */
  static final String CONTENT_SECURITY_POLICY =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
          + "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse rsp) throws IOException {
    String path = req.getPathInfo();
    if (path == null) {
      rsp.sendRedirect(req.getRequestURI() + "/");
      return;
    }
    String name = path.equals("/") ? "index.html" : path.substring(1);
    if (name.equals(CONFIG)) {
      headers(rsp, "application/json; charset=utf-8");
      rsp.getOutputStream().write(config());
      return;
    }
    String type = FILES.get(name);
    if (type == null) {
      rsp.sendError(HttpServletResponse.SC_NOT_FOUND);
      return;
    }
    try (InputStream in = ViewerServlet.class.getResourceAsStream("/viewer/" + name)) {
      if (in == null) {
        rsp.sendError(HttpServletResponse.SC_NOT_FOUND);
        return;
      }
      headers(rsp, type);
      in.transferTo(rsp.getOutputStream());
    }
  }

  /** The viewer's settings document. */
  static byte[] config() throws IOException {
    return JSON.writeValueAsBytes(Map.of("completeFilter", DocumentGeneration.COMPLETE_FILTER));
  }

  private static void headers(HttpServletResponse rsp, String type) {
    rsp.setContentType(type);
    rsp.setHeader("Cache-Control", "no-cache");
    rsp.setHeader("X-Content-Type-Options", "nosniff");
    rsp.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    rsp.setHeader("Referrer-Policy", "no-referrer");
    rsp.setHeader("X-Frame-Options", "DENY");
  }
}
