package org.groundedocr.format.alto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.groundedocr.format.FormatException;
import org.groundedocr.format.ImportOptions;
import org.groundedocr.format.OcrFormat;
import org.groundedocr.format.SampleAccess;
import org.groundedocr.model.Box;
import org.groundedocr.model.GroundedDocument;
import org.groundedocr.model.GroundedPage;
import org.groundedocr.model.Region;
import org.groundedocr.model.RegionLabels;
import org.groundedocr.model.Word;
import org.junit.jupiter.api.Test;

class AltoFormatTest {

  @Test
  void exportIsValidAlto44() throws Exception {
    String xml = OcrFormat.ALTO.toString(SampleAccess.twoPages());
    SampleAccess.validateAlto(xml);
    assertTrue(xml.contains("<MeasurementUnit>pixel</MeasurementUnit>"), xml);
    assertTrue(xml.contains("<LayoutTag ID=\"label_title_1\" LABEL=\"title\""), xml);
    assertTrue(xml.contains("<ComposedBlock ID=\"p2_b2\""), xml);
    assertTrue(xml.contains("TYPE=\"table\""), xml);
    assertTrue(xml.contains("<Illustration ID=\"p1_b3\""), xml);
    assertTrue(xml.contains("<HYP CONTENT=\"-\""), xml);
    assertTrue(xml.contains("CONTENT=\"&lt;than&gt;\""), "markup in text is escaped: " + xml);
    assertTrue(xml.contains("WC=\"0.9700\""), xml);
    // the validator is not a rubber stamp
    assertThrows(org.xml.sax.SAXException.class, () -> SampleAccess.validateAlto(
        xml.replace("<MeasurementUnit>pixel", "<MeasurementUnit>parsec")));
    assertThrows(org.xml.sax.SAXException.class, () -> SampleAccess.validateAlto(
        xml.replace("<SP ", "<Space ")));
  }

  @Test
  void roundTripKeepsTextBoxesLabelsAndOrder() throws Exception {
    GroundedDocument doc = SampleAccess.twoPages();
    GroundedDocument back = read(OcrFormat.ALTO.toString(doc));
    assertEquals(2, back.pages().size());
    SampleAccess.assertSamePage(doc.pages().get(0), back.pages().get(0));

    // a page without line boxes: labels, boxes and order survive, text becomes plain lines
    GroundedPage deepseek = back.pages().get(1);
    assertEquals(java.util.List.of(RegionLabels.SUB_TITLE, RegionLabels.TABLE, RegionLabels.TEXT),
        deepseek.regions().stream().map(Region::label).toList());
    assertEquals("Results by region", deepseek.regions().get(0).text());
    assertEquals("North 12\nSouth 7", deepseek.regions().get(1).text());
    assertEquals("The north led.\nThe south followed.", deepseek.regions().get(2).text());
    assertEquals(new Box(90, 150, 1000, 400), deepseek.regions().get(1).bbox());
  }

  @Test
  void readingOrderOverridesFileOrder() throws Exception {
    String alto = """
        <alto xmlns="http://www.loc.gov/standards/alto/ns-v3#">
          <Description><MeasurementUnit>pixel</MeasurementUnit></Description>
          <ReadingOrder><OrderedGroup ID="g"><ElementRef ID="e1" REF="b2"/><ElementRef ID="e2" REF="b1"/></OrderedGroup></ReadingOrder>
          <Layout><Page ID="p" PHYSICAL_IMG_NR="1" WIDTH="500" HEIGHT="500"><PrintSpace>
            <TextBlock ID="b1" HPOS="10" VPOS="300" WIDTH="100" HEIGHT="20"><TextLine><String CONTENT="second" HPOS="10" VPOS="300" WIDTH="100" HEIGHT="20"/></TextLine></TextBlock>
            <TextBlock ID="b2" HPOS="10" VPOS="10" WIDTH="100" HEIGHT="20"><TextLine><String CONTENT="first" HPOS="10" VPOS="10" WIDTH="100" HEIGHT="20"/></TextLine></TextBlock>
          </PrintSpace></Page></Layout>
        </alto>""";
    GroundedPage p = read(alto).pages().get(0);
    assertEquals(java.util.List.of("first", "second"), p.regions().stream().map(Region::text).toList());
  }

