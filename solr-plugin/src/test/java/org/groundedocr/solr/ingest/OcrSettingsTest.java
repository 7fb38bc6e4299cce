package org.groundedocr.solr.ingest;

import org.apache.solr.SolrTestCase;
import org.apache.solr.common.SolrException;
import org.apache.solr.common.params.ModifiableSolrParams;
import org.groundedocr.tika.GroundedOcrConfig;
import org.groundedocr.tika.OcrStrategy;
import org.junit.Test;

/** Per-request {@code ocr.*}: every documented setting applies, engine and model settings need the allow-list. */
public class OcrSettingsTest extends SolrTestCase {

  private static ModifiableSolrParams params(String... kv) {
    ModifiableSolrParams p = new ModifiableSolrParams();
    for (int i = 0; i < kv.length; i += 2) {
      p.add(kv[i], kv[i + 1]);
    }
    return p;
  }

  @Test
  public void everyDocumentedPerRequestSettingApplies() {
    // int setters: these answered HTTP 500 "argument type mismatch" (an int boxed as a Long)
    GroundedOcrConfig c = OcrSettings.allowing(null).fromParams(params(
        "ocr.dpi", "150", "ocr.firstPage", "2", "ocr.lastPage", "4", "ocr.maxPages", "2",
        "ocr.pageTimeoutSeconds", "30", "ocr.minTextChars", "5", "ocr.ocrStrategy", "ocr_only"), "ppocr");
    assertEquals(150, c.getDpi());
    assertEquals(2, c.getFirstPage());
    assertEquals(4, c.getLastPage());
    assertEquals(2, c.getMaxPages());
    assertEquals(30, c.getPageTimeoutSeconds());
    assertEquals(5, c.getMinTextChars());
    assertEquals(OcrStrategy.OCR_ONLY, c.getOcrStrategy());
  }

  @Test
  public void badValuesNameTheParameter() {
    SolrException e = expectThrows(SolrException.class,
        () -> OcrSettings.allowing(null).fromParams(params("ocr.dpi", "lots"), "ppocr"));
    assertEquals(400, e.code());
    assertTrue(e.getMessage(), e.getMessage().contains("ocr.dpi: dpi must be an integer"));
    e = expectThrows(SolrException.class, () -> OcrSettings.allowing(null).fromParams(params("ocr.maxPages", "0"), "ppocr"));
    assertEquals(400, e.code());
    assertTrue(e.getMessage(), e.getMessage().contains("maxPages"));
    e = expectThrows(SolrException.class, () -> OcrSettings.allowing(null).fromParams(params("ocr.colour", "1"), "ppocr"));
    assertEquals(400, e.code());
  }

  @Test
  public void engineAndModelSettingsAreOffUnlessAllowedByName() {
    for (String p : new String[] {"ocr.engine", "ocr.device", "ocr.maxPixels", "ocr.modelDir"}) {
      SolrException e = expectThrows(SolrException.class,
          () -> OcrSettings.allowing(null).fromParams(params(p, "1"), "ppocr"));
      assertEquals(p, 403, e.code());
    }
    OcrSettings engines = OcrSettings.allowing("engine, dpi");
    assertEquals("deepseek", engines.fromParams(params("ocr.engine", "deepseek"), "ppocr").getEngine());
    assertEquals(403, expectThrows(SolrException.class,
        () -> engines.fromParams(params("ocr.firstPage", "2"), "ppocr")).code());
    // modelDir: never, not even when solrconfig names it
    IllegalArgumentException never = expectThrows(IllegalArgumentException.class, () -> OcrSettings.allowing("dpi,modelDir"));
    assertTrue(never.getMessage(), never.getMessage().contains("modelDir"));
    expectThrows(IllegalArgumentException.class, () -> OcrSettings.allowing("dpi,nonsense"));
  }

  @Test
  public void engineSettingsAllowedByNameAreCheckedAgainstTheEnginesDeclaration() {
    OcrSettings tuning = OcrSettings.allowing("limitSide");
    assertEquals("1280", tuning.fromParams(params("ocr.limitSide", "1280"), "ppocr").getEngineOptions().get("limitSide"));
    SolrException bad = expectThrows(SolrException.class, () -> tuning.fromParams(params("ocr.limitSide", "huge"), "ppocr"));
    assertEquals(400, bad.code());
    assertTrue(bad.getMessage(), bad.getMessage().contains("limitSide") && bad.getMessage().contains("integer"));
    // a setting of another engine than the one the handler runs
    SolrException foreign = expectThrows(SolrException.class,
        () -> OcrSettings.allowing("mode").fromParams(params("ocr.mode", "base"), "ppocr"));
    assertEquals(400, foreign.code());
  }
}
