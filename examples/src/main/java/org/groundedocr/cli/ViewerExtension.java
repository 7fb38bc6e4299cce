package org.groundedocr.cli;

import java.util.List;
import org.apache.solr.embedded.JettyConfig;
import org.eclipse.jetty.servlet.ServletHolder;

/** Serves the viewer ({@link ViewerServlet}) at {@code /solr/viewer/} on the node {@code serve} starts. */
public final class ViewerExtension implements SolrNodeExtension {

  static final String PATH = "/viewer";

  @Override
  public void configure(JettyConfig.Builder jetty) {
    jetty.withServlet(new ServletHolder("grounded-ocr-viewer", new ViewerServlet()), PATH + "/*");
  }

  @Override
  public List<String> excludedFromSolr() {
    return List.of(PATH + "/.*", PATH);
  }

  @Override
  public String describe(String solrUrl) {
    return "viewer: " + solrUrl + PATH + "/";
  }
}
