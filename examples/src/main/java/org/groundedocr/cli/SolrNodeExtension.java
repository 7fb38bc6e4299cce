package org.groundedocr.cli;

import org.apache.solr.embedded.JettyConfig;

/**
 * Adds to the Jetty of the Solr node that {@code serve} starts (static files, servlets), found
 * through {@link java.util.ServiceLoader}: list implementations in
 * {@code META-INF/services/org.groundedocr.cli.SolrNodeExtension}. Paths are under Solr's
 * context ({@code /solr}); add them to {@link #excludedFromSolr()} so Solr's dispatch filter
 * lets them through.
 */
public interface SolrNodeExtension {

  /** Called once before the node starts. */
  void configure(JettyConfig.Builder jetty);

  /**
   * Path regexes (relative to {@code /solr}, e.g. {@code /viewer/.*}) that Solr must not handle.
   */
  default java.util.List<String> excludedFromSolr() {
    return java.util.List.of();
  }

  /** A line printed with the node's URL (e.g. where the viewer is), or null. */
  default String describe(String solrUrl) {
    return null;
  }
}
