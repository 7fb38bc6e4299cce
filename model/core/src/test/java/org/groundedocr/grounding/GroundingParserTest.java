package org.groundedocr.grounding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.List;
import org.groundedocr.grounding.GroundingParser.ParsedGrounding;
import org.groundedocr.model.Box;
import org.groundedocr.model.Region;
import org.junit.jupiter.api.Test;

class GroundingParserTest {

  /** The shape of real DeepSeek-OCR output (seed 004: a 902×565 news page), with our own text. */
  static final String NEWS =
      "<|ref|>sub_title<|/ref|><|det|>[[5, 12, 152, 60]]<|/det|>\n"
          + "## Opinion\n"
          + "<|ref|>image<|/ref|><|det|>[[5, 95, 528, 560]]<|/det|>\n"
          + "<|ref|>sub_title<|/ref|><|det|>[[5, 608, 352, 656]]<|/det|>\n"
          + "## Raising the bar for the arts\n"
          + "<|ref|>text<|/ref|><|det|>[[5, 707, 525, 920]]<|/det|>\n"
          + "The eighteenth Wenhua awards were announced.\n"
          + "<|ref|>text<|/ref|><|det|>[[592, 920, 720, 954]]<|/det|>\n"
          + "More commentary";

  @Test
  void parsesRegionsWithPixelBoxes() {
    ParsedGrounding p = GroundingParser.parse(NEWS, 902, 565);
    assertFalse(p.truncated());
    List<Region> r = p.regions();
    assertEquals(5, r.size());
    assertEquals(List.of("sub_title", "image", "sub_title", "text", "text"),
        r.stream().map(Region::label).toList());
    // int(5/999*902)=4, int(12/999*565)=6, int(152/999*902)=137, int(60/999*565)=33
    assertEquals(new Box(4, 6, 137, 33), r.get(0).bbox());
    assertEquals("## Opinion", r.get(0).text());
    assertEquals("", r.get(1).text());
    assertEquals("The eighteenth Wenhua awards were announced.", r.get(3).text());
  }

  @Test
  void pixelMappingTruncatesLikeTheReference() {
    // Python: int(998 / 999 * 1000) == 998 ; int(999/999*W) == W
    assertEquals(998, GroundingParser.toPixel(998, 1000));
    assertEquals(1000, GroundingParser.toPixel(999, 1000));
    assertEquals(0, GroundingParser.toPixel(-20, 1000));
    assertEquals(1000, GroundingParser.toPixel(4000, 1000));
    assertEquals(3, GroundingParser.toPixel(1, 3000)); // 3.003 truncated
  }

  @Test
  void multipleBoxesAndUnion() {
    ParsedGrounding p =
        GroundingParser.parse("<|ref|>text<|/ref|><|det|>[[0,0,99,99], [899,899,999,999]]<|/det|>\nx", 1000, 1000);
    Region r = p.regions().get(0);
    assertEquals(2, r.boxes().size());
    assertEquals(new Box(0, 0, 1000, 1000), r.bbox());
  }

  @Test
  void textBeforeFirstTagBecomesUngroundedTextRegion() {
    ParsedGrounding p = GroundingParser.parse("Preamble line\n<|ref|>title<|/ref|><|det|>[[1,2,3,4]]<|/det|>\n# T", 999, 999);
    assertEquals(2, p.regions().size());
    assertEquals("text", p.regions().get(0).label());
    assertFalse(p.regions().get(0).hasBox());
    assertEquals("Preamble line", p.regions().get(0).text());
    assertEquals("# T", p.regions().get(1).text());
  }

  @Test
  void emptyAndBlankInput() {
    assertTrue(GroundingParser.parse("", 10, 10).regions().isEmpty());
    assertTrue(GroundingParser.parse(null, 10, 10).regions().isEmpty());
    assertTrue(GroundingParser.parse("  \n\n ", 10, 10).regions().isEmpty());
    assertFalse(GroundingParser.parse("", 10, 10).truncated());
  }

  @Test
  void plainTextWithoutTags() {
    ParsedGrounding p = GroundingParser.parse("Free OCR output\nsecond line", 10, 10);
    assertEquals(1, p.regions().size());
    assertEquals("Free OCR output\nsecond line", p.regions().get(0).text());
  }

  @Test
  void truncatedInsidePayloadKeepsCompleteBoxesAndFlags() {
    ParsedGrounding p = GroundingParser.parse(
        "<|ref|>text<|/ref|><|det|>[[0,0,999,999]]<|/det|>\nfirst\n<|ref|>table<|/ref|><|det|>[[10,10,500,500], [20,2", 999, 999);
    assertTrue(p.truncated());
    assertEquals(2, p.regions().size());
    assertEquals("first", p.regions().get(0).text());
    assertEquals("table", p.regions().get(1).label());
    assertEquals(List.of(new Box(10, 10, 500, 500)), p.regions().get(1).boxes());
  }

