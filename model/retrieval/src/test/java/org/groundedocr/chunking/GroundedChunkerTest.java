package org.groundedocr.chunking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.groundedocr.grounding.GroundedJson;
import org.groundedocr.model.Box;
import org.groundedocr.model.GroundedDocument;
import org.groundedocr.model.GroundedPage;
import org.groundedocr.model.PageStats;
import org.groundedocr.model.Region;
import org.groundedocr.model.TextLine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The chunking rules, on grounded documents built in code (no OCR). */
class GroundedChunkerTest {

  static HuggingFaceTokenCounter bge;

  @BeforeAll
  static void load() throws IOException {
    bge = HuggingFaceTokenCounter.bgeSmallEnV15();
  }

  @AfterAll
  static void close() {
    bge.close();
  }

  private static int y;

  static Region region(String label, String text) {
    Box b = new Box(100, y, 1500, y + 40);
    y += 60;
    return new Region(label, List.of(b), text);
  }

  static GroundedPage page(int n, Region... regions) {
    return new GroundedPage(n, 1654, 2339, List.of(regions), PageStats.of("test", "", 10));
  }

  static GroundedDocument doc(GroundedPage... pages) {
    return new GroundedDocument("test.pdf", "test", List.of(pages));
  }

  static String sentences(String topic, int n) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      sb.append("The ").append(topic).append(" report number ").append(i)
          .append(" describes quarterly figures for the northern division in detail. ");
    }
    return sb.toString().strip();
  }

  /** Invariants every chunk of every test must satisfy. */
  static List<Chunk> checked(GroundedChunker chunker, GroundedDocument doc) {
    List<Chunk> chunks = chunker.chunk(doc);
    for (int i = 0; i < chunks.size(); i++) {
      Chunk c = chunks.get(i);
      assertEquals(i, c.ordinal());
      assertEquals(bge.count(c.retrievalText()), c.tokenCount(), "token count of chunk " + i);
      assertTrue(c.tokenCount() <= chunker.config().maxTokens(), "chunk " + i + " has " + c.tokenCount() + " tokens");
      assertEquals(c.retrievalText().substring(c.textOffsetInRetrievalText()), c.text());
      assertFalse(c.regions().isEmpty(), "chunk " + i + " has no regions");
      int covered = 0;
      for (ChunkRegion r : c.regions()) {
        assertTrue(r.end() <= c.text().length(), "span inside the text");
        assertTrue(r.start() >= covered - 0 || r.start() >= 0);
        GroundedPage p = doc.pages().get(r.page() - 1);
        Region source = p.regions().get(r.region());
        assertEquals(source.label(), r.label());
        assertEquals(source.boxes(), r.boxes());
        String span = c.text().substring(r.start(), r.end());
        if (!r.partial() && !"table".equals(r.label()) && !source.text().isBlank()) {
          assertTrue(span.contains(source.text().strip()) || span.endsWith(source.text().strip().replaceFirst("-$", "")),
              "span [" + span + "] holds region text [" + source.text() + "]");
        }
        for (ChunkLine l : r.lines()) {
          assertTrue(l.start() >= r.start() && l.end() <= r.end(), "line inside its region span");
        }
      }
      assertEquals(c.regions().stream().map(ChunkRegion::page).distinct().sorted().toList(), c.pageNumbers());
    }
    return chunks;
  }

  GroundedChunker chunker(int target, int max, int overlap) {
    return new GroundedChunker(new ChunkingConfig(target, max, overlap), bge);
  }

  @Test
  void shortDocumentIsOneChunkWithExactSpans() {
    y = 100;
    Region title = region("title", "# Annual report");
    Region para = region("text", "Revenue grew by 12% in 2024.");
    GroundedDocument d = doc(page(1, title, para));
    List<Chunk> chunks = checked(chunker(256, 500, 0), d);
    assertEquals(1, chunks.size());
    Chunk c = chunks.get(0);
    assertEquals("# Annual report\n\nRevenue grew by 12% in 2024.", c.text());
    assertEquals("", c.breadcrumbs(), "a chunk that starts with its heading has no breadcrumbs above it");
    assertEquals(List.of("title", "text"), c.labels());
    ChunkRegion r = c.regions().get(1);
    assertEquals("Revenue grew by 12% in 2024.", c.text().substring(r.start(), r.end()));
    assertEquals(List.of(new PageSize(1, 1654, 2339)), c.pages());
    assertFalse(r.partial());
  }

  @Test
  void headingsBecomeBreadcrumbsOfLaterChunks() {
    y = 100;
    List<Region> regions = new ArrayList<>();
    regions.add(region("title", "# Annual report"));
    regions.add(region("sub_title", "## Revenue"));
    for (int i = 0; i < 6; i++) {
      regions.add(region("text", sentences("revenue " + i, 3)));
    }
    regions.add(region("sub_title", "## Costs"));
    regions.add(region("text", sentences("costs", 2)));
    List<Chunk> chunks = checked(chunker(120, 200, 0), doc(page(1, regions.toArray(Region[]::new))));
    assertTrue(chunks.size() >= 3, "chunks: " + chunks.size());
    Chunk second = chunks.get(1);
    assertEquals("# Annual report > ## Revenue", second.breadcrumbs());
    assertEquals(List.of("Annual report", "Revenue"), second.headings());
    assertTrue(second.retrievalText().startsWith("# Annual report > ## Revenue\n\n"));
    Chunk last = chunks.get(chunks.size() - 1);
    assertTrue(last.text().startsWith("## Costs"), "a new section starts a chunk: " + last.text());
    assertEquals("# Annual report", last.breadcrumbs());
    // a heading never ends a chunk when text follows it
    for (Chunk c : chunks.subList(0, chunks.size() - 1)) {
      ChunkRegion tail = c.regions().get(c.regions().size() - 1);
      assertFalse(tail.label().endsWith("title"), "chunk ends with a heading: " + c.text());
    }
  }

  @Test
  void furnitureIsMetadataNotText() {
    y = 100;
    GroundedDocument d =
        doc(
            page(1, region("header", "ACME Corp — Confidential"), region("text", "First page body."),
                region("page_number", "iv"), region("footer", "Printed 2024")),
            page(2, region("header", "ACME Corp — Confidential"), region("text", "Second page body."),
                region("page_number", "v")));
    List<Chunk> chunks = checked(chunker(256, 500, 0), d);
    assertEquals(1, chunks.size());
    Chunk c = chunks.get(0);
    assertFalse(c.text().contains("ACME"));
    assertFalse(c.text().contains("iv"));
    assertEquals(List.of("iv", "v"), c.printedPages());
    assertEquals(List.of("ACME Corp — Confidential", "Printed 2024"), c.furniture());
    assertEquals(List.of(1, 2), c.pageNumbers());
  }

  @Test
  void paragraphRunningOverAPageBreakIsJoined() {
    y = 100;
    GroundedDocument d =
        doc(
            page(1, region("text", "The committee agreed that the budget for the next fiscal year would be conti-")),
            page(2, region("text", "nued at the current level, subject to review."), region("text", "A new paragraph.")));
    Chunk c = checked(chunker(256, 500, 0), d).get(0);
    assertTrue(c.text().startsWith("The committee agreed that the budget for the next fiscal year would be continued at"), c.text());
    ChunkRegion first = c.regions().get(0);
    ChunkRegion second = c.regions().get(1);
    assertEquals(1, first.page());
    assertEquals(2, second.page());
    assertFalse(first.partial(), "the dropped hyphen does not make the region partial");
    assertEquals(first.end(), second.start(), "no separator inside a rejoined word");
    assertEquals("nued at the current level, subject to review.", c.text().substring(second.start(), second.end()));
    // a sentence that ended does not join
    assertTrue(c.text().contains("review.\n\nA new paragraph."));
  }

  @Test
  void joinAcrossPagesWithASpace() {
    y = 100;
    GroundedDocument d =
        doc(page(1, region("text"," Payments are due within thirty days")), page(2, region("text", "of the invoice date.")));
    Chunk c = checked(chunker(256, 500, 0), d).get(0);
    assertEquals("Payments are due within thirty days of the invoice date.", c.text());
  }

  @Test
  void tableLargerThanAChunkIsSplitByRowsWithTheHeaderRepeated() {
    y = 100;
    StringBuilder html = new StringBuilder("<table><tr><td>Item</td><td>Quantity</td><td>Price</td></tr>");
    for (int i = 0; i < 60; i++) {
      html.append("<tr><td>Widget model ").append(i).append("</td><td>").append(i + 1).append("</td><td>")
          .append(10 + i).append(".50 EUR</td></tr>");
    }
    html.append("</table>");
    Region caption = region("table_caption", "Table 1: Items sold");
    Region table = region("table", html.toString());
    Region note = region("table_footnote", "Prices include VAT.");
    GroundedDocument d = doc(page(1, caption, table, note));
    List<Chunk> chunks = checked(chunker(128, 200, 0), d);
    assertTrue(chunks.size() >= 3, "parts: " + chunks.size());
    List<String> rows = new ArrayList<>();
    for (Chunk c : chunks) {
      assertTrue(c.text().contains("| Item | Quantity | Price |\n| --- | --- | --- |"), "header in every part: " + c.text());
      ChunkRegion t = c.regions().stream().filter(r -> r.label().equals("table")).findFirst().orElseThrow();
      assertTrue(t.partial());
      assertTrue(c.text().substring(t.start(), t.end()).startsWith("| Item |"));
      c.text().lines().filter(l -> l.startsWith("| Widget")).forEach(rows::add);
    }
    assertEquals(60, rows.size(), "every row exactly once");
    assertEquals(60, rows.stream().distinct().count());
    assertTrue(chunks.get(0).text().startsWith("Table 1: Items sold\n\n| Item"), "caption above stays with the first part");
    assertTrue(chunks.get(chunks.size() - 1).text().endsWith("Prices include VAT."), "footnote with the last part");
    assertEquals(List.of("table_caption", "table"), chunks.get(0).labels());
  }

  @Test
  void tableThatFitsIsNeverSplit() {
    y = 100;
    Region intro = region("text", sentences("intro", 5));
    Region table = region("table", "<table><tr><td>A</td><td>B</td></tr><tr><td>1</td><td>2</td></tr>"
        + "<tr><td>3</td><td>4</td></tr><tr><td>5</td><td>6</td></tr></table>");
    List<Chunk> chunks = checked(chunker(64, 100, 0), doc(page(1, intro, table)));
    long withTable = chunks.stream().filter(c -> c.labels().contains("table")).count();
    assertEquals(1, withTable);
    Chunk t = chunks.stream().filter(c -> c.labels().contains("table")).findFirst().orElseThrow();
    assertTrue(t.text().contains("| A | B |\n| --- | --- |\n| 1 | 2 |\n| 3 | 4 |\n| 5 | 6 |"), t.text());
    assertFalse(t.regions().stream().filter(r -> r.label().equals("table")).findFirst().orElseThrow().partial());
  }

  @Test
  void captionStaysWithItsFigure() {
    y = 100;
    List<Region> regions = new ArrayList<>();
    regions.add(region("text", sentences("before", 4)));
    regions.add(region("image", ""));
    regions.add(region("image_caption", "Figure 2: Sales by region"));
    regions.add(region("text", sentences("after", 4)));
    List<Chunk> chunks = checked(chunker(64, 120, 0), doc(page(1, regions.toArray(Region[]::new))));
    Chunk fig = chunks.stream().filter(c -> c.labels().contains("image")).findFirst().orElseThrow();
    assertTrue(fig.labels().contains("image_caption"));
    ChunkRegion image = fig.regions().stream().filter(r -> r.label().equals("image")).findFirst().orElseThrow();
    assertEquals(image.start(), image.end(), "a picture without text has an empty span");
    ChunkRegion cap = fig.regions().stream().filter(r -> r.label().equals("image_caption")).findFirst().orElseThrow();
    assertEquals("Figure 2: Sales by region", fig.text().substring(cap.start(), cap.end()));
  }

  @Test
  void longParagraphSplitsAtSentencesWithinBudget() {
    y = 100;
    Region para = region("text", sentences("long", 40));
    List<Chunk> chunks = checked(chunker(100, 150, 0), doc(page(1, para)));
    assertTrue(chunks.size() >= 4);
    for (Chunk c : chunks) {
      assertTrue(c.text().endsWith("."), "parts end at sentence ends: " + c.text());
      assertTrue(c.regions().get(0).partial());
      assertEquals(0, c.regions().get(0).start());
      assertEquals(c.text().length(), c.regions().get(0).end());
    }
    String rejoined = chunks.stream().map(Chunk::text).collect(Collectors.joining(" "));
    assertEquals(para.text(), rejoined, "nothing lost, nothing repeated");
  }

  @Test
  void overlapRepeatsTrailingSentences() {
    y = 100;
    Region para = region("text", sentences("overlap", 30));
    List<Chunk> chunks = checked(chunker(100, 150, 30), doc(page(1, para)));
    assertTrue(chunks.size() >= 3);
    assertEquals(0, chunks.get(0).overlapChars());
    for (int i = 1; i < chunks.size(); i++) {
      Chunk c = chunks.get(i);
      assertTrue(c.overlapChars() > 0, "chunk " + i + " overlaps");
      String repeated = c.text().substring(0, c.overlapChars());
      assertTrue(chunks.get(i - 1).text().endsWith(repeated), "repeats the previous tail: " + repeated);
      assertTrue(bge.count(repeated) <= 30);
    }
  }

  @Test
  void lineSpansPointAtTheLinesText() {
    y = 100;
    List<TextLine> lines = List.of(
        new TextLine(new Box(100, 100, 900, 130), "Invoice number 4711"),
        new TextLine(new Box(100, 140, 800, 170), "Due date 2024-05-01"));
    Region r = new Region("text", List.of(new Box(100, 100, 900, 170)), "Invoice number 4711\nDue date 2024-05-01", lines);
    Chunk c = checked(chunker(256, 500, 0), doc(page(1, r))).get(0);
    List<ChunkLine> got = c.regions().get(0).lines();
    assertEquals(2, got.size());
    assertEquals("Invoice number 4711", c.text().substring(got.get(0).start(), got.get(0).end()));
    assertEquals("Due date 2024-05-01", c.text().substring(got.get(1).start(), got.get(1).end()));
    assertEquals(lines.get(1).bbox(), got.get(1).bbox());
  }

  @Test
  void listItemsAreNotCutWhenTheListIsSplit() {
    y = 100;
    StringBuilder list = new StringBuilder();
    for (int i = 0; i < 30; i++) {
      list.append("- Item ").append(i).append(": deliver the quarterly report to the regional office.\n");
    }
    List<Chunk> chunks = checked(chunker(80, 120, 0), doc(page(1, region("list", list.toString()))));
    assertTrue(chunks.size() > 1);
    for (Chunk c : chunks) {
      for (String line : c.text().split("\n")) {
        assertTrue(line.matches("- Item \\d+: deliver the quarterly report to the regional office\\."), line);
      }
    }
  }

  @Test
  void sameInputSameChunks() {
    y = 100;
    GroundedDocument d = doc(page(1, region("title", "# T"), region("text", sentences("x", 20))));
    GroundedChunker c = chunker(64, 100, 16);
    assertEquals(c.chunk(d), c.chunk(d));
  }

  @Test
  void jsonRoundTripGivesTheSameChunks() {
    y = 100;
    GroundedDocument d = doc(page(1, region("title", "# T"), region("text", sentences("x", 20))), page(2, region("text", "end.")));
    GroundedChunker c = chunker(64, 100, 0);
    assertEquals(c.chunk(d), c.chunk(GroundedJson.readDocument(GroundedJson.write(d, false))));
  }

  @Test
  void emptyAndFurnitureOnlyDocumentsHaveNoChunks() {
    y = 100;
    assertTrue(chunker(64, 100, 0).chunk(doc()).isEmpty());
    assertTrue(chunker(64, 100, 0).chunk(doc(page(1, region("page_number", "1")))).isEmpty());
  }

  @Test
  void headingOnlyDocumentStillGivesAChunk() {
    y = 100;
    List<Chunk> chunks = checked(chunker(64, 100, 0), doc(page(1, region("title", "# Only a title"))));
    assertEquals(1, chunks.size());
    assertEquals("# Only a title", chunks.get(0).text());
  }

  @Test
  void plainTitleGetsMarkdownMarksInsideItsSpan() {
    y = 100;
    Chunk c = checked(chunker(64, 100, 0), doc(page(1, region("title", "Annual report"), region("text", "Body.")))).get(0);
    assertEquals("# Annual report\n\nBody.", c.text());
    assertEquals(0, c.regions().get(0).start());
    assertEquals("# Annual report".length(), c.regions().get(0).end());
  }

  @Test
  void whitespaceTokenizerWorksToo() {
    y = 100;
    GroundedChunker ws = new GroundedChunker(new ChunkingConfig(50, 80, 0), new WhitespaceTokenCounter());
    List<Chunk> chunks = ws.chunk(doc(page(1, region("text", sentences("ws", 30)))));
    for (Chunk c : chunks) {
      assertTrue(c.tokenCount() <= 80);
      assertEquals(new WhitespaceTokenCounter().count(c.retrievalText()), c.tokenCount());
    }
    assertNotNull(ws.describe());
    assertEquals("whitespace target=50 max=80 overlap=0", ws.describe());
  }

  static Region at(String label, String text, int y1, int y2) {
    return new Region(label, List.of(new Box(100, y1, 1500, y2)), text);
  }

  @Test
  public void unlabelledPageNumbersAndRunningHeadersAreFurnitureToo() {
    // an engine without a layout model calls them all "text"
    GroundedDocument d =
        doc(
            page(1, at("text", "ACME Annual Report 2024", 40, 80), at("text", "The body of page one.", 400, 440),
                at("text", "- 1 -", 2250, 2290)),
            page(2, at("text", "ACME Annual Report 2024", 40, 80), at("text", "The body of page two.", 400, 440),
                at("text", "Page 2 of 2", 2250, 2290), at("text", "17", 1200, 1240)));
    List<Chunk> chunks = checked(chunker(256, 500, 0), d);
    Chunk c = chunks.get(0);
    assertFalse(c.text().contains("ACME"), c.text());
    assertFalse(c.text().contains("- 1 -"));
    assertFalse(c.text().contains("Page 2 of 2"));
    assertTrue(c.text().contains("17"), "a number in the middle of the page is body text");
    assertEquals(List.of("- 1 -", "Page 2 of 2"), c.printedPages());
    assertEquals(List.of("ACME Annual Report 2024"), c.furniture());
  }

  @Test
  public void aOneOffLineInTheMarginStaysBodyText() {
    GroundedDocument d = doc(page(1, at("text", "Dear customer,", 40, 80), at("text", "Thank you.", 400, 440)));
    assertTrue(chunker(256, 500, 0).chunk(d).get(0).text().startsWith("Dear customer,"));
  }

  @Test
  public void knownWordsAreTheHighlightUnitsSoAHitIsDrawnOnItsWord() {
    Box w1 = new Box(100, 50, 180, 80);
    Box w2 = new Box(200, 52, 420, 81);
    TextLine words = new TextLine(new Box(100, 50, 420, 81), "Was Aufklärung",
        List.of(new org.groundedocr.model.Word(w1, "Was"), new org.groundedocr.model.Word(w2, "Aufklärung")));
    TextLine plain = new TextLine(new Box(100, 90, 400, 120), "sapere aude");
    Region r = new Region("text", List.of(new Box(100, 50, 420, 120)), "Was Aufklärung\nsapere aude",
        List.of(words, plain));
    Chunk c = chunker(256, 500, 0).chunk(doc(page(1, r))).get(0);
    List<ChunkLine> lines = c.regions().get(0).lines();
    assertEquals(List.of(w1, w2, plain.bbox()), lines.stream().map(ChunkLine::bbox).toList());
    ChunkLine hit = lines.get(1);
    assertEquals("Aufklärung", c.text().substring(hit.start(), hit.end()));
    List<org.groundedocr.highlight.HighlightBox> boxes = org.groundedocr.highlight.RegionHighlighter
        .locate(c.text(), c.regions(), hit.start(), hit.end());
    assertEquals(List.of(w2), boxes.stream().map(org.groundedocr.highlight.HighlightBox::box).toList());
  }
}
