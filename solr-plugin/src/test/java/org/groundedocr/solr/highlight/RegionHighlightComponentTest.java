package org.groundedocr.solr.highlight;

import java.awt.Font;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.solr.SolrTestCaseJ4;
import org.apache.solr.common.SolrException;
import org.apache.solr.common.util.NamedList;
import org.apache.solr.request.SolrQueryRequest;
import org.apache.solr.response.SolrQueryResponse;
import org.groundedocr.model.Box;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * The region highlighter on one core, over chunks whose word boxes are known exactly
 * ({@link RenderedChunk}).
 */
public class RegionHighlightComponentTest extends SolrTestCaseJ4 {

  private static final Font SANS = new Font(Font.SANS_SERIF, Font.PLAIN, 22);
  private static final Font SERIF = new Font(Font.SERIF, Font.PLAIN, 26);

  static RenderedChunk report;
  static RenderedChunk continued;
  static RenderedChunk prose;

  @BeforeClass
  public static void beforeClass() throws Exception {
    useFactory(null); // the update log needs a file system directory
    Path home = createTempDir("solr-home");
    HighlightTestConfig.writeConf(home.resolve("collection1/conf"));
    initCore("solrconfig.xml", "schema.xml", home.toString());

    report = new RenderedChunk("report!0", "report", SANS)
        .page(1, 1240, 1754)
        .region(1, "title", "Annual report of the Northwind Trading Company", 1000, true)
        .region(1, "text", "Quarterly revenue grew by twelve percent driven by exports to Japan and"
            + " Korea while operating costs stayed flat across all regions of the company", 700, true)
        .region(1, "text", "Engine without lines: this region has only its box so a match here is"
            + " located by the region box alone", 700, false);
    continued = new RenderedChunk("letter!3", "letter", SERIF)
        .page(1, 1240, 1754)
        .page(2, 1240, 1754)
        .region(1, "text", "The shipment of copper wire left the harbour on Monday and the"
            + " remaining crates", 800, true)
        .region(2, "text", "arrived in Rotterdam two days later in good order", 800, true);
    prose = new RenderedChunk("novel!7", "novel", SERIF)
        .page(4, 1000, 1400)
        .region(4, "text", "It was a bright cold day in April and the clocks were striking thirteen"
            + " Winston Smith his chin nuzzled into his breast in an effort to escape the vile wind"
            + " slipped quickly through the glass doors of Victory Mansions though not quickly"
            + " enough to prevent a swirl of gritty dust from entering along with him", 820, true)
        .region(4, "text", "The hallway smelt of boiled cabbage and old rag mats At one end of it a"
            + " coloured poster too large for indoor display had been tacked to the wall It"
            + " depicted simply an enormous face more than a metre wide", 600, true);
    assertU(adoc(report.toDocument()));
    assertU(adoc(continued.toDocument()));
    assertU(adoc(prose.toDocument()));
    assertU(commit());
  }

  private static NamedList<?> highlightsOf(String id, String... params) throws Exception {
    NamedList<?> all = ocrHighlighting(params);
    NamedList<?> perDoc = (NamedList<?>) all.get(id);
    assertNotNull("no entry for " + id + " in " + all, perDoc);
    return (NamedList<?>) perDoc.get("chunk_text");
  }

  private static NamedList<?> ocrHighlighting(String... params) throws Exception {
    String[] all = new String[params.length + 2];
    System.arraycopy(params, 0, all, 0, params.length);
    all[params.length] = "hl.regions";
    all[params.length + 1] = "true";
    try (SolrQueryRequest req = req(all)) {
      SolrQueryResponse rsp = h.queryAndResponse("/select", req);
      return (NamedList<?>) rsp.getValues().get("ocrHighlighting");
    }
  }

  @SuppressWarnings("unchecked")
  private static List<NamedList<?>> snippets(NamedList<?> field) {
    return (List<NamedList<?>>) field.get("snippets");
  }