  @Test
  void truncatedInsideLabel() {
    ParsedGrounding p = GroundingParser.parse(
        "<|ref|>text<|/ref|><|det|>[[0,0,9,9]]<|/det|>\nbody\n<|ref|>sub_ti", 999, 999);
    assertTrue(p.truncated());
    assertEquals(1, p.regions().size());
    assertEquals("body", p.regions().get(0).text());
  }

  @Test
  void truncatedInsideContentIsKeptAndNotFlaggedByTheParser() {
    // a cut in the middle of content is indistinguishable from a short region; the engine flags
    // the page through its own EOS check
    ParsedGrounding p = GroundingParser.parse("<|ref|>text<|/ref|><|det|>[[0,0,9,9]]<|/det|>\nThe quick bro", 999, 999);
    assertEquals("The quick bro", p.regions().get(0).text());
  }

  @Test
  void doubledAndMissingTags() {
    String raw =
        "<|ref|><|ref|>title<|/ref|><|/ref|><|det|><|det|>[[1,1,5,5]]<|/det|><|/det|>\nHead\n"
            + "<|ref|>text<|det|>[[6,6,9,9]]<|/det|>\nno ref close\n"
            + "<|ref|>text<|/ref|><|det|>[[7,7,8,8]]\nno det close\n"
            + "<|ref|>text<|/ref|>\nno det at all";
    ParsedGrounding p = GroundingParser.parse(raw, 999, 999);
    List<Region> r = p.regions();
    assertEquals(4, r.size());
    assertEquals("title", r.get(0).label());
    assertEquals("Head", r.get(0).text());
    assertEquals(new Box(1, 1, 5, 5), r.get(0).bbox());
    assertEquals("text", r.get(1).label());
    assertEquals("no ref close", r.get(1).text());
    assertEquals(new Box(7, 7, 8, 8), r.get(2).bbox());
    assertEquals("no det close", r.get(2).text());
    assertFalse(r.get(3).hasBox());
    assertEquals("no det at all", r.get(3).text());
  }

  @Test
  void garbageBoxesAreClampedNormalisedOrDropped() {
    String raw =
        "<|ref|>text<|/ref|><|det|>[[900, 800, 100, 50], [-5, 2000, 3, 4], [1,2,3], 'x', [1.5, 2.9, 3, 4]]<|/det|>\nT";
    Region r = GroundingParser.parse(raw, 999, 999).regions().get(0);
    assertEquals(List.of(new Box(100, 50, 900, 800), new Box(0, 4, 3, 999), new Box(1, 2, 3, 4)), r.boxes());
    Region none = GroundingParser.parse("<|ref|>text<|/ref|><|det|>not json at all<|/det|>\nT", 999, 999).regions().get(0);
    assertTrue(none.boxes().isEmpty());
    assertEquals("T", none.text());
  }

  @Test
  void unknownLabelsKeptVerbatimAndEmptyLabelIsText() {
    List<Region> r = GroundingParser.parse(
        "<|ref|>chart_legend<|/ref|><|det|>[[1,1,2,2]]<|/det|>\na\n<|ref|> <|/ref|><|det|>[[1,1,2,2]]<|/det|>\nb", 999, 999).regions();
    assertEquals("chart_legend", r.get(0).label());
    assertEquals("text", r.get(1).label());
  }

  @Test
  void eosStringIsStripped() {
    Region r = GroundingParser.parse("<|ref|>text<|/ref|><|det|>[[1,1,2,2]]<|/det|>\nend<｜end▁of▁sentence｜>", 999, 999).regions().get(0);
    assertEquals("end", r.text());
  }

  @Test
  void fiveMegabytesOfRepetitionInLinearTime() {
    StringBuilder sb = new StringBuilder();
    String block = "<|ref|>text<|/ref|><|det|>[[10, 20, 30, 40]]<|/det|>\n<td>repeat</td><td>repeat</td>\n";
    while (sb.length() < 5_000_000) {
      sb.append(block);
    }
    String raw = sb.toString();
    ParsedGrounding p = assertTimeoutPreemptively(Duration.ofSeconds(10),
        () -> GroundingParser.parse(raw, 1000, 1000));
    assertEquals(raw.length() / block.length() + (raw.length() % block.length() > 0 ? 1 : 0),
        p.regions().size());

    // one giant unterminated tag, and a wall of '<|' noise
    String open = "<|ref|>text<|/ref|><|det|>[[" + "1, ".repeat(1_500_000);
    assertTimeoutPreemptively(Duration.ofSeconds(10), () -> GroundingParser.parse(open, 1000, 1000));
    String noise = "<|<|ref|<|/".repeat(500_000);
    assertTimeoutPreemptively(Duration.ofSeconds(10), () -> GroundingParser.parse(noise, 1000, 1000));
  }
}
