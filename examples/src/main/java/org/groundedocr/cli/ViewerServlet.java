package org.groundedocr.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * Serves the viewer's static files (HTML, JavaScript, CSS) from the jar's {@code viewer/} folder.
 * Only those files: a path is looked up in a fixed set, never on the file system.
 */
final class ViewerServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;
  private static final Map<String, String> FILES = Map.of(
      "index.html", "text/html; charset=utf-8",
      "viewer.js", "text/javascript; charset=utf-8",
      "viewer.css", "text/css; charset=utf-8");

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse rsp) throws IOException {
    String path = req.getPathInfo();
    if (path == null) {
      rsp.sendRedirect(req.getRequestURI() + "/");
      return;
    }
    String name = path.equals("/") ? "index.html" : path.substring(1);
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
      rsp.setContentType(type);
      rsp.setHeader("Cache-Control", "no-cache");
      rsp.setHeader("X-Content-Type-Options", "nosniff");
      in.transferTo(rsp.getOutputStream());
    }
  }
}
