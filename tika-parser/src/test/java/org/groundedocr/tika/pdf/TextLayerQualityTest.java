package org.groundedocr.tika.pdf;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TextLayerQualityTest {

  private static TextLayerQuality.Counts counts(String text) {
    TextLayerQuality.Counts.Builder b = new TextLayerQuality.Counts.Builder();
    b.add(text);
    return b.build();
  }

  @Test
  void realTextIsUsable() {
    assertNull(TextLayerQuality.reasonToOcr(counts("Revenue grew by 12% in Q3 (see table 2)."), 10, -1));
    assertNull(TextLayerQuality.reasonToOcr(counts("Der Umsatz stieg um 12 % – überall. 销售额增长了"), 10, -1));
  }

  @Test
  void emptyOrShortTextIsOcred() {
    assertTrue(TextLayerQuality.reasonToOcr(counts("   \n "), 10, -1).contains("0 characters"));
    assertNotNull(TextLayerQuality.reasonToOcr(counts("12"), 10, -1));
    assertNotNull(TextLayerQuality.reasonToOcr(counts(""), 0, -1), "an empty layer is never usable");
  }

  @Test
  void garbageIsOcred() {
    assertTrue(TextLayerQuality.reasonToOcr(counts("\u0001\u0002\u0003\u0004abcdefgh"), 10, -1).contains("Unicode"));
    assertTrue(TextLayerQuality.reasonToOcr(counts("\uE001\uE002\uE003 hello world"), 10, -1).contains("Unicode"));
    assertTrue(TextLayerQuality.reasonToOcr(counts("!\"#$%&'()*+,-./:;<=>?@[]^_{|}~ab"), 10, -1).contains("letters or digits"));
  }

  @Test
  void aScanWithAStampIsOcred() {
    TextLayerQuality.Counts stamp = counts("RECEIVED 2024-03-01 ABC-000123");
    assertNull(TextLayerQuality.reasonToOcr(stamp, 10, 0.1));
    assertTrue(TextLayerQuality.reasonToOcr(stamp, 10, 0.95).contains("scan"));
    assertNull(TextLayerQuality.reasonToOcr(counts("word ".repeat(60)), 10, 0.95), "a searchable scan keeps its text");
  }
}
