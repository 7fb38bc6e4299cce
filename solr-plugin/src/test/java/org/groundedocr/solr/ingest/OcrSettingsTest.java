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
        "ocr.pageTimeoutSeconds", "30", "ocr.minTextChars", "5", "ocr.ocrStrategy", "ocr_only"));
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
        () -> OcrSettings.allowing(null).fromParams(params("ocr.dpi", "lots")));
    assertEquals(400, e.code());
    assertTrue(e.getMessage(), e.getMessage().contains("ocr.dpi must be a whole number"));
    e = expectThrows(SolrException.class, () -> OcrSettings.allowing(null).fromParams(params("ocr.maxPages", "0")));
    assertEquals(400, e.code());
    assertTrue(e.getMessage(), e.getMessage().contains("maxPages"));
    e = expectThrows(SolrException.class, () -> OcrSettings.allowing(null).fromParams(params("ocr.colour", "1")));
    assertEquals(400, e.code());
  }

  @Test
  public void engineAndModelSettingsAreOffUnlessAllowedByName() {
    for (String p : new String[] {"ocr.engine", "ocr.device", "ocr.maxPixels", "ocr.modelDir"}) {
      SolrException e = expectThrows(SolrException.class,
          () -> OcrSettings.allowing(null).fromParams(params(p, "1")));
      assertEquals(p, 403, e.code());
    }
    OcrSettings engines = OcrSettings.allowing("engine, dpi");
    assertEquals("deepseek", engines.fromParams(params("ocr.engine", "deepseek")).getEngine());
    assertEquals(403, expectThrows(SolrException.class,
        () -> engines.fromParams(params("ocr.firstPage", "2"))).code());
    // modelDir: never, not even when solrconfig names it
    IllegalArgumentException never = expectThrows(IllegalArgumentException.class, () -> OcrSettings.allowing("dpi,modelDir"));
    assertTrue(never.getMessage(), never.getMessage().contains("modelDir"));
    expectThrows(IllegalArgumentException.class, () -> OcrSettings.allowing("dpi,nonsense"));
  }
}
