package org.groundedocr.format.page;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.groundedocr.format.ImportOptions;
import org.groundedocr.format.OcrFormat;
import org.groundedocr.format.SampleAccess;
import org.groundedocr.model.Box;
import org.groundedocr.model.GroundedDocument;
import org.groundedocr.model.GroundedPage;
import org.groundedocr.model.Region;
import org.groundedocr.model.RegionLabels;
import org.junit.jupiter.api.Test;

class PageXmlFormatTest {

  @Test
  void exportIsValidPage2019() throws Exception {
    GroundedDocument doc = SampleAccess.twoPages();
    for (int n = 1; n <= 2; n++) {
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      OcrFormat.PAGE.write(doc, n, out);
      String xml = out.toString(StandardCharsets.UTF_8);
      SampleAccess.validatePage(xml);
      assertTrue(xml.contains("<RegionRefIndexed index=\"0\" regionRef=\"r" + n + "_1\""), xml);
      if (n == 1) {
        assertTrue(xml.contains("type=\"heading\""), xml);
        assertTrue(xml.contains("<ImageRegion id=\"r1_3\""), xml);
        assertTrue(xml.contains("type=\"page-number\""), xml);
        assertTrue(xml.contains("<Unicode>&lt;than&gt;</Unicode>"), xml);
        assertThrows(org.xml.sax.SAXException.class,
            () -> SampleAccess.validatePage(xml.replace("type=\"heading\"", "type=\"headline\"")));
      } else {
        assertTrue(xml.contains("<TableRegion id=\"r2_2\""), xml);
      }
    }
  }

  @Test
  void severalPagesAreRefusedInOneFile() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> OcrFormat.PAGE.write(SampleAccess.twoPages(), new java.io.ByteArrayOutputStream()));
    assertTrue(e.getMessage().contains("one page per file"), e.getMessage());
  }

  @Test
  void roundTripKeepsTextBoxesLabelsAndOrder() throws Exception {
    GroundedDocument doc = SampleAccess.twoPages();
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    OcrFormat.PAGE.write(doc, 1, out);
    GroundedPage back = OcrFormat.PAGE.read(new ByteArrayInputStream(out.toByteArray()),
        ImportOptions.named("p.xml")).pages().get(0);
    SampleAccess.assertSamePage(doc.pages().get(0), back);

    out.reset();
    OcrFormat.PAGE.write(doc, 2, out);
    GroundedPage two = OcrFormat.PAGE.read(new ByteArrayInputStream(out.toByteArray()),
        ImportOptions.named("p.xml")).pages().get(0);
    assertEquals(List.of(RegionLabels.SUB_TITLE, RegionLabels.TABLE, RegionLabels.TEXT),
        two.regions().stream().map(Region::label).toList());
    assertEquals(new Box(90, 150, 1000, 400), two.regions().get(1).bbox());
    assertEquals("North 12\nSouth 7", two.regions().get(1).text());
  }

  @Test
  void pageTypesWithoutOurLabelsMapAndLinesWithoutWordsKeepTheirText() throws Exception {
    String xml = """
        <PcGts xmlns="http://schema.primaresearch.org/PAGE/gts/pagecontent/2013-07-15">
          <Metadata/>
          <Page imageFilename="k.tif" imageWidth="1000" imageHeight="1400">
            <ReadingOrder><OrderedGroup id="g"><RegionRefIndexed index="0" regionRef="b"/><RegionRefIndexed index="1" regionRef="a"/></OrderedGroup></ReadingOrder>
            <TextRegion id="a" type="paragraph"><Coords points="10,100 500,100 500,200 10,200"/>
              <TextLine id="l1"><Coords points="10,100 500,100 500,140 10,140"/><TextEquiv><Unicode>Was iſt Aufklärung?</Unicode></TextEquiv></TextLine></TextRegion>
            <TextRegion id="b" type="heading"><Coords points="10,10 500,10 500,60 10,60"/>
              <TextLine id="l2"><Coords points="10,10 500,10 500,60 10,60"/>
                <Word id="w1"><Coords points="10,10 200,10 200,60 10,60"/><TextEquiv conf="0.8"><Unicode>Beantwortung</Unicode></TextEquiv></Word>
                <TextEquiv><Unicode>Beantwortung</Unicode></TextEquiv></TextLine></TextRegion>
          </Page>
        </PcGts>""";
    GroundedDocument d = OcrFormat.PAGE.read(
        new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)), ImportOptions.named("k.xml"));
    assertEquals("k.tif", d.source());
    GroundedPage p = d.pages().get(0);
    assertEquals(List.of(RegionLabels.TITLE, RegionLabels.TEXT),
        p.regions().stream().map(Region::label).toList());
    assertEquals("Was iſt Aufklärung?", p.regions().get(1).text());
    assertTrue(p.regions().get(1).lines().get(0).words().isEmpty());
    assertEquals(0.8, p.regions().get(0).lines().get(0).words().get(0).confidence());
    assertEquals(new Box(10, 10, 200, 60), p.regions().get(0).lines().get(0).words().get(0).bbox());
  }
}
