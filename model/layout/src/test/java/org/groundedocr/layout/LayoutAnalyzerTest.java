package org.groundedocr.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.groundedocr.model.Box;
import org.groundedocr.model.Region;
import org.groundedocr.model.RegionLabels;
import org.groundedocr.model.TextLine;
import org.groundedocr.model.Word;
import org.junit.jupiter.api.Test;

class LayoutAnalyzerTest {

  private final LayoutAnalyzer layout = new LayoutAnalyzer();

  static PageLine line(String text, int x1, int y1, int x2, int h) {
    return new PageLine(new Box(x1, y1, x2, y1 + h), text, h);
  }

  @Test
  void paragraphsSplitAtGapsAndHeadingsByHeight() {
    List<PageLine> lines = List.of(
        line("Annual Report", 100, 50, 600, 60),
        line("Summary", 100, 160, 300, 36),
        line("first line of text", 100, 220, 900, 24),
        line("second line of text", 100, 252, 880, 24),
        line("third line", 100, 284, 500, 24),
        line("new paragraph after a gap", 100, 360, 900, 24),
        line("continues here", 100, 392, 600, 24));
    List<Region> regions = layout.regions(lines, 1000, 1400);
    assertEquals(List.of(RegionLabels.TITLE, RegionLabels.SUB_TITLE, RegionLabels.TEXT,
        RegionLabels.TEXT), regions.stream().map(Region::label).toList());
    assertEquals("# Annual Report", regions.get(0).text());
    assertEquals("## Summary", regions.get(1).text());
    assertEquals("first line of text second line of text third line", regions.get(2).text());
    assertEquals(3, regions.get(2).lines().size());
    assertEquals(new Box(100, 220, 900, 308), regions.get(2).bbox());
  }

  @Test
  void smallPrintParagraphsSplitWhereTheLinePitchDoubles() {
    // detection boxes of 10-pixel print are ~20 pixels high at a 17-pixel pitch: they overlap
    // within a paragraph, and a blank line leaves a box gap of 14, still under the gap rule
    // (0.8 x 20); the step from line to line (17, then 34) tells the paragraphs apart
    List<PageLine> lines = new ArrayList<>();
    int y = 100;
    for (int i = 0; i < 7; i++) {
      y += i == 4 ? 34 : (i == 0 ? 0 : 17);
      lines.add(line("line " + i, 50, y, 750, 20));
    }
    List<Region> regions = layout.regions(lines, 800, 600);
    assertEquals(List.of("line 0 line 1 line 2 line 3", "line 4 line 5 line 6"),
        regions.stream().map(Region::text).toList());
  }

  @Test
  void piecesOfOneLineAreJoinedBackButColumnsAreNot() {
    // detection cut "... stanhill as." from "Jennings" at a sentence gap (one line height): alone,
    // the piece would become a block of its own, read after the paragraph
    List<PageLine> lines = List.of(
        line("Wandered or strictly raillery stanhill as.", 100, 100, 700, 20),
        line("Jennings", 720, 101, 820, 20),
        line("appetite disposed me an at subjects an.", 100, 130, 820, 20),
        line("Label:", 100, 200, 180, 20),
        line("value", 200, 200, 300, 20),
        line("left column text", 100, 300, 400, 20),
        line("right column text", 480, 300, 800, 20)); // a gutter of 4 line heights
    List<Region> regions = layout.regions(lines, 1000, 600);
    List<String> texts = regions.stream().map(Region::text).toList();
    assertEquals("Wandered or strictly raillery stanhill as. Jennings appetite disposed me an at subjects an.",
        texts.get(0));
    assertEquals("Label: value", texts.get(1));
    assertTrue(texts.stream().noneMatch(t -> t.contains("left column text right column text")), texts.toString());
    assertEquals(new Box(100, 100, 820, 150), regions.get(0).bbox());
    assertEquals(2, regions.get(0).lines().size(), "the two pieces are one line, boxed together");
    assertEquals("Wandered or strictly raillery stanhill as. Jennings", regions.get(0).lines().get(0).text());
    assertEquals(new Box(100, 100, 820, 121), regions.get(0).lines().get(0).bbox());
  }

