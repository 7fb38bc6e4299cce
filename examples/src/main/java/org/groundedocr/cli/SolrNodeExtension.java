package org.groundedocr.cli;

import org.apache.solr.embedded.JettyConfig;

/**
 * Adds to the Jetty of the Solr node that {@code serve} starts (static files, servlets), found
 * through {@link java.util.ServiceLoader}: list implementations in
 * {@code META-INF/services/org.groundedocr.cli.SolrNodeExtension}. Paths are under Solr's
 * context ({@code /solr}, e.g. {@code /solr/viewer/*}); Solr's dispatch filter passes requests for
 * paths it has no handler for on to these servlets.
 */
public interface SolrNodeExtension {

  /** Called once before the node starts. */
  void configure(JettyConfig.Builder jetty);

  /**
   * The extension's paths (regexes relative to {@code /solr}), for the record: JettySolrRunner's
   * dispatch filter has fixed exclusions, and Solr hands a path it has no handler for on to the
   * servlets anyway, so nothing needs to be excluded.
   */
  default java.util.List<String> excludedFromSolr() {
    return java.util.List.of();
  }

  /** A line printed with the node's URL (e.g. where the viewer is), or null. */
  default String describe(String solrUrl) {
    return null;
  }
}
