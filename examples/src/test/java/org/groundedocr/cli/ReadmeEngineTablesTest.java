package org.groundedocr.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.groundedocr.engine.OcrEngineProvider;
import org.groundedocr.engine.OcrEngines;
import org.junit.jupiter.api.Test;

/** The README's engine option tables are the engines' declarations (`grounded-ocr engines` prints them). */
class ReadmeEngineTablesTest {

  @Test
  void readmeShowsEachEnginesDeclaredSettings() throws Exception {
    String root = System.getProperty("groundedocr.root");
    Path readme = (root != null ? Path.of(root) : Path.of("..")).resolve("README.md");
    String text = Files.readString(readme);
    for (OcrEngineProvider p : OcrEngines.providers()) {
      String table = p.settings().markdownTable();
      assertTrue(text.contains(table), "README.md lacks the " + p.name() + " settings table as"
          + " `grounded-ocr engines` prints it (paste it in):\n" + table);
    }
  }
}
