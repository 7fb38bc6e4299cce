package org.groundedocr.format.hocr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.groundedocr.format.ImportOptions;
import org.groundedocr.format.OcrFormat;
import org.groundedocr.format.SampleAccess;
import org.groundedocr.model.GroundedDocument;
import org.groundedocr.model.GroundedPage;
import org.groundedocr.model.Region;
import org.groundedocr.model.RegionLabels;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

class HocrFormatTest {

  /**
   * hOCR 1.2's requirements (kba.github.io/hocr-spec/1.2): the ocr-system and ocr-capabilities
   * metadata; every class used is listed in ocr-capabilities; ocr_page has a bbox; ocr_line and
   * ocrx_word elements have a bbox; bboxes are 4 non-negative integers with x0 <= x1, y0 <= y1;
   * x_wconf is an integer 0..100; the file is well-formed XHTML.
   */
  @Test
  void exportHasHocrRequiredProperties() throws Exception {
    String html = OcrFormat.HOCR.toString(SampleAccess.twoPages());
    // well-formed XML (XHTML): a strict XML parser takes it
    javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(new ByteArrayInputStream(html.getBytes(StandardCharsets.UTF_8)));
    Document d = Jsoup.parse(html);
    Element system = d.selectFirst("meta[name=ocr-system]");
    Element caps = d.selectFirst("meta[name=ocr-capabilities]");
    assertNotNull(system, "ocr-system");
    assertNotNull(caps, "ocr-capabilities");
    Set<String> capabilities = new HashSet<>(List.of(caps.attr("content").split("\\s+")));
    assertEquals(2, d.select(".ocr_page").size());
    int words = 0;
    for (Element e : d.select("[class^=ocr]")) {
      for (String cls : e.classNames()) {
        assertTrue(capabilities.contains(cls), cls + " used but not in ocr-capabilities");
      }
      String title = e.attr("title");
      if (e.hasClass("ocr_page") || e.hasClass("ocr_line") || e.hasClass("ocrx_word")
          || e.hasClass("ocr_carea") || e.hasClass("ocr_par")) {
        assertTrue(title.matches("(.*; )?bbox \\d+ \\d+ \\d+ \\d+(;.*)?"), e.className() + ": " + title);
        String[] b = title.replaceAll(".*bbox (\\d+ \\d+ \\d+ \\d+).*", "$1").split(" ");
        assertTrue(Integer.parseInt(b[0]) <= Integer.parseInt(b[2])
            && Integer.parseInt(b[1]) <= Integer.parseInt(b[3]), title);
      }
      if (e.hasClass("ocrx_word")) {
        words++;
        if (title.contains("x_wconf")) {
          int conf = Integer.parseInt(title.replaceAll(".*x_wconf (\\d+).*", "$1"));
          assertTrue(conf >= 0 && conf <= 100, title);
        }
      }
    }
    assertTrue(words > 20, "words written: " + words);
    assertEquals("Annual", d.selectFirst(".ocrx_word").text());
    assertTrue(d.selectFirst(".ocrx_word").attr("title").endsWith("x_wconf 97"));
  }

  @Test
  void roundTripKeepsTextBoxesLabelsAndOrder() throws Exception {
    GroundedDocument doc = SampleAccess.twoPages();
    GroundedDocument back = read(OcrFormat.HOCR.toString(doc));
    SampleAccess.assertSamePage(doc.pages().get(0), back.pages().get(0));
    assertEquals(List.of(RegionLabels.SUB_TITLE, RegionLabels.TABLE, RegionLabels.TEXT),
        back.pages().get(1).regions().stream().map(Region::label).toList());
  }

  @Test
  void readsTesseractStyleHocr() throws Exception {
    // the shape tesseract 5 writes: ocr_carea > ocr_par > ocr_line / ocr_header > ocrx_word
    String hocr = """
        <!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
        <html xmlns="http://www.w3.org/1999/xhtml"><head><meta name='ocr-system' content='tesseract 5.3.0' />
        <meta name='ocr-capabilities' content='ocr_page ocr_carea ocr_par ocr_line ocrx_word ocrp_wconf'/></head><body>
        <div class='ocr_page' id='page_1' title='image "scan.png"; bbox 0 0 800 600; ppageno 0; scan_res 300 300'>
         <div class='ocr_carea' id='block_1_1' title="bbox 36 92 580 138">
          <p class='ocr_par' id='par_1_1' lang='fra' title="bbox 36 92 580 138">
           <span class='ocr_header' id='line_1_1' title="bbox 36 92 580 138; baseline 0 -10; x_size 46">
            <span class='ocrx_word' id='word_1_1' title='bbox 36 92 160 138; x_wconf 96'>Élève</span>
            <span class='ocrx_word' id='word_1_2' title='bbox 180 92 580 138; x_wconf 91'>Noël</span>
           </span>
          </p>
         </div>
        </div></body></html>""";
    GroundedPage p = read(hocr).pages().get(0);
    assertEquals(800, p.width());
    assertEquals("Élève Noël", p.regions().get(0).text());
    assertEquals(0.91, p.regions().get(0).lines().get(0).words().get(1).confidence(), 1e-9);
  }

  private static GroundedDocument read(String html) throws Exception {
    return OcrFormat.HOCR.read(new ByteArrayInputStream(html.getBytes(StandardCharsets.UTF_8)),
        ImportOptions.named("t.hocr"));
  }
}
