package org.groundedocr.deepseek.preprocess;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PillowResamplerTest {

  @Test
  void everyResizeIsByteIdenticalToPillow() {
    List<String> failures = new ArrayList<>();
    int n = 0;
    for (JsonNode r : PreprocessFixtures.index().get("resize")) {
      RgbImage src = PreprocessFixtures.image(r.get("image").asText());
      int w = r.get("width").asInt();
      int h = r.get("height").asInt();
      RgbImage out = PillowResampler.resize(src, w, h);
      assertEquals(w, out.width());
      assertEquals(h, out.height());
      if (!r.get("sha256").asText().equals(PreprocessFixtures.sha256(out.pixels()))) {
        failures.add(r.get("image").asText() + " -> " + w + "x" + h);
      }
      n++;
    }
    assertTrue(n >= 100, "expected at least 100 reference resizes, got " + n);
    assertEquals(List.of(), failures, "resizes that differ from Pillow");
  }

  @Test
  void tallImagesShrinkVerticallyFirstLikePillow() {
    // noise 5x700 is > 100x taller than wide: Pillow >= 12.2 runs the vertical pass first
    RgbImage src = PreprocessFixtures.image("noise_5x700");
    String expected = null;
    for (JsonNode r : PreprocessFixtures.index().get("resize")) {
      if (r.get("image").asText().equals("noise_5x700") && r.get("width").asInt() == 3
          && r.get("height").asInt() == 350) {
        expected = r.get("sha256").asText();
      }
    }
    assertEquals(expected, PreprocessFixtures.sha256(PillowResampler.resize(src, 3, 350).pixels()));
  }

  @Test
  void sameSizeIsAnEqualCopy() {
    RgbImage src = PreprocessFixtures.image("noise_97x61");
    RgbImage out = PillowResampler.resize(src, 97, 61);
    assertNotSame(src.pixels(), out.pixels());
    assertArrayEquals(src.pixels(), out.pixels());
  }

  @Test
  void singlePixelUpscalesToAFlatImage() {
    RgbImage px = RgbImage.filled(1, 1, 10, 200, 255);
    RgbImage out = PillowResampler.resize(px, 33, 17);
    for (int y = 0; y < 17; y++) {
      for (int x = 0; x < 33; x++) {
        assertEquals(0x0AC8FF, out.rgb(x, y));
      }
    }
  }

  @Test
  void rejectsEmptyTargets() {
    RgbImage px = RgbImage.filled(2, 2, 0, 0, 0);
    assertThrows(IllegalArgumentException.class, () -> PillowResampler.resize(px, 0, 5));
    assertThrows(IllegalArgumentException.class, () -> PillowResampler.resize(px, 5, -1));
  }
}
