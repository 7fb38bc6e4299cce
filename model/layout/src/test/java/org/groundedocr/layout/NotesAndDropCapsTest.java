package org.groundedocr.layout;

import static org.groundedocr.layout.LayoutAnalyzerTest.line;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.groundedocr.model.Box;
import org.groundedocr.model.Region;
import org.groundedocr.model.RegionLabels;
import org.groundedocr.model.Word;
import org.junit.jupiter.api.Test;

/** Drop caps, footnotes and marginal notes ({@link DropCaps}, {@link NotesAndFootnotes}). */
class NotesAndDropCapsTest {

  private final LayoutAnalyzer layout = new LayoutAnalyzer();

  /** {@code n} body lines of a column, 24 px high at a 32 px pitch. */
  private static void column(List<PageLine> lines, String word, int x1, int x2, int y, int n) {
    for (int i = 0; i < n; i++) {
      lines.add(line(word + " line " + i + " of the running text", x1, y + 32 * i, x2, 24));
    }
  }

  @Test
  void aDropCapJoinsTheWordItBeginsAndIsNoTitle() {
    List<PageLine> lines = new ArrayList<>();
    lines.add(line("L", 100, 100, 150, 88)); // three lines high
    lines.add(line("orem ipsum dolor sit amet, consectetur", 160, 100, 900, 24));
    lines.add(line("adipiscing elit, sed do eiusmod tempor", 160, 132, 900, 24));
    lines.add(line("incididunt ut labore et dolore magna", 160, 164, 900, 24));
    column(lines, "body", 100, 900, 196, 6);
    List<Region> regions = layout.regions(lines, 1000, 1400);
    assertTrue(regions.stream().noneMatch(r -> RegionLabels.TITLE.equals(r.label())
        || RegionLabels.SUB_TITLE.equals(r.label())), regions.toString());
    assertTrue(regions.get(0).text().startsWith("Lorem ipsum dolor"), regions.get(0).text());
    assertEquals(100, regions.get(0).lines().get(0).bbox().x1(), "the line's box covers the initial");
    assertEquals(24, regions.get(0).lines().get(0).bbox().height(), "but keeps the line's height");
  }

  @Test
  void theInitialJoinsTheFirstWordsBoxAndText() {
    List<PageLine> lines = new ArrayList<>();
    lines.add(new PageLine(new Box(100, 100, 150, 188), "L", 88, new Box(100, 100, 150, 188),
        List.of(new Word(new Box(100, 100, 150, 188), "L", 0.7))));
    lines.add(new PageLine(new Box(160, 100, 900, 124), "orem ipsum", 24, new Box(160, 100, 900, 124),
        List.of(new Word(new Box(160, 100, 300, 124), "orem", 0.9), new Word(new Box(320, 100, 500, 124), "ipsum", 0.95))));
    lines.add(line("adipiscing elit, sed do eiusmod tempor", 160, 132, 900, 24));
    lines.add(line("incididunt ut labore et dolore magna", 160, 164, 900, 24));
    column(lines, "body", 100, 900, 196, 6);
    List<Word> words = layout.regions(lines, 1000, 1400).get(0).lines().get(0).words();
    assertEquals(List.of(new Word(new Box(100, 100, 300, 124), "Lorem", 0.7),
        new Word(new Box(320, 100, 500, 124), "ipsum", 0.95)), words);
  }

  @Test
  void aBigLetterWithoutALineBesideItStaysAsItIs() {
    List<PageLine> lines = new ArrayList<>();
    lines.add(line("A", 100, 100, 150, 88));
    column(lines, "body", 100, 900, 300, 6); // far below: not the initial's paragraph
    List<Region> regions = layout.regions(lines, 1000, 1400);
    assertEquals("# A", regions.get(0).text());
  }

  @Test
  void smallPrintUnderTheBodyIsAFootnoteReadBeforeTheFoot() {
    List<PageLine> lines = new ArrayList<>();
    column(lines, "body", 100, 900, 100, 12);
    lines.add(line("1. Voir le chapitre précédent, où la note commence.", 100, 560, 900, 16));
    lines.add(line("et continue ici sur une seconde ligne.", 100, 580, 700, 16));
    lines.add(line("2. Une autre note.", 100, 606, 400, 16));
    lines.add(line("- 12 -", 480, 700, 540, 24));
    List<Region> regions = layout.regions(lines, 1000, 800);
    List<String> labels = regions.stream().map(Region::label).toList();
    assertEquals(RegionLabels.TEXT, labels.get(0), labels.toString());
    assertEquals(RegionLabels.PAGE_NUMBER, labels.get(labels.size() - 1), labels.toString());
    List<Region> notes = regions.stream().filter(r -> RegionLabels.FOOTNOTE.equals(r.label())).toList();
    assertFalse(notes.isEmpty(), labels.toString());
    assertTrue(notes.get(0).text().startsWith("1. Voir"), notes.toString());
    assertEquals(labels.size() - 2, labels.lastIndexOf(RegionLabels.FOOTNOTE), "the foot comes last");
  }

  @Test
  void smallPrintAboveBodyTextIsNoFootnote() {
    List<PageLine> lines = new ArrayList<>();
    lines.add(line("small print at the top of the page, a dateline", 100, 60, 900, 16));
    lines.add(line("and its second line of small print", 100, 80, 700, 16));
    column(lines, "body", 100, 900, 140, 12);
    List<Region> regions = layout.regions(lines, 1000, 800);
    assertTrue(regions.stream().noneMatch(r -> RegionLabels.FOOTNOTE.equals(r.label())), regions.toString());
  }

  @Test
  void aMarginalNoteIsReadAfterTheTextItSitsBeside() {
    List<PageLine> lines = new ArrayList<>();
    column(lines, "body", 260, 900, 100, 10);
    lines.add(line("Nota", 60, 196, 200, 20)); // in the left margin, beside lines 3-4
    lines.add(line("bene", 60, 220, 180, 20));
    List<Region> regions = layout.regions(lines, 1000, 800);
    List<String> labels = regions.stream().map(Region::label).toList();
    assertEquals(RegionLabels.MARGIN_NOTE, labels.get(labels.size() - 1), regions.toString());
    assertEquals("Nota bene", regions.get(regions.size() - 1).text());
    assertTrue(regions.get(0).text().startsWith("body line 0"), regions.toString());
  }

  @Test
  void blocksSideBySideWithoutRunningTextAreNoMarginalNotes() {
    // a letterhead: an address on the left, the invoice's number and date on the right
    List<PageLine> lines = new ArrayList<>();
    lines.add(line("Acme Ltd", 100, 100, 400, 24));
    lines.add(line("1 Long Road", 100, 132, 400, 24));
    lines.add(line("Springfield", 100, 164, 400, 24));
    lines.add(line("Invoice 1234", 700, 100, 950, 24));
    lines.add(line("Date 2024-01-02", 700, 132, 950, 24));
    lines.add(line("Due 2024-02-02", 700, 164, 950, 24));
    List<Region> regions = layout.regions(lines, 1000, 800);
    assertTrue(regions.stream().noneMatch(r -> RegionLabels.MARGIN_NOTE.equals(r.label())), regions.toString());
  }
}
