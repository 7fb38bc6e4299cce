package org.groundedocr.ppocr;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.groundedocr.engine.EngineConfig;
import org.groundedocr.engine.OcrEngine;
import org.groundedocr.engine.OcrEngines;
import org.groundedocr.layout.PageLine;
import org.groundedocr.model.Box;
import org.groundedocr.model.GroundedPage;
import org.groundedocr.model.Region;
import org.groundedocr.model.RegionLabels;
import org.groundedocr.model.TextLine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The embedded engine's page layout on the real pages of {@code testdata/layout} (ALTO truth in
 * reading order): order-sensitive CER of the body text per page and category, and the column
 * check of issue 15 (on a page of two columns no line of the right column is read before a line
 * of the left column beside it). Not a unit test; run it with
 *
 * <pre>
 * ./mvnw -q -o -pl model test -Dtest=LayoutBenchmark -Dbenchmark=true \
 *     -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 *
 * It writes {@code model/target/benchmark/layout.md} and each page's text beside it. Data from
 * {@code -Dtestdata=DIR}, else {@code $GROUNDEDOCR_TESTDATA}, else {@code /work/shared/testdata},
 * else {@code ../shared/testdata}; without it the benchmark says so and is skipped.
 *
 * <p>Normalisation, the same for truth and output: Unicode NFKD with combining marks dropped (the
 * PP-OCRv4 dictionary has no accents; the language route is measured elsewhere), the truth's
 * hyphenation sign {@code ¬} dropped, HTML tags and Markdown heading marks dropped, whitespace runs
 * to one space. Furniture (page numbers, running heads, marginalia, initials, as the set's README
 * lists them) is left out of the truth, and regions labelled {@code header}, {@code footer} and
 * {@code page_number} out of the output. CER = Levenshtein distance / truth length, summed over
 * pages for the totals.
 */
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
class LayoutBenchmark {

  static final Set<String> TRUTH_FURNITURE = Set.of("NumPage", "NumberingZone", "QuireMarksZone",
      "Feuillet", "Notes marginales", "Initiales", "MarginTextZone");

  record TruthLine(String text, Box box, int block) {}

  @Test
  void layoutPages() throws Exception {
    Path data = testdata().resolve("layout");
    if (!Files.isDirectory(data)) {
      System.out.println("LayoutBenchmark: no test data at " + data + " (-Dtestdata=DIR); skipped");
      return;
    }
    Map<String, String> categories = new HashMap<>();
    for (String row : Files.readAllLines(data.resolve("manifest.tsv"))) {
      String[] f = row.split("\t");
      if (f.length > 4 && !f[0].equals("source")) {
        categories.put(f[1], f.length > 5 ? f[5] : f[4]);
      }
    }
    Path out = Path.of("target", "benchmark", "layout").toAbsolutePath();
    Files.createDirectories(out);
    List<Path> images;
    try (Stream<Path> s = Files.walk(data)) {
      images = s.filter(p -> p.toString().matches(".*\\.(jpe?g|png)$")).sorted().toList();
    }
    StringBuilder table = new StringBuilder(
        "| page | category | CER | columns in order | seconds |\n| --- | --- | ---: | --- | ---: |\n");
    Map<String, long[]> byCategory = new java.util.TreeMap<>();
    long totalEd = 0;
    long totalLen = 0;
    double totalSeconds = 0;
    try (OcrEngine engine = OcrEngines.create(
        new EngineConfig("ppocr", org.groundedocr.engine.Device.CPU, null, Map.of()))) {
      for (Path image : images) {
        String stem = image.getFileName().toString().replaceAll("\\.[^.]+$", "");
        Path xml = image.resolveSibling(stem + ".xml");
        if (!Files.exists(xml)) {
          continue;
        }
        List<TruthLine> truth = truth(xml);
        BufferedImage img = ImageIO.read(image.toFile());
        long t0 = System.nanoTime();
        GroundedPage page = engine.recognize(img, 1);
        double seconds = (System.nanoTime() - t0) / 1e9;
        totalSeconds += seconds;
        StringBuilder text = new StringBuilder();
        List<TextLine> read = new ArrayList<>();
        for (Region r : page.regions()) {
          if (RegionLabels.FURNITURE.contains(r.label())) {
            continue;
          }
          text.append(r.text()).append('\n');
          read.addAll(r.lines());
        }
        Files.writeString(out.resolve(stem + ".txt"), text, StandardCharsets.UTF_8);
        String a = normalise(String.join("\n", truth.stream().map(TruthLine::text).toList()));
        String b = normalise(text.toString());
        int ed = SyntheticPage.levenshtein(a, b);
        totalEd += ed;
        totalLen += a.length();
        String category = categories.getOrDefault(stem, "?");
        String key = category.replaceAll(" \\(.*", "");
        long[] c = byCategory.computeIfAbsent(key, k -> new long[2]);
        c[0] += ed;
        c[1] += a.length();
        String columns = columnOrder(truth, read, img.getWidth());
        table.append(String.format(Locale.ROOT, "| %s | %s | %.3f | %s | %.1f |%n", stem, key,
            (double) ed / Math.max(1, a.length()), columns, seconds));
      }
    }
    table.append(String.format(Locale.ROOT, "| **all %d pages** | | **%.3f** | | %.1f |%n",
        images.size(), (double) totalEd / Math.max(1, totalLen), totalSeconds));
    for (Map.Entry<String, long[]> e : byCategory.entrySet()) {
      table.append(String.format(Locale.ROOT, "| all %s | | %.3f | | |%n", e.getKey(),
          (double) e.getValue()[0] / Math.max(1, e.getValue()[1])));
    }
    Files.writeString(out.resolveSibling("layout.md"), table, StandardCharsets.UTF_8);
    System.out.println(table);
    assertTrue(totalLen > 0, "no truth text read from " + data);
  }

