package org.groundedocr.it.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.groundedocr.cli.GroundedOcrCli;
import org.groundedocr.cli.SolrNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The README's main job: {@code grounded-ocr demo} starts Solr, OCRs and indexes the example scans
 * (the default PP-OCR engine, in Solr), and prints the hits of its three searches with their page
 * boxes. Then {@code search --json} on the same index returns highlight boxes inside the region
 * that holds the phrase.
 */
class DemoIT {

  @TempDir Path data;

  private static String[] run(String... args) {
    CommandLine cli = GroundedOcrCli.newCommandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new String[] {Integer.toString(code), out.toString(), err.toString()};
  }

  @Test
  void demoPrintsHitsWithPageBoxesAndSearchJsonLocatesThePhrase() throws Exception {
    int port = SearchLatencyBenchmark.freePortPair();
    Path dir = data.resolve("demo");
    String[] demo = run("demo", "--port", Integer.toString(port), "--data", dir.toString(), "--no-wait");
    String out = demo[1];
    assertEquals("0", demo[0], out + demo[2]);
    for (String file : new String[] {"harbour-report.pdf", "invoice-0042.jpg", "notice-to-mariners.pdf"}) {
      assertTrue(Pattern.compile(Pattern.quote(file) + "\\s+\\d+ page\\(s\\)").matcher(out).find(),
          file + " not indexed:\n" + out);
    }
    // each of the three searches finds its document and prints a match box on a page
    String[] sections = out.split("=== search ");
    assertEquals(4, sections.length, out);
    String[][] expect = {
      {"\"grain exports to Lisbon\"", "harbour-report.pdf", "Grain exports to Lisbon"},
      {"anchor shackle", "invoice-0042.jpg", "shackle"},
      {"eastern channel dredging", "notice-to-mariners.pdf", "channel"}};
    Pattern match = Pattern.compile("match \"([^\"]+)\": page (\\d+), \\[(\\d+), (\\d+), (\\d+), (\\d+)\\]");
    for (int i = 0; i < 3; i++) {
      String section = sections[i + 1];
      assertTrue(section.startsWith(expect[i][0]), section);
      assertTrue(section.contains(expect[i][1]), "no hit in " + expect[i][1] + ":\n" + section);
      // the phrase as one box (lines without word boxes), or each of its words in a box of its
      // own (engines that give word boxes: ppocr and tesseract do)
      Matcher m = match.matcher(section);
      Set<String> boxed = new HashSet<>();
      while (m.find()) {
        int x1 = Integer.parseInt(m.group(3));
        int x2 = Integer.parseInt(m.group(5));
        assertTrue(x2 > x1, section);
        boxed.add(m.group(1).toLowerCase(Locale.ROOT));
      }
      String phrase = expect[i][2].toLowerCase(Locale.ROOT);
      boolean found = boxed.contains(phrase) || boxed.containsAll(List.of(phrase.split(" ")));
      assertTrue(found, "no box for '" + expect[i][2] + "':\n" + section);
    }
    assertTrue(out.contains("/solr/viewer/#q="), out);

    // the index the demo left behind, served again: search --json
    try (SolrNode node = SolrNode.start(new SolrNode.Options(dir, port, "scans", 2, 1, null))) {
      String[] search = run("search", "--solr", node.baseUrl(), "--json", "\"copper shipments rose sharply\"");
      assertEquals("0", search[0], search[2]);
      JsonNode json = new ObjectMapper().readTree(search[1]);
      assertEquals(1, json.path("numFound").asInt(), search[1]);
      JsonNode hit = json.path("hits").path(0);
      assertEquals("harbour-report.pdf", hit.path("source").asText());
      JsonNode match0 = hit.path("highlights").path(0);
      assertFalse(match0.isMissingNode(), search[1]);
      String joined = "";
      for (JsonNode box : match0) {
        JsonNode region = hit.path("regions").path(box.path("region").asInt());
        assertTrue(region.path("text").asText().contains("copper shipments"), region.toString());
        assertEquals(region.path("page").asInt(), box.path("page").asInt());
        double[] r = boxOf(region.path("box"));
        double[] b = boxOf(box.path("box"));
        assertTrue(b[0] >= r[0] && b[1] >= r[1] && b[2] <= r[2] && b[3] <= r[3],
            "highlight " + box + " outside its region " + region);
        assertTrue(box.path("line").asBoolean(), "PP-OCR gives lines: the box is narrowed to one");
        joined += " " + box.path("text").asText();
      }
      assertEquals("copper shipments rose sharply", joined.strip().replaceAll("\\s+", " ").toLowerCase());
      assertTrue(hit.path("images").path(0).asText().contains("/solr/scans/page?doc="), search[1]);
    }
    assertTrue(Files.isDirectory(dir.resolve("example-scans")));
  }

  private static double[] boxOf(JsonNode a) {
    return new double[] {a.path(0).asDouble(), a.path(1).asDouble(), a.path(2).asDouble(), a.path(3).asDouble()};
  }
}
