package org.groundedocr.solr;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** The project's configset, copied into a test Solr home as core {@code collection1}. */
public final class GroundedOcrCore {

  private GroundedOcrCore() {}

  /** {@code configsets/grounded-ocr/conf} of this checkout. */
  public static Path configsetConf() {
    String root = System.getProperty("groundedocr.root");
    Path base = root != null ? Path.of(root) : Path.of("..").toAbsolutePath().normalize();
    Path conf = base.resolve("configsets/grounded-ocr/conf");
    if (!Files.isDirectory(conf)) {
      throw new IllegalStateException("no configset at " + conf + " (set -Dgroundedocr.root)");
    }
    return conf;
  }

  /** A Solr home holding {@code collection1/conf} = the grounded-ocr configset. */
  public static Path solrHome(Path dir) throws IOException {
    Path conf = dir.resolve("collection1/conf");
    Files.createDirectories(conf);
    try (Stream<Path> files = Files.list(configsetConf())) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Files.copy(f, conf.resolve(f.getFileName().toString()));
      }
    }
    return dir;
  }
}
