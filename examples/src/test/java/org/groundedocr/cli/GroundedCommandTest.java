package org.groundedocr.cli;

import static org.groundedocr.cli.CliRunner.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GroundedCommandTest {

  static final String RAW =
      "<|ref|>sub_title<|/ref|><|det|>[[5, 12, 152, 60]]<|/det|>\n## Opinion\n"
          + "<|ref|>image<|/ref|><|det|>[[5, 95, 528, 560]]<|/det|>\n"
          + "<|ref|>text<|/ref|><|det|>[[5, 707, 525, 920]]<|/det|>\nBody text.\n";

  @Test
  void printsJsonWithPixelBoxes(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("out.txt");
    Files.writeString(f, RAW);
    String[] r = run("grounded", "--width", "902", "--height", "565", f.toString());
    assertEquals("0", r[0], r[2]);
    JsonNode doc = new ObjectMapper().readTree(r[1]);
    JsonNode regions = doc.path("pages").get(0).path("regions");
    assertEquals(3, regions.size());
    assertEquals("sub_title", regions.get(0).path("label").asText());
    assertEquals("[4,6,137,33]", regions.get(0).path("bbox").toString());
    assertEquals(902, doc.path("pages").get(0).path("width").asInt());
  }

  @Test
  void printsCleanMarkdown(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("out.txt");
    Files.writeString(f, RAW);
    String[] r = run("grounded", "--width", "902", "--height", "565", "--format", "markdown", f.toString());
    assertEquals("## Opinion\n\n![](images/1_0.jpg)\n\nBody text.", r[1].strip());
  }

  @Test
  void rejectsMissingSizeAndShowsVersion() {
    String[] r = run("grounded", "--width", "10");
    assertNotEquals("0", r[0]);
    assertTrue(r[2].contains("--height"), r[2]);
    String[] v = run("--version");
    assertEquals("0", v[0]);
    assertTrue(v[1].startsWith("grounded-ocr "), v[1]);
  }
}
