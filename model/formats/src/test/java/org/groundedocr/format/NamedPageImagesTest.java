package org.groundedocr.format;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.groundedocr.model.GroundedDocument;
import org.junit.jupiter.api.Test;

/** Each reader reports the image every page names, as the file wrote it, for the importer. */
class NamedPageImagesTest {

  private static ImportedDocument read(OcrFormat f, String text) throws FormatException {
    return f.readImported(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), ImportOptions.named("t"));
  }

  private static GroundedDocument named(GroundedDocument d, String image) {
    return new GroundedDocument(image, d.engine(), d.pages());
  }

  @Test
  void altoAndPageNameTheirOnePagesImage() throws Exception {
    GroundedDocument one = new GroundedDocument("x", "ppocr", List.of(SampleDocuments.linesAndWords()));
    assertEquals(List.of("https://x.org/p1.jpg"),
        read(OcrFormat.ALTO, OcrFormat.ALTO.toString(named(one, "https://x.org/p1.jpg"))).pageImages());
    assertEquals(List.of("scans/p1.tif"),
        read(OcrFormat.PAGE, OcrFormat.PAGE.toString(named(one, "scans/p1.tif"))).pageImages());
  }

  @Test
  void aMultiPageAltoNamesNoImageForItsPages() throws Exception {
    // ALTO has one fileName per file: which page it shows is unknown, so no page gets it
    GroundedDocument two = SampleDocuments.twoPages();
    ImportedDocument d = read(OcrFormat.ALTO, OcrFormat.ALTO.toString(named(two, "https://x.org/book.pdf")));
    assertEquals(List.of("", ""), d.pageImages());
  }

  @Test
  void hocrNamesAnImagePerPageWithoutItsQuotes() throws Exception {
    String hocr = "<html><head><meta name='ocr-system' content='t'/><meta name='ocr-capabilities' content='ocr_page ocrx_word'/></head><body>"
        + "<div class='ocr_page' title='image \"https://x.org/p 1.png\"; bbox 0 0 100 50'>"
        + "<span class='ocr_line' title='bbox 0 0 100 20'><span class='ocrx_word' title='bbox 0 0 50 20'>one</span></span></div>"
        + "<div class='ocr_page' title='bbox 0 0 100 50'>"
        + "<span class='ocr_line' title='bbox 0 0 100 20'><span class='ocrx_word' title='bbox 0 0 50 20'>two</span></span></div>"
        + "<div class='ocr_page' title=\"image 'p3.png'; bbox 0 0 100 50\">"
        + "<span class='ocr_line' title='bbox 0 0 100 20'><span class='ocrx_word' title='bbox 0 0 50 20'>three</span></span></div>"
        + "</body></html>";
    assertEquals(List.of("https://x.org/p 1.png", "", "p3.png"), read(OcrFormat.HOCR, hocr).pageImages());
  }
}