  /**
   * The column check: truth blocks in the left and the right half of the page whose y-ranges
   * overlap are two columns side by side; each of our lines is matched to the truth line it
   * overlaps most. "yes" when no matched line of a right block comes before a matched line of a
   * left block beside it, else the count of such pairs; "-" when the page has no two columns.
   */
  static String columnOrder(List<TruthLine> truth, List<TextLine> read, int pageWidth) {
    Map<Integer, Box> blocks = new HashMap<>();
    for (TruthLine t : truth) {
      blocks.merge(t.block(), t.box(), Box::union);
    }
    int[] order = new int[read.size()];
    int[] blockOf = new int[read.size()];
    for (int i = 0; i < read.size(); i++) {
      Box r = read.get(i).bbox();
      long best = 0;
      blockOf[i] = -1;
      for (TruthLine t : truth) {
        long o = (long) Math.max(0, PageLine.overlapX(r, t.box()))
            * Math.max(0, PageLine.overlapY(r, t.box()));
        if (o > best) {
          best = o;
          blockOf[i] = t.block();
        }
      }
      order[i] = i;
    }
    int pairs = 0;
    int violations = 0;
    for (Map.Entry<Integer, Box> l : blocks.entrySet()) {
      for (Map.Entry<Integer, Box> r : blocks.entrySet()) {
        Box lb = l.getValue();
        Box rb = r.getValue();
        boolean sideBySide = lb.x2() <= rb.x1() + 0.02 * pageWidth
            && (lb.x1() + lb.x2()) / 2 < pageWidth / 2 && (rb.x1() + rb.x2()) / 2 > pageWidth / 2
            && PageLine.overlapY(lb, rb) > 0.3 * Math.min(lb.height(), rb.height())
            && lb.width() < 0.6 * pageWidth && rb.width() < 0.6 * pageWidth;
        if (!sideBySide) {
          continue;
        }
        pairs++;
        for (int i = 0; i < read.size(); i++) {
          for (int j = i + 1; j < read.size(); j++) {
            if (blockOf[i] == r.getKey() && blockOf[j] == l.getKey()) {
              violations++;
            }
          }
        }
      }
    }
    return pairs == 0 ? "-" : violations == 0 ? "yes" : violations + " inversions";
  }