  @SuppressWarnings("unchecked")
  private static List<List<NamedList<?>>> highlights(NamedList<?> snippet) {
    return (List<List<NamedList<?>>>) snippet.get("highlights");
  }

  @SuppressWarnings("unchecked")
  private static List<NamedList<?>> list(NamedList<?> n, String key) {
    return (List<NamedList<?>>) n.get(key);
  }

  private static Box box(NamedList<?> n) {
    return new Box(((Number) n.get("ulx")).intValue(), ((Number) n.get("uly")).intValue(),
        ((Number) n.get("lrx")).intValue(), ((Number) n.get("lry")).intValue());
  }

  @Test
  public void singleTermIsLocatedOnItsWord() throws Exception {
    NamedList<?> hl = highlightsOf("report!0", "q", "exports");
    List<NamedList<?>> snippets = snippets(hl);
    assertEquals(1, snippets.size());
    NamedList<?> s = snippets.get(0);
    assertTrue((String) s.get("text"), ((String) s.get("text")).contains("<em>exports</em>"));
    List<NamedList<?>> pages = list(s, "pages");
    assertEquals(1, pages.size());
    assertEquals(1240, pages.get(0).get("width"));
    assertEquals("/solr/collection1/page?doc=report&page=1", pages.get(0).get("image"));
    List<NamedList<?>> regions = list(s, "regions");
    assertEquals(1, regions.size());
    assertEquals("text", regions.get(0).get("label"));
    assertEquals(1, regions.get(0).get("region"));
    assertEquals(report.regions.get(1).box(), box(regions.get(0)));
    List<List<NamedList<?>>> hls = highlights(s);
    assertEquals(1, hls.size());
    NamedList<?> b = hls.get(0).get(0);
    assertEquals("exports", b.get("text"));
    assertEquals(0, b.get("parentRegionIdx"));
    assertEquals(Boolean.TRUE, b.get("line"));
    Box truth = report.word("exports", 0).box();
    assertTrue(box(b) + " vs " + truth, box(b).iou(truth) >= 0.5);
  }

  @Test
  public void phraseIsOneMatchWithOneBoxPerLine() throws Exception {
    // "Japan and Korea" wraps: find which line break it crosses from the truth boxes
    NamedList<?> hl = highlightsOf("report!0", "q", "\"twelve percent driven\"");
    List<List<NamedList<?>>> hls = highlights(snippets(hl).get(0));
    assertEquals(1, hls.size());
    List<NamedList<?>> boxes = hls.get(0);
    List<RenderedChunk.Word> words = List.of(report.word("twelve", 0), report.word("percent", 0),
        report.word("driven", 0));
    List<Box> truthLines = unionPerLine(words);
    assertEquals(truthLines.size(), boxes.size());
    for (int i = 0; i < boxes.size(); i++) {
      assertTrue(box(boxes.get(i)) + " vs " + truthLines.get(i), box(boxes.get(i)).iou(truthLines.get(i)) >= 0.5);
    }
    String joined = String.join(" ", boxes.stream().map(b -> (String) b.get("text")).toList());
    assertEquals("twelve percent driven", joined.replace('\n', ' '));
  }

  @Test
  public void phraseAcrossALineBreakGetsABoxOnEachLine() throws Exception {
    RenderedChunk.Word first = report.word("operating", 0);
    // find a word pair that the layout put on two lines
    RenderedChunk.Word a = null;
    RenderedChunk.Word b = null;
    for (int i = 0; i + 1 < report.words.size(); i++) {
      RenderedChunk.Word w1 = report.words.get(i);
      RenderedChunk.Word w2 = report.words.get(i + 1);
      if (w1.region() == 1 && w2.region() == 1 && w1.box().y1() != w2.box().y1()) {
        a = w1;
        b = w2;
        break;
      }
    }
    assertNotNull("layout has no line break in region 1", a);
    assertNotNull(first);
    NamedList<?> hl = highlightsOf("report!0", "q", "\"" + a.text() + " " + b.text() + "\"");
    List<List<NamedList<?>>> hls = highlights(snippets(hl).get(0));
    assertEquals(1, hls.size());
    assertEquals(2, hls.get(0).size());
    assertTrue(box(hls.get(0).get(0)).iou(a.box()) >= 0.5);
    assertTrue(box(hls.get(0).get(1)).iou(b.box()) >= 0.5);
  }