  @Test
  void mm10AndInch1200BecomePixelsAtTheGivenDpi() throws Exception {
    String mm10 = """
        <alto xmlns="http://www.loc.gov/standards/alto/ns-v2#">
          <Description><MeasurementUnit>mm10</MeasurementUnit></Description>
          <Layout><Page ID="p" PHYSICAL_IMG_NR="1" WIDTH="2100" HEIGHT="2970"><PrintSpace>
            <TextBlock ID="b1" HPOS="254" VPOS="508" WIDTH="254" HEIGHT="127"><TextLine HPOS="254" VPOS="508" WIDTH="254" HEIGHT="127">
              <String CONTENT="Wort" HPOS="254" VPOS="508" WIDTH="254" HEIGHT="127" WC="0.5"/></TextLine></TextBlock>
          </PrintSpace></Page></Layout>
        </alto>""";
    GroundedPage p = OcrFormat.ALTO.read(stream(mm10), new ImportOptions("a.xml", 300)).pages().get(0);
    // 210 mm at 300 dpi = 2480 px; 25.4 mm = 300 px
    assertEquals(2480, p.width());
    assertEquals(3508, p.height());
    Word w = p.regions().get(0).lines().get(0).words().get(0);
    assertEquals(new Box(300, 600, 600, 750), w.bbox());
    assertEquals(0.5, w.confidence());

    String inch = mm10.replace("mm10", "inch1200").replace("ns-v2", "ns-v4");
    GroundedPage q = OcrFormat.ALTO.read(stream(inch), new ImportOptions("a.xml", 600)).pages().get(0);
    // 254 / 1200 inch at 600 dpi = 127 px
    assertEquals(new Box(127, 254, 254, 318), q.regions().get(0).lines().get(0).words().get(0).bbox());
  }

  @Test
  void foreignTagsMapToOurLabels() throws Exception {
    String alto = """
        <alto xmlns="http://www.loc.gov/standards/alto/ns-v4#">
          <Description><MeasurementUnit>pixel</MeasurementUnit></Description>
          <Tags><OtherTag ID="BT1" LABEL="NumberingZone"/><OtherTag ID="BT2" LABEL="MainZone:column"/><OtherTag ID="BT3" LABEL="Titre"/></Tags>
          <Layout><Page ID="p" PHYSICAL_IMG_NR="1" WIDTH="500" HEIGHT="500"><PrintSpace>
            <TextBlock ID="a" TAGREFS="BT3"><TextLine><String CONTENT="Titre" HPOS="1" VPOS="1" WIDTH="9" HEIGHT="9"/></TextLine></TextBlock>
            <TextBlock ID="b" TAGREFS="BT2"><TextLine><String CONTENT="corps" HPOS="1" VPOS="20" WIDTH="9" HEIGHT="9"/></TextLine></TextBlock>
            <TextBlock ID="c" TAGREFS="BT1"><TextLine><String CONTENT="12" HPOS="1" VPOS="40" WIDTH="9" HEIGHT="9"/></TextLine></TextBlock>
          </PrintSpace></Page></Layout>
        </alto>""";
    assertEquals(java.util.List.of(RegionLabels.TITLE, RegionLabels.TEXT, RegionLabels.PAGE_NUMBER),
        read(alto).pages().get(0).regions().stream().map(Region::label).toList());
  }

  @Test
  void badInputNamesTheFileAndWhatToDo() {
    FormatException broken = assertThrows(FormatException.class,
        () -> OcrFormat.ALTO.read(stream("<alto><Layout>"), ImportOptions.named("scan_0042.xml")));
    assertTrue(broken.getMessage().startsWith("scan_0042.xml: not well-formed XML"), broken.getMessage());
    FormatException unit = assertThrows(FormatException.class, () -> OcrFormat.ALTO.read(
        stream("<alto><Description><MeasurementUnit>furlong</MeasurementUnit></Description></alto>"),
        ImportOptions.named("x.xml")));
    assertTrue(unit.getMessage().contains("ALTO allows pixel, mm10 and inch1200"), unit.getMessage());
    FormatException notAlto = assertThrows(FormatException.class,
        () -> OcrFormat.ALTO.read(stream("<PcGts/>"), ImportOptions.named("x.xml")));
    assertTrue(notAlto.getMessage().contains("root element <PcGts>"), notAlto.getMessage());
  }

  private static GroundedDocument read(String xml) throws FormatException {
    return OcrFormat.ALTO.read(stream(xml), ImportOptions.named("test.alto.xml"));
  }

  private static ByteArrayInputStream stream(String s) {
    return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
  }
}