  /**
   * Region boxes on the PubLayNet sample pages against their COCO truth: precision and recall at
   * IoU 0.5 per label (greedy one-to-one matching, best IoU first). Our labels map to PubLayNet's:
   * {@code title} and {@code sub_title} to title, {@code table} to table, {@code image} to figure,
   * every other text label (captions, furniture) to text; PP-OCR has no list label.
   */
  @Test
  void publaynetRegions() throws Exception {
    Path data = testdata().resolve("publaynet").resolve("examples");
    Path json = data.resolve("samples.json");
    if (!Files.exists(json)) {
      System.out.println("LayoutBenchmark: no PubLayNet samples at " + json + "; skipped");
      return;
    }
    com.fasterxml.jackson.databind.JsonNode coco =
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.toFile());
    Map<Integer, String> names = new HashMap<>();
    coco.get("categories").forEach(c -> names.put(c.get("id").asInt(), c.get("name").asText()));
    Map<Integer, List<Object[]>> truthByImage = new HashMap<>();
    for (com.fasterxml.jackson.databind.JsonNode a : coco.get("annotations")) {
      com.fasterxml.jackson.databind.JsonNode bb = a.get("bbox");
      Box box = new Box((int) bb.get(0).asDouble(), (int) bb.get(1).asDouble(),
          (int) Math.ceil(bb.get(0).asDouble() + bb.get(2).asDouble()),
          (int) Math.ceil(bb.get(1).asDouble() + bb.get(3).asDouble()));
      truthByImage.computeIfAbsent(a.get("image_id").asInt(), k -> new ArrayList<>())
          .add(new Object[] {names.get(a.get("category_id").asInt()), box});
    }
    List<String> labels = List.of("text", "title", "list", "table", "figure");
    Map<String, int[]> counts = new java.util.LinkedHashMap<>(); // matched, predicted, truth
    labels.forEach(l -> counts.put(l, new int[3]));
    double seconds = 0;
    try (OcrEngine engine = OcrEngines.create(
        new EngineConfig("ppocr", org.groundedocr.engine.Device.CPU, null, Map.of()))) {
      for (com.fasterxml.jackson.databind.JsonNode im : coco.get("images")) {
        BufferedImage img = ImageIO.read(data.resolve(im.get("file_name").asText()).toFile());
        long t0 = System.nanoTime();
        GroundedPage page = engine.recognize(img, 1);
        seconds += (System.nanoTime() - t0) / 1e9;
        List<Object[]> truth = truthByImage.getOrDefault(im.get("id").asInt(), List.of());
        for (String label : labels) {
          List<Box> want = new ArrayList<>();
          truth.stream().filter(t -> t[0].equals(label)).forEach(t -> want.add((Box) t[1]));
          List<Box> got = new ArrayList<>();
          for (Region r : page.regions()) {
            if (publaynetLabel(r.label()).equals(label)) {
              got.add(r.bbox());
            }
          }
          int[] c = counts.get(label);
          c[0] += matches(got, want);
          c[1] += got.size();
          c[2] += want.size();
        }
      }
    }
    StringBuilder table = new StringBuilder(
        "| label | truth | predicted | precision | recall |\n| --- | ---: | ---: | ---: | ---: |\n");
    counts.forEach((label, c) -> table.append(String.format(Locale.ROOT, "| %s | %d | %d | %.2f | %.2f |%n",
        label, c[2], c[1], c[1] == 0 ? 0.0 : (double) c[0] / c[1], c[2] == 0 ? 0.0 : (double) c[0] / c[2])));
    table.append(String.format(Locale.ROOT, "%n%d pages, %.1f s%n", coco.get("images").size(), seconds));
    Path out = Path.of("target", "benchmark").toAbsolutePath();
    Files.createDirectories(out);
    Files.writeString(out.resolve("layout-publaynet.md"), table, StandardCharsets.UTF_8);
    System.out.println(table);
  }

  static String publaynetLabel(String label) {
    return switch (label) {
      case RegionLabels.TITLE, RegionLabels.SUB_TITLE -> "title";
      case RegionLabels.TABLE -> "table";
      case RegionLabels.IMAGE, RegionLabels.FIGURE -> "figure";
      case RegionLabels.LIST -> "list";
      default -> "text";
    };
  }

  /** Pairs at IoU 0.5 or more, matched one to one, best IoU first. */
  static int matches(List<Box> got, List<Box> want) {
    List<double[]> pairs = new ArrayList<>();
    for (int i = 0; i < got.size(); i++) {
      for (int j = 0; j < want.size(); j++) {
        double iou = got.get(i).iou(want.get(j));
        if (iou >= 0.5) {
          pairs.add(new double[] {iou, i, j});
        }
      }
    }
    pairs.sort((x, y) -> Double.compare(y[0], x[0]));
    boolean[] usedGot = new boolean[got.size()];
    boolean[] usedWant = new boolean[want.size()];
    int n = 0;
    for (double[] p : pairs) {
      if (!usedGot[(int) p[1]] && !usedWant[(int) p[2]]) {
        usedGot[(int) p[1]] = true;
        usedWant[(int) p[2]] = true;
        n++;
      }
    }
    return n;
  }

  static List<TruthLine> truth(Path xml) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    Document doc = f.newDocumentBuilder().parse(xml.toFile());
    Map<String, String> tags = new HashMap<>();
    for (String kind : List.of("OtherTag", "LayoutTag", "StructureTag")) {
      NodeList n = doc.getElementsByTagNameNS("*", kind);
      for (int i = 0; i < n.getLength(); i++) {
        Element e = (Element) n.item(i);
        tags.put(e.getAttribute("ID"), e.getAttribute("LABEL"));
      }
    }
    List<TruthLine> lines = new ArrayList<>();
    NodeList blocks = doc.getElementsByTagNameNS("*", "TextBlock");
    for (int b = 0; b < blocks.getLength(); b++) {
      Element block = (Element) blocks.item(b);
      String ref = block.getAttribute("TAGREFS").strip().split("\\s+")[0];
      if (TRUTH_FURNITURE.contains(tags.getOrDefault(ref, ""))) {
        continue;
      }
      for (Node n = block.getFirstChild(); n != null; n = n.getNextSibling()) {
        if (n instanceof Element line && "TextLine".equals(line.getLocalName())) {
          StringBuilder sb = new StringBuilder();
          for (Node s = line.getFirstChild(); s != null; s = s.getNextSibling()) {
            if (s instanceof Element str && "String".equals(str.getLocalName())) {
              if (sb.length() > 0) {
                sb.append(' ');
              }
              sb.append(str.getAttribute("CONTENT"));
            }
          }
          int x = (int) Double.parseDouble(attr(line, "HPOS"));
          int y = (int) Double.parseDouble(attr(line, "VPOS"));
          int w = (int) Double.parseDouble(attr(line, "WIDTH"));
          int h = (int) Double.parseDouble(attr(line, "HEIGHT"));
          lines.add(new TruthLine(sb.toString(), new Box(x, y, x + w, y + h), b));
        }
      }
    }
    return lines;
  }

  private static String attr(Element e, String name) {
    String v = e.getAttribute(name);
    return v.isEmpty() ? "0" : v;
  }

  static String normalise(String s) {
    String t = Normalizer.normalize(s, Normalizer.Form.NFKD).replaceAll("\\p{M}", "");
    t = t.replace("¬\n", "").replace("¬", "");
    t = t.replaceAll("<[^>]+>", " ").replaceAll("(?m)^#+ ", "");
    return t.replaceAll("\\s+", " ").strip();
  }

  static Path testdata() {
    String p = System.getProperty("testdata", System.getenv("GROUNDEDOCR_TESTDATA"));
    if (p != null) {
      return Path.of(p);
    }
    Path shared = Path.of("/work/shared/testdata");
    return Files.isDirectory(shared) ? shared : Path.of("..", "shared", "testdata");
  }
}