  @Test
  public void multipleTermsGiveOneHighlightPerMatch() throws Exception {
    NamedList<?> hl = highlightsOf("report!0", "q", "revenue Korea costs", "hl.bs.type", "WHOLE");
    List<List<NamedList<?>>> hls = highlights(snippets(hl).get(0));
    assertEquals(3, hls.size());
    assertEquals("revenue", hls.get(0).get(0).get("text"));
    assertEquals("Korea", hls.get(1).get(0).get("text"));
    assertEquals("costs", hls.get(2).get(0).get("text"));
  }

  @Test
  public void regionWithoutLinesIsHighlightedByItsBox() throws Exception {
    NamedList<?> hl = highlightsOf("report!0", "q", "alone");
    NamedList<?> s = snippets(hl).get(0);
    NamedList<?> b = highlights(s).get(0).get(0);
    assertEquals(Boolean.FALSE, b.get("line"));
    assertEquals(report.regions.get(2).box(), box(b));
  }

  @Test
  public void phraseSpanningTwoRegionsOnTwoPages() throws Exception {
    NamedList<?> hl = highlightsOf("letter!3", "q", "\"remaining crates arrived in Rotterdam\"");
    NamedList<?> s = snippets(hl).get(0);
    List<NamedList<?>> pages = list(s, "pages");
    assertEquals(2, pages.size());
    assertEquals(1, pages.get(0).get("number"));
    assertEquals(2, pages.get(1).get("number"));
    List<NamedList<?>> regions = list(s, "regions");
    assertEquals(2, regions.size());
    assertEquals(0, regions.get(0).get("pageIdx"));
    assertEquals(1, regions.get(1).get("pageIdx"));
    List<List<NamedList<?>>> hls = highlights(s);
    assertEquals(1, hls.size());
    List<NamedList<?>> boxes = hls.get(0);
    assertEquals(2, boxes.size());
    assertEquals(0, boxes.get(0).get("parentRegionIdx"));
    assertEquals(1, boxes.get(1).get("parentRegionIdx"));
    Box crates = unionPerLine(List.of(continued.word("remaining", 0), continued.word("crates", 0))).get(0);
    Box rotterdam = unionPerLine(List.of(continued.word("arrived", 0), continued.word("in", 1),
        continued.word("Rotterdam", 0))).get(0);
    assertTrue(box(boxes.get(0)) + " vs " + crates, box(boxes.get(0)).iou(crates) >= 0.5);
    assertTrue(box(boxes.get(1)) + " vs " + rotterdam, box(boxes.get(1)).iou(rotterdam) >= 0.5);
  }

  @Test
  public void noMatchInTheTextGivesAnEntryWithoutSnippets() throws Exception {
    // matches the chunk through its labels only: no query term occurs in chunk_text
    NamedList<?> all = ocrHighlighting("q", "labels:title");
    NamedList<?> perDoc = (NamedList<?>) all.get("report!0");
    assertNotNull(perDoc);
    assertEquals(0, perDoc.size());
    NamedList<?> none = ocrHighlighting("q", "zeppelin");
    assertEquals(0, none.size());
  }

