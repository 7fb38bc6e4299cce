package org.groundedocr.highlight;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.groundedocr.highlight.RegionSnippet.SnippetBox;
import org.groundedocr.highlight.RegionSnippet.SnippetRegion;
import org.groundedocr.chunking.ChunkLine;
import org.groundedocr.chunking.ChunkRegion;
import org.groundedocr.chunking.PageSize;
import org.groundedocr.model.Box;
import org.junit.jupiter.api.Test;

class SnippetBuilderTest {

  static ChunkRegion region(int page, int index, String label, Box box, int start, int end,
      List<ChunkLine> lines) {
    return new ChunkRegion(page, index, label, box == null ? List.of() : List.of(box), start, end,
        false, lines);
  }

  static ChunkRegion region(int page, int index, String label, Box box, int start, int end) {
    return region(page, index, label, box, start, end, List.of());
  }


  private static final String TEXT = "Revenue grew <fast>\nin Japan.\n\nSee Table 3 for Japan.";
  private static final Box REGION1 = new Box(100, 200, 400, 260);
  private static final Box REGION2 = new Box(100, 50, 500, 300);
  private static final List<ChunkRegion> REGIONS = List.of(
      region(1, 0, "text", REGION1, 0, 29, List.of(
          new ChunkLine(new Box(100, 200, 400, 225), 0, 19),
          new ChunkLine(new Box(100, 235, 300, 260), 20, 29))),
      region(2, 0, "table_caption", REGION2, 31, 53));
  private static final List<PageSize> PAGES =
      List.of(new PageSize(1, 1000, 2000), new PageSize(2, 800, 1000));

  private static MatchedPassage passage(String... words) {
    int[] s = new int[words.length];
    int[] e = new int[words.length];
    int from = 0;
    for (int i = 0; i < words.length; i++) {
      s[i] = TEXT.indexOf(words[i], from);
      e[i] = s[i] + words[i].length();
      from = e[i];
    }
    return new MatchedPassage(0, TEXT.length(), 1.5f, s, e);
  }

  @Test
  void regionsPagesAndHighlightsInTheViewersVocabulary() {
    RegionSnippet snippet = new SnippetBuilder("<em>", "</em>", Coordinates.ABSOLUTE)
        .build(TEXT, REGIONS, PAGES, passage("Japan", "Japan"));
    assertEquals(2, snippet.pages().size());
    assertEquals(new RegionSnippet.Page("page_2", 2, 800, 1000), snippet.pages().get(1));
    assertEquals(2, snippet.regions().size());
    SnippetRegion r2 = snippet.regions().get(1);
    assertEquals(1, r2.pageIdx());
    assertEquals("table_caption", r2.label());
    assertEquals(100, r2.ulx());
    assertEquals(500, r2.lrx());
    assertEquals("See Table 3 for <em>Japan</em>.", r2.text());
    assertEquals(2, snippet.highlights().size());
    SnippetBox first = snippet.highlights().get(0).get(0);
    assertEquals("Japan", first.text());
    assertEquals(0, first.parentRegionIdx());
    assertTrue(first.line());
    assertEquals(235, first.uly());
    assertEquals(260, first.lry());
    SnippetBox second = snippet.highlights().get(1).get(0);
    assertEquals(1, second.parentRegionIdx());
    assertFalse(second.line());
    assertEquals(1.5f, snippet.score());
    assertTrue(snippet.text().contains("in <em>Japan</em>."), snippet.text());
  }

  @Test
  void regionRelativeHighlightsSubtractTheParentRegionOrigin() {
    RegionSnippet abs = new SnippetBuilder("<em>", "</em>", Coordinates.ABSOLUTE)
        .build(TEXT, REGIONS, PAGES, passage("Japan"));
    RegionSnippet rel = new SnippetBuilder("<em>", "</em>", Coordinates.REGION)
        .build(TEXT, REGIONS, PAGES, passage("Japan"));
    SnippetBox a = abs.highlights().get(0).get(0);
    SnippetBox r = rel.highlights().get(0).get(0);
    assertEquals(a.ulx() - REGION1.x1(), r.ulx());
    assertEquals(a.lry() - REGION1.y1(), r.lry());
    assertEquals(abs.regions(), rel.regions());
  }

  @Test
  void relativeCoordinatesAreFractionsOfThePage() {
    RegionSnippet snippet = new SnippetBuilder("<em>", "</em>", Coordinates.RELATIVE)
        .build(TEXT, REGIONS, PAGES, passage("Table"));
    SnippetRegion r = snippet.regions().get(0);
    assertEquals(100 / 800.0, r.ulx(), 1e-5);
    assertEquals(300 / 1000.0, r.lry(), 1e-5);
    SnippetBox b = snippet.highlights().get(0).get(0);
    assertEquals(0.125, b.ulx(), 1e-5);
    assertEquals(0.05, b.uly(), 1e-5);
  }

  @Test
  void phraseOverALineBreakIsOneHighlightWithABoxPerLine() {
    int s = TEXT.indexOf("grew");
    int e = TEXT.indexOf("in Japan") + 2;
    MatchedPassage p = new MatchedPassage(0, 29, 1f, new int[] {s}, new int[] {e});
    RegionSnippet snippet = new SnippetBuilder("[", "]", Coordinates.ABSOLUTE).build(TEXT, REGIONS, PAGES, p);
    assertEquals(1, snippet.highlights().size());
    List<SnippetBox> boxes = snippet.highlights().get(0);
    assertEquals(2, boxes.size());
    assertEquals("grew <fast>", boxes.get(0).text());
    assertEquals("in", boxes.get(1).text());
    assertEquals("Revenue [grew <fast>\nin] Japan.", snippet.text());
  }

  @Test
  void encoderEscapesTextButNotTags() {
    MatchedPassage p = new MatchedPassage(0, 19, 1f, new int[] {8}, new int[] {12});
    RegionSnippet snippet = new SnippetBuilder("<b>", "</b>", Coordinates.ABSOLUTE,
        s -> s.replace("<", "&lt;").replace(">", "&gt;")).build(TEXT, REGIONS, PAGES, p);
    assertEquals("Revenue <b>grew</b> &lt;fast&gt;", snippet.text());
  }

  @Test
  void matchOutsideAnyBoxedRegionHasNoHighlightButStaysTagged() {
    List<ChunkRegion> unboxed = List.of(region(1, 0, "text", null, 0, 29));
    RegionSnippet snippet = new SnippetBuilder("<em>", "</em>", Coordinates.ABSOLUTE)
        .build(TEXT, unboxed, PAGES, passage("grew"));
    assertTrue(snippet.highlights().isEmpty());
    assertTrue(snippet.regions().isEmpty());
    assertTrue(snippet.text().contains("<em>grew</em>"));
  }

  @Test
  void unknownCoordinatesAreRejectedWithTheValue() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Coordinates.parse("percent"));
    assertTrue(e.getMessage().contains("percent"));
    assertEquals(Coordinates.ABSOLUTE, Coordinates.parse(null));
    assertEquals(Coordinates.RELATIVE, Coordinates.parse("Relative"));
  }
}
