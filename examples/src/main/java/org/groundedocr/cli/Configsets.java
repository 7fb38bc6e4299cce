package org.groundedocr.cli;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

/** The grounded-ocr configset that ships inside this jar ({@code configsets/grounded-ocr/conf}). */
final class Configsets {

  static final String NAME = "grounded-ocr";
  private static final String MARKER = "/configsets/" + NAME + "/conf/solrconfig.xml";

  private Configsets() {}

  /** Copies the bundled configset's {@code conf} folder to {@code target} and returns it. */
  static Path extract(Path target) throws IOException {
    URL url = Configsets.class.getResource(MARKER);
    if (url == null) {
      throw new IOException("the grounded-ocr configset is not in this build (" + MARKER + ")");
    }
    try {
      URI uri = url.toURI();
      if ("jar".equals(uri.getScheme())) {
        try (FileSystem fs = FileSystems.newFileSystem(uri, Map.of())) {
          copyTree(fs.getPath(MARKER).getParent(), target);
        }
      } else {
        copyTree(Path.of(uri).getParent(), target);
      }
    } catch (URISyntaxException e) {
      throw new IOException(e);
    }
    return target;
  }

  private static void copyTree(Path from, Path to) throws IOException {
    Files.createDirectories(to);
    try (Stream<Path> files = Files.walk(from)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        Path dest = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(dest);
        } else {
          Files.copy(p, dest, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }
}
