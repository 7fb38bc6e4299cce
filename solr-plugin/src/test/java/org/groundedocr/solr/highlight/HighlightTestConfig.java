package org.groundedocr.solr.highlight;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** The highlighter's test configset: the project's real schema plus a search-only solrconfig. */
final class HighlightTestConfig {

  private HighlightTestConfig() {}

  /** The project root (surefire sets {@code groundedocr.root}; otherwise found from the working dir). */
  static Path projectRoot() {
    String root = System.getProperty("groundedocr.root");
    Path p = root != null ? Path.of(root) : Path.of("").toAbsolutePath();
    while (p != null && !Files.isDirectory(p.resolve("configsets/grounded-ocr"))) {
      p = p.getParent();
    }
    if (p == null) {
      throw new IllegalStateException("configsets/grounded-ocr not found above " + root);
    }
    return p;
  }

  /** Writes {@code solrconfig.xml} and {@code schema.xml} into {@code conf}. */
  static Path writeConf(Path conf) throws IOException {
    Files.createDirectories(conf);
    Files.copy(projectRoot().resolve("configsets/grounded-ocr/conf/managed-schema.xml"),
        conf.resolve("schema.xml"), StandardCopyOption.REPLACE_EXISTING);
    try (InputStream in = HighlightTestConfig.class.getResourceAsStream("/highlight-conf/solrconfig.xml")) {
      Files.copy(in, conf.resolve("solrconfig.xml"), StandardCopyOption.REPLACE_EXISTING);
    }
    return conf;
  }
}