  @Test
  void wordsTravelIntoTheRegionLinesAndJoinedPiecesKeepBoth() {
    // an engine that knows words (Tesseract) hands them in; the exports and highlights read them
    // from the region's lines, so the layout must neither drop nor reorder them
    Word a = new Word(new Box(100, 100, 400, 120), "Wandered", 0.9);
    Word b = new Word(new Box(420, 100, 700, 120), "stanhill", 0.8);
    Word c = new Word(new Box(720, 101, 820, 121), "Jennings", 0.7);
    Word d = new Word(new Box(100, 130, 820, 150), "appetite", 0.6);
    List<PageLine> lines = List.of(
        new PageLine(new Box(100, 100, 700, 120), "Wandered stanhill", 20,
            new Box(100, 100, 700, 120), List.of(a, b)),
        new PageLine(new Box(720, 101, 820, 121), "Jennings", 20, new Box(720, 101, 820, 121),
            List.of(c)),
        new PageLine(new Box(100, 130, 820, 150), "appetite", 20, new Box(100, 130, 820, 150),
            List.of(d)));
    List<Region> regions = layout.regions(lines, 1000, 600);
    assertEquals(1, regions.size(), regions.toString());
    List<TextLine> read = regions.get(0).lines();
    assertEquals(List.of(a, b, c), read.get(0).words(), "the joined line keeps both pieces' words");
    assertEquals(List.of(d), read.get(1).words());
  }

  @Test
  void twoColumnsUnderATitleAreReadColumnByColumn() {
    List<PageLine> lines = new ArrayList<>();
    lines.add(line("Title across both columns", 100, 40, 1800, 60));
    for (int i = 0; i < 6; i++) { // same baselines in both columns, a paragraph break at i = 3
      int y = 140 + i * 32 + (i >= 3 ? 40 : 0);
      lines.add(line("left " + i, 100, y, 900, 24));
      lines.add(line("right " + i, 1000, y, 1800, 24));
    }
    List<Region> regions = layout.regions(lines, 1900, 1000);
    String order = String.join(" | ", regions.stream().map(Region::text).toList());
    assertEquals("# Title across both columns | left 0 left 1 left 2 | left 3 left 4 left 5"
        + " | right 0 right 1 right 2 | right 3 right 4 right 5", order);
  }

  @Test
  void alignedShortCellsBecomeATable() {
    List<PageLine> lines = new ArrayList<>();
    lines.add(line("Item", 100, 100, 200, 20));
    lines.add(line("Qty", 600, 100, 660, 20));
    lines.add(line("Price", 800, 100, 880, 20));
    String[][] rows = {{"Paper", "2", "4.00"}, {"Toner & ink", "1", "39.90"}};
    for (int r = 0; r < rows.length; r++) {
      int y = 130 + 30 * r;
      lines.add(line(rows[r][0], 100, y, 260, 20));
      lines.add(line(rows[r][1], 620, y, 640, 20));
      lines.add(line(rows[r][2], 800, y, 880, 20));
    }
    lines.add(line("Thank you for your order, payment is due in thirty days.", 100, 260, 980, 20));
    List<Region> regions = layout.regions(lines, 1000, 400);
    assertEquals(RegionLabels.TABLE, regions.get(0).label());
    assertEquals("<table><tr><td>Item</td><td>Qty</td><td>Price</td></tr>"
        + "<tr><td>Paper</td><td>2</td><td>4.00</td></tr>"
        + "<tr><td>Toner &amp; ink</td><td>1</td><td>39.90</td></tr></table>",
        regions.get(0).text());
    assertEquals(9, regions.get(0).lines().size());
    assertEquals(RegionLabels.TEXT, regions.get(1).label());
  }

  @Test
  void aRowOfSeparateItemsIsReadLeftToRightBeforeTheNextRow() {
    List<PageLine> lines = List.of(
        line("Total", 400, 350, 440, 16),
        line("278.61", 500, 350, 550, 16),
        line("319.00", 700, 350, 760, 16),
        line("This is a computer generated invoice.", 300, 440, 460, 16));
    List<Region> regions = layout.regions(lines, 800, 600);
    assertEquals(List.of("Total", "278.61", "319.00", "This is a computer generated invoice."),
        regions.stream().map(Region::text).toList());
    assertTrue(layout.regions(List.of(), 10, 10).isEmpty());
  }

  @Test
  void sideBySideAddressBlocksAreReadBlockByBlockNotAsATable() {
    // a footer of three blocks set on the same baselines (QualityHosting's invoices)
    String[][] blocks = {
        {"Example Hosting AG", "Uferweg 40-42", "D-63571 Gelnhausen", "Tel. +49 6051 916 44 10",
            "Fax +49 6051 916 44 29"},
        {"Vorstand: Christian Heit", "Markus Oestreicher", "Aufsichtsrat: Hans Jurgen",
            "Registergericht Hanau HRB 13302", "USt-Id DE 232 446 240"},
        {"Bankverbindung", "Kreissparkasse Gelnhausen", "Kto-Nr. 48567", "Blz: 507 500 94",
            "SWIFT HELADEF1GEL"}};
    List<PageLine> lines = new ArrayList<>();
    for (int b = 0; b < blocks.length; b++) {
      for (int i = 0; i < blocks[b].length; i++) {
        lines.add(line(blocks[b][i], 150 + 475 * b, 2130 + 22 * i, 150 + 475 * b + 12 * blocks[b][i].length(), 28));
      }
    }
    List<Region> regions = layout.regions(lines, 1654, 2339);
    assertEquals(List.of(RegionLabels.TEXT, RegionLabels.TEXT, RegionLabels.TEXT),
        regions.stream().map(Region::label).toList());
    for (int b = 0; b < blocks.length; b++) {
      assertEquals(String.join(" ", blocks[b]), regions.get(b).text());
    }
  }

