package org.groundedocr.format;

import java.util.List;
import org.groundedocr.model.Box;
import org.groundedocr.model.GroundedDocument;
import org.groundedocr.model.GroundedPage;
import org.groundedocr.model.PageStats;
import org.groundedocr.model.Region;
import org.groundedocr.model.RegionLabels;
import org.groundedocr.model.TextLine;
import org.groundedocr.model.Word;

/** Grounded documents with what the exports have to carry: labels, order, lines, words, pictures. */
final class SampleDocuments {

  private SampleDocuments() {}

  static final PageStats STATS = new PageStats("ppocr", "", 0, 0, 12, true);

  /** A page as an engine with lines and words gives it (PP-OCR with word boxes, Tesseract). */
  static GroundedPage linesAndWords() {
    TextLine title = new TextLine(new Box(100, 80, 900, 140), "Annual report 1910",
        List.of(new Word(new Box(100, 80, 380, 140), "Annual", 0.97),
            new Word(new Box(400, 80, 700, 140), "report", 0.93),
            new Word(new Box(720, 80, 900, 140), "1910", 0.99)));
    TextLine body1 = new TextLine(new Box(100, 200, 1000, 240), "Revenue grew by eleven per-",
        List.of(new Word(new Box(100, 200, 320, 240), "Revenue", 0.9),
            new Word(new Box(335, 200, 440, 240), "grew", 0.88),
            new Word(new Box(455, 200, 520, 240), "by", 0.95),
            new Word(new Box(535, 200, 720, 240), "eleven", 0.91),
            new Word(new Box(735, 200, 1000, 240), "per-", 0.8)));
    TextLine body2 = new TextLine(new Box(100, 250, 700, 290), "cent & more <than> \"expected\"",
        List.of(new Word(new Box(100, 250, 220, 290), "cent", 0.9),
            new Word(new Box(235, 250, 270, 290), "&", 0.7),
            new Word(new Box(285, 250, 400, 290), "more", 0.9),
            new Word(new Box(415, 250, 520, 290), "<than>", 0.6),
            new Word(new Box(535, 250, 700, 290), "\"expected\"", 0.85)));
    Region titleRegion = new Region(RegionLabels.TITLE, List.of(new Box(100, 80, 900, 140)),
        "Annual report 1910", List.of(title));
    Region body = new Region(RegionLabels.TEXT, List.of(new Box(100, 200, 1000, 290)),
        "Revenue grew by eleven per-\ncent & more <than> \"expected\"", List.of(body1, body2));
    Region picture = new Region(RegionLabels.IMAGE, List.of(new Box(100, 320, 600, 700)), "");
    Region caption = new Region(RegionLabels.IMAGE_CAPTION, List.of(new Box(100, 710, 600, 740)),
        "Fig. 1 The mill", List.of(new TextLine(new Box(100, 710, 600, 740), "Fig. 1 The mill")));
    Region folio = new Region(RegionLabels.PAGE_NUMBER, List.of(new Box(540, 1500, 580, 1530)),
        "12", List.of(new TextLine(new Box(540, 1500, 580, 1530), "12")));
    return new GroundedPage(1, 1190, 1684, List.of(titleRegion, body, picture, caption, folio), STATS);
  }

  /** A page as DeepSeek-OCR gives it: Markdown, an HTML table, no lines. */
  static GroundedPage regionsOnly(int number) {
    Region heading = new Region(RegionLabels.SUB_TITLE, List.of(new Box(90, 60, 800, 110)),
        "## Results by region");
    Region table = new Region(RegionLabels.TABLE, List.of(new Box(90, 150, 1000, 400)),
        "<table><tr><td>North</td><td>12</td></tr><tr><td>South</td><td>7</td></tr></table>");
    Region text = new Region(RegionLabels.TEXT, List.of(new Box(90, 420, 1000, 520)),
        "The **north** led.\nThe south followed.");
    return new GroundedPage(number, 1100, 1500, List.of(heading, table, text), STATS);
  }

  static GroundedDocument twoPages() {
    return new GroundedDocument("report.pdf", "ppocr", List.of(linesAndWords(), regionsOnly(2)));
  }
}
