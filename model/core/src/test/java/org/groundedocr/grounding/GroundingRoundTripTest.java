package org.groundedocr.grounding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.groundedocr.model.Box;
import org.groundedocr.model.GroundedDocument;
import org.groundedocr.model.GroundedPage;
import org.groundedocr.model.PageStats;
import org.groundedocr.model.Region;
import org.groundedocr.model.TextLine;
import org.junit.jupiter.api.Test;

class GroundingRoundTripTest {

  private static GroundedPage page(String raw, int w, int h) {
    return GroundingParser.parsePage(raw, 1, w, h, PageStats.of("deepseek", "gundam", 5));
  }

  @Test
  void rawRoundTripIsStable() {
    GroundedPage p = page(GroundingParserTest.NEWS, 902, 565);
    String written = GroundingWriter.write(p);
    GroundedPage again = page(written, 902, 565);
    assertEquals(p.regions(), again.regions());
    assertEquals(written, GroundingWriter.write(again));
  }

  @Test
  void writerKeepsTheOriginalGridValuesWhenPixelsAreCoarser() {
    // 902 px wide: several grid values share a pixel; the writer picks one that maps back
    GroundedPage p = page(GroundingParserTest.NEWS, 902, 565);
    String written = GroundingWriter.write(p);
    assertTrue(written.startsWith("<|ref|>sub_title<|/ref|><|det|>[["), written);
  }

  @Test
  void randomPagesRoundTripAtManySizes() {
    Random rnd = new Random(42);
    for (int trial = 0; trial < 300; trial++) {
      int w = 1 + rnd.nextInt(5000);
      int h = 1 + rnd.nextInt(5000);
      StringBuilder raw = new StringBuilder();
      int n = 1 + rnd.nextInt(6);
      for (int i = 0; i < n; i++) {
        raw.append("<|ref|>text<|/ref|><|det|>[[")
            .append(rnd.nextInt(1000)).append(',').append(rnd.nextInt(1000)).append(',')
            .append(rnd.nextInt(1000)).append(',').append(rnd.nextInt(1000))
            .append("]]<|/det|>\nline ").append(i).append('\n');
      }
      GroundedPage p = page(raw.toString(), w, h);
      GroundedPage again = page(GroundingWriter.write(p), w, h);
      assertEquals(p.regions(), again.regions(), "size " + w + "x" + h + ": " + raw);
    }
  }

  @Test
  void cleanMarkdownLikeTheReference() {
    String raw =
        GroundingParserTest.NEWS
            + "\n<|ref|>equation<|/ref|><|det|>[[1,1,9,9]]<|/det|>\n\\[ a \\coloneqq b \\eqqcolon c \\]\n\n\n\n\n\n";
    String md = GroundedMarkdown.toMarkdown(page(raw, 902, 565));
    assertTrue(md.startsWith("## Opinion\n\n![](images/1_0.jpg)\n\n## Raising the bar"), md);
    assertTrue(md.contains("\\[ a := b =: c \\]"), md);
    assertFalse(md.contains("<|ref|>"));
    assertFalse(md.contains("\n\n\n"));
  }

  @Test
  void jsonRoundTrip() {
    Region withLines =
        new Region("text", List.of(new Box(10, 10, 200, 60)), "two\nlines",
            List.of(new TextLine(new Box(10, 10, 200, 30), "two"),
                new TextLine(new Box(10, 35, 120, 60), "lines")));
    GroundedPage p1 = page(GroundingParserTest.NEWS, 902, 565);
    GroundedPage p2 = new GroundedPage(2, 800, 600, List.of(withLines),
        new PageStats("ppocr", "det960", 0, 0, 120, true));
    GroundedDocument doc = new GroundedDocument("news.png", "deepseek", List.of(p1, p2));
    String json = GroundedJson.write(doc, false);
    assertTrue(json.contains("\"bbox\":[4,6,137,33]"), json);
    assertTrue(json.contains("\"markdown\":\"## Opinion"), json);
    GroundedDocument back = GroundedJson.readDocument(json);
    assertEquals(doc, back);
  }
}
