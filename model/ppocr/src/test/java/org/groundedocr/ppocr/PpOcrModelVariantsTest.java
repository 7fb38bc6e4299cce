package org.groundedocr.ppocr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import org.groundedocr.engine.Device;
import org.groundedocr.engine.EngineConfig;
import org.groundedocr.engine.OcrEngine;
import org.groundedocr.engine.OcrEngines;
import org.groundedocr.model.GroundedPage;
import org.groundedocr.ppocr.PpOcrOptions.ModelVariant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The project's own exports of the PP-OCRv4 networks ({@code model/export/quantize_ppocr.py}):
 * each loads, reads a rendered page like the original does, and the option that picks it is
 * validated.
 */
class PpOcrModelVariantsTest {

  @ParameterizedTest
  @CsvSource({"fused, fused", "int8, fused", "original, original", "int8, original"})
  void everyExportReadsARenderedPage(String rec, String det) throws Exception {
    SyntheticPage page = SyntheticPage.render(1000, 200,
        SyntheticPage.paragraph(PpOcrEngineTest.TEXT.subList(1, 4), 40, 40, 26, 1.6), 0, 6, 0.001, 5);
    String truth = String.join(" ", PpOcrEngineTest.TEXT.subList(1, 4));
    try (OcrEngine engine = OcrEngines.create(new EngineConfig("ppocr", Device.CPU, null,
        Map.of(PpOcrOptions.REC_MODEL, rec, PpOcrOptions.DET_MODEL, det)))) {
      GroundedPage result = engine.recognize(page.image, 1);
      String read = PpOcrEngineTest.pageText(result);
      double cer = SyntheticPage.cer(truth, read);
      assertTrue(cer <= 0.02, rec + "/" + det + ": CER " + cer + ", read: " + read);
      assertEquals(3, PpOcrEngineTest.allLines(result).size(), read);
      String mode = result.stats().mode();
      assertTrue(rec.equals("fused") ? mode.equals("detpage") : mode.endsWith("-rec-" + rec), mode);
    }
  }

  @Test
  void shippedExportsStayUnderFiveMegabytes() throws IOException {
    for (String resource : new String[] {PpOcrModels.RECOGNITION_FUSED,
        PpOcrModels.RECOGNITION_INT8, PpOcrModels.DETECTION_FUSED}) {
      try (InputStream in = PpOcrModels.class.getResourceAsStream(resource)) {
        assertTrue(in != null, resource + " is on the class path");
        long size = in.readAllBytes().length;
        assertTrue(size > 1_000_000 && size < 5_000_000, resource + ": " + size + " bytes");
      }
    }
  }

  @Test
  void modelOptionsAreValidatedNamingTheOption() {
    assertEquals(ModelVariant.FUSED, PpOcrOptions.DEFAULTS.recModel());
    assertEquals(ModelVariant.FUSED, PpOcrOptions.DEFAULTS.detModel());
    PpOcrOptions o = PpOcrOptions.from(new EngineConfig("ppocr", null, null,
        Map.of(PpOcrOptions.REC_MODEL, " INT8 ", PpOcrOptions.DET_MODEL, "original")));
    assertEquals(ModelVariant.INT8, o.recModel());
    assertEquals(ModelVariant.ORIGINAL, o.detModel());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> PpOcrOptions.from(new EngineConfig("ppocr", null, null,
            Map.of(PpOcrOptions.REC_MODEL, "fp16"))));
    assertTrue(e.getMessage().contains("'recModel'") && e.getMessage().contains("fp16"),
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> PpOcrOptions.from(new EngineConfig("ppocr", null, null,
            Map.of(PpOcrOptions.DET_MODEL, "int8"))));
    assertTrue(e.getMessage().contains("'detModel'") && e.getMessage().contains("int8"),
        e.getMessage());
  }
}
