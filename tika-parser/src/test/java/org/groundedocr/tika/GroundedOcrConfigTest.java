package org.groundedocr.tika;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.groundedocr.engine.Device;
import org.groundedocr.engine.EngineConfig;
import org.junit.jupiter.api.Test;

class GroundedOcrConfigTest {

  @Test
  void perCallOverridesOnlyWhatWasSet() {
    GroundedOcrConfig defaults = new GroundedOcrConfig();
    defaults.setDpi(200);
    defaults.setEngine("deepseek");
    defaults.setModelDir("/models/ds");
    GroundedOcrConfig perCall = new GroundedOcrConfig();
    perCall.setOcrStrategy("OCR-ONLY");
    perCall.setLastPage(4);

    GroundedOcrConfig merged = defaults.mergedWith(perCall);
    assertEquals(200, merged.getDpi());
    assertEquals("deepseek", merged.getEngine());
    assertEquals(OcrStrategy.OCR_ONLY, merged.getOcrStrategy());
    assertEquals(4, merged.getLastPage());
    assertEquals(OcrStrategy.AUTO, defaults.getOcrStrategy(), "defaults untouched");
    assertEquals(3, merged.lastPageOf(3));
    assertEquals(4, merged.lastPageOf(10));
  }

  @Test
  void engineSettingsBecomeTheEngineConfig() {
    GroundedOcrConfig c = new GroundedOcrConfig();
    c.setEngine("DeepSeek");
    c.setModelDir("/m");
    c.setDevice("CUDA");
    c.setEngineOptions(List.of("maxTiles=6", "mode=replaced"));
    c.set("mode", "Gundam");
    c.set("task", "markdown");
    c.set("maxNewTokens", "4096");
    c.set("ngramSize", "30");
    c.set("ngramWindow", "90");
    c.set("ngramWhitelist", "<td>,</td>");
    EngineConfig e = c.engineConfig();
    assertEquals("deepseek", e.engine());
    assertEquals(Device.CUDA, e.device());
    assertEquals(Path.of("/m"), e.modelDir());
    assertEquals(
        Map.of("mode", "gundam", "task", "markdown", "maxNewTokens", "4096", "ngramSize", "30",
            "ngramWindow", "90", "ngramWhitelist", "<td>,</td>", "maxTiles", "6"),
        e.options());
    GroundedOcrConfig plain = new GroundedOcrConfig();
    assertEquals(new EngineConfig("ppocr", Device.CPU, null, Map.of()), plain.engineConfig());
    assertNull(plain.engineConfig().modelDir());
  }

  @Test
  void settingsByNameFromTextReachTheirTypedSetterOrTheEngine() {
    GroundedOcrConfig c = new GroundedOcrConfig();
    c.set("dpi", "300");
    c.set("firstPage", " 2 ");
    c.set("maxPixels", "5000000000");
    c.set("limitSide", "1280");
    assertEquals(300, c.getDpi());
    assertEquals(2, c.getFirstPage());
    assertEquals(5_000_000_000L, c.getMaxPixels());
    assertEquals(Map.of("limitSide", "1280"), c.getEngineOptions());
    IllegalArgumentException typo = assertThrows(IllegalArgumentException.class, () -> c.set("limitside", "1280"));
    assertTrue(typo.getMessage().contains("'limitside'"), typo.getMessage());
    assertTrue(typo.getMessage().contains("limitSide"), "lists the declared settings: " + typo.getMessage());
    IllegalArgumentException foreign = assertThrows(IllegalArgumentException.class, () -> c.set("mode", "gundam"));
    assertTrue(foreign.getMessage().contains("unknown ppocr engine option 'mode'"), foreign.getMessage());
    IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> c.set("limitSide", "huge"));
    assertTrue(bad.getMessage().startsWith("engine option 'limitSide' must be an integer"), bad.getMessage());
    assertTrue(assertThrows(IllegalArgumentException.class, () -> c.set("dpi", "high")).getMessage().startsWith("dpi"));
  }

  @Test
  void badValuesFailNamingTheParameter() {
    GroundedOcrConfig c = new GroundedOcrConfig();
    assertTrue(assertThrows(IllegalArgumentException.class, () -> c.setDpi(10)).getMessage().startsWith("dpi"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> c.setOcrStrategy("sometimes")).getMessage().startsWith("ocrStrategy"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> c.setFirstPage(0)).getMessage().startsWith("firstPage"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> c.setMaxPixels(0)).getMessage().startsWith("maxPixels"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> c.setDevice("tpu")).getMessage().startsWith("device"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> c.setEngineOptions(List.of("novalue"))).getMessage().startsWith("engineOptions"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> c.setPageTimeoutSeconds(-1)).getMessage().startsWith("pageTimeoutSeconds"));
  }

  @Test
  void serializable() throws Exception {
    GroundedOcrConfig c = new GroundedOcrConfig();
    c.setDpi(300);
    c.setEngineOption("limitSide", "1280");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(c);
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      GroundedOcrConfig back = (GroundedOcrConfig) in.readObject();
      assertEquals(300, back.getDpi());
      assertEquals("1280", back.getEngineOptions().get("limitSide"));
      assertEquals(300, new GroundedOcrConfig().mergedWith(back).getDpi());
    }
  }
}