  @Test
  void itemRowsKeepTheirWrappedDescriptionInOneCell() {
    List<PageLine> lines = new ArrayList<>();
    lines.add(line("Pos.", 190, 990, 240, 30));
    lines.add(line("Description", 410, 990, 560, 30));
    lines.add(line("Price", 1340, 990, 1410, 30));
    lines.add(line("Amount", 1490, 990, 1590, 30));
    for (int item = 0; item < 3; item++) {
      int y = 1060 + 160 * item;
      lines.add(line(String.valueOf(item + 1), 220, y, 234, 30));
      lines.add(line("Small Business Exchange 2010", 410, y, 820, 30));
      lines.add(line("Monthly fee per unit", 410, y + 38, 670, 30));
      lines.add(line("Service: user" + item, 410, y + 76, 640, 30));
      lines.add(line("5,39", 1360, y, 1410, 30));
      lines.add(line("5,39", 1540, y, 1590, 30));
    }
    List<Region> regions = layout.regions(lines, 1654, 2339);
    assertEquals(1, regions.size());
    assertEquals(RegionLabels.TABLE, regions.get(0).label());
    assertEquals("<table><tr><td>Pos.</td><td>Description</td><td>Price</td><td>Amount</td></tr>"
        + "<tr><td>1</td><td>Small Business Exchange 2010 Monthly fee per unit Service: user0</td>"
        + "<td>5,39</td><td>5,39</td></tr>"
        + "<tr><td>2</td><td>Small Business Exchange 2010 Monthly fee per unit Service: user1</td>"
        + "<td>5,39</td><td>5,39</td></tr>"
        + "<tr><td>3</td><td>Small Business Exchange 2010 Monthly fee per unit Service: user2</td>"
        + "<td>5,39</td><td>5,39</td></tr></table>", regions.get(0).text());
    assertEquals(22, regions.get(0).lines().size());
    // the region's lines are in reading order: a cell's wrapped lines follow its first one
    assertEquals("Monthly fee per unit", regions.get(0).lines().get(6).text());
  }

  @Test
  void labelsBesideValuesStayATable() {
    List<PageLine> lines = new ArrayList<>();
    String[][] rows = {{"Zahlungsform", "Bankueberweisung"}, {"Zahlungsbedingungen", "14 Tage netto"},
        {"Zahlungsziel", "21.05.14"}};
    for (int r = 0; r < rows.length; r++) {
      lines.add(line(rows[r][0], 150, 1330 + 40 * r, 150 + 14 * rows[r][0].length(), 30));
      lines.add(line(rows[r][1], 580, 1330 + 40 * r, 580 + 14 * rows[r][1].length(), 30));
    }
    List<Region> regions = layout.regions(lines, 1654, 2339);
    assertEquals(1, regions.size());
    assertEquals(RegionLabels.TABLE, regions.get(0).label());
    assertTrue(regions.get(0).text().startsWith(
        "<table><tr><td>Zahlungsform</td><td>Bankueberweisung</td></tr>"), regions.get(0).text());

    // labels of two words are labels too, when the column beside them holds dates and amounts
    lines.clear();
    String[][] terms = {{"Invoice Date:", "Jan 1, 2022"}, {"Payment Terms:", "Net 30 days"},
        {"Due Date:", "Jan 31, 2022"}, {"PO Number:", "po_number_123"}};
    for (int r = 0; r < terms.length; r++) {
      lines.add(line(terms[r][0], 1070, 310 + 31 * r, 1070 + 14 * terms[r][0].length(), 30));
      lines.add(line(terms[r][1], 1420, 310 + 31 * r, 1420 + 14 * terms[r][1].length(), 30));
    }
    regions = layout.regions(lines, 1654, 2339);
    assertEquals(List.of(RegionLabels.TABLE), regions.stream().map(Region::label).toList());
  }