  @Test
  public void snippetsAndCoordinateModes() throws Exception {
    NamedList<?> hl = highlightsOf("novel!7", "q", "quickly", "hl.snippets", "3",
        "hl.bs.type", "WORD", "hl.fragsize", "20");
    assertEquals(2, hl.get("numTotal"));
    assertEquals(2, snippets(hl).size());

    NamedList<?> abs = snippets(highlightsOf("novel!7", "q", "poster")).get(0);
    NamedList<?> rel = snippets(highlightsOf("novel!7", "q", "poster", "hl.regions.coords", "region")).get(0);
    NamedList<?> frac = snippets(highlightsOf("novel!7", "q", "poster", "hl.regions.coords", "relative")).get(0);
    Box a = box(highlights(abs).get(0).get(0));
    Box region = box(list(abs, "regions").get(0));
    Box r = box(highlights(rel).get(0).get(0));
    assertEquals(a.x1() - region.x1(), r.x1());
    assertEquals(a.y2() - region.y1(), r.y2());
    NamedList<?> f = highlights(frac).get(0).get(0);
    assertEquals(a.x1() / 1000.0, ((Float) f.get("ulx")).doubleValue(), 1e-4);
    assertEquals(a.y2() / 1400.0, ((Float) f.get("lry")).doubleValue(), 1e-4);

    SolrException e = expectThrows(SolrException.class,
        () -> ocrHighlighting("q", "poster", "hl.regions.coords", "inches"));
    assertTrue(e.getMessage(), e.getMessage().contains("inches"));
  }

  @Test
  public void tagsAndHtmlEncoder() throws Exception {
    NamedList<?> s = snippets(highlightsOf("report!0", "q", "Japan", "hl.tag.pre", "[", "hl.tag.post", "]",
        "hl.encoder", "html")).get(0);
    assertTrue((String) s.get("text"), ((String) s.get("text")).contains("[Japan]"));
  }

  @Test
  public void requireFieldMatchHighlightsOnlyQueriesOnTheTextField() throws Exception {
    assertEquals(1, snippets(highlightsOf("report!0", "q", "chunk_text:Korea")).size());
    NamedList<?> all = ocrHighlighting("q", "_text_:Korea", "hl.requireFieldMatch", "true");
    assertEquals(0, ((NamedList<?>) all.get("report!0")).size());
  }

  /**
   * Every word of a chunk queried at once: at least 95 % of the highlight boxes overlap the printed
   * word's box with IoU >= 0.5.
   */
  @Test
  public void boxesOverlapThePrintedWords() throws Exception {
    List<String> terms = new ArrayList<>();
    for (RenderedChunk.Word w : prose.words) {
      String t = w.text().toLowerCase(Locale.ROOT);
      if (!terms.contains(t)) {
        terms.add(t);
      }
    }
    NamedList<?> hl = highlightsOf("novel!7", "q", "chunk_text:(" + String.join(" ", terms) + ")",
        "hl.bs.type", "WHOLE", "rows", "1", "fl", "id", "fq", "id:\"novel!7\"");
    List<List<NamedList<?>>> hls = highlights(snippets(hl).get(0));
    assertEquals(prose.words.size(), hls.size());
    int good = 0;
    List<String> misses = new ArrayList<>();
    for (int i = 0; i < hls.size(); i++) {
      RenderedChunk.Word w = prose.words.get(i);
      NamedList<?> b = hls.get(i).get(0);
      assertEquals(w.text(), b.get("text"));
      if (box(b).iou(w.box()) >= 0.5) {
        good++;
      } else {
        misses.add(w.text() + " " + box(b) + " vs " + w.box());
      }
    }
    assertTrue(good + "/" + hls.size() + " misses " + misses, good >= 0.95 * hls.size());
  }

  private static List<Box> unionPerLine(List<RenderedChunk.Word> words) {
    List<Box> out = new ArrayList<>();
    Box current = null;
    for (RenderedChunk.Word w : words) {
      if (current != null && current.y1() == w.box().y1()) {
        current = current.union(w.box());
      } else {
        if (current != null) {
          out.add(current);
        }
        current = w.box();
      }
    }
    out.add(current);
    return out;
  }
}