  @Test
  void letterheadColumnsDoNotRunIntoTheItemTableBelow() {
    List<PageLine> lines = new ArrayList<>();
    String[] left = {"Pino Bluebird", "Sessamestreet 32", "1025 RX Amsterdam", "Klant: 6669263"};
    String[] right = {"Coolblue B.V.", "Weena 664", "3012 CN Rotterdam", "BIC INGBNL2A"};
    for (int i = 0; i < left.length; i++) {
      lines.add(line(left[i], 122, 280 + 39 * i, 122 + 14 * left[i].length(), 30));
      lines.add(line(right[i], 1230, 280 + 39 * i, 1230 + 14 * right[i].length(), 30));
    }
    String[][] items = {{"Artikel", "Aantal", "Prijs", "Totaal"},
        {"Apple iPad Air Wifi 16 GB", "1", "399,00", "399,00"},
        {"Nintendo AC-adapter", "1", "14,99", "14,99"}};
    int[] xs = {122, 1000, 1200, 1450};
    for (int r = 0; r < items.length; r++) {
      for (int c = 0; c < 4; c++) {
        lines.add(line(items[r][c], xs[c], 480 + 40 * r, xs[c] + 14 * items[r][c].length(), 30));
      }
    }
    List<Region> regions = layout.regions(lines, 1654, 2339);
    assertEquals(List.of(RegionLabels.TEXT, RegionLabels.TEXT, RegionLabels.TABLE),
        regions.stream().map(Region::label).toList(), regions.toString());
    assertEquals(String.join(" ", left), regions.get(0).text());
    assertEquals(String.join(" ", right), regions.get(1).text());
    assertTrue(regions.get(2).text().startsWith("<table><tr><td>Artikel</td><td>Aantal</td>"),
        regions.get(2).text());
  }

  @Test
  void cellsWhoseGrownBoxesTouchStayOneRow() {
    // detected boxes reach about 0.4 line heights past the ink: "Prijs" and "BTW" overlap a little
    List<PageLine> lines = new ArrayList<>();
    String[][] rows = {{"Artikel", "Omschrijving", "Prijs", "BTW", "Bedrag"},
        {"E103184", "Onderhoudsset CA6707/10", "49,99", "21 %", "49,99"},
        {"E103560", "SX Flyer Korting", "0,00", "21 %", "0,00"}};
    int[][] spans = {{119, 204}, {280, 570}, {1097, 1189}, {1174, 1240}, {1442, 1533}};
    for (int r = 0; r < rows.length; r++) {
      for (int c = 0; c < 5; c++) {
        lines.add(line(rows[r][c], spans[c][0], 905 + 33 * r + (c == 1 ? 3 : 0), spans[c][1], 31));
      }
    }
    List<Region> regions = layout.regions(lines, 1654, 2339);
    assertEquals(1, regions.size());
    assertTrue(regions.get(0).text().startsWith("<table><tr><td>Artikel</td><td>Omschrijving</td>"
        + "<td>Prijs</td><td>BTW</td><td>Bedrag</td></tr><tr><td>E103184</td>"),
        regions.get(0).text());
  }

  @Test
  void twoTablesSideBySideOnTheirOwnRowsAreTwoTables() {
    // an invoice's totals: VAT breakdown on the left, amounts due on the right, rows offset
    List<PageLine> lines = new ArrayList<>();
    String[][] left = {{"Exclusief BTW", "4.053,67"}, {"BTW 21%", "851,27"}, {"Totaal", "4.904,94"}};
    int[] leftY = {1608, 1641, 1692};
    String[][] right = {{"Subtotaal", "4.904,94"}, {"Totaal", "4.904,94"},
        {"iDEAL op 31 maart 2014", "4.904,94"}};
    int[] rightY = {1608, 1670, 1703};
    for (int r = 0; r < 3; r++) {
      lines.add(line(left[r][0], 329 - 12 * left[r][0].length(), leftY[r], 329, 30));
      lines.add(line(left[r][1], 390, leftY[r], 504, 30));
      lines.add(line(right[r][0], 1291 - 12 * right[r][0].length(), rightY[r], 1291, 30));
      lines.add(line(right[r][1], 1417, rightY[r], 1532, 30));
    }
    List<Region> regions = layout.regions(lines, 1654, 2339);
    assertEquals(List.of(RegionLabels.TABLE, RegionLabels.TABLE),
        regions.stream().map(Region::label).toList(), regions.toString());
    assertEquals("<table><tr><td>Exclusief BTW</td><td>4.053,67</td></tr><tr><td>BTW 21%</td>"
        + "<td>851,27</td></tr><tr><td>Totaal</td><td>4.904,94</td></tr></table>",
        regions.get(0).text());
    assertTrue(regions.get(1).text().contains(
        "<tr><td>iDEAL op 31 maart 2014</td><td>4.904,94</td></tr>"), regions.get(1).text());
  }
}
