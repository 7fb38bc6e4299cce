package org.groundedocr.deepseek.preprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class RgbImageTest {

  @Test
  void convertsPngFlavoursLikePillowConvertRgb() {
    int n = 0;
    for (JsonNode c : PreprocessFixtures.index().get("convert")) {
      RgbImage img = PreprocessFixtures.png(c.get("file").asText());
      assertEquals(c.get("sha256").asText(), PreprocessFixtures.sha256(img.pixels()),
          c.get("file").asText() + " (Pillow mode " + c.get("pil_mode").asText() + ")");
      n++;
    }
    assertEquals(6, n);
  }

  @Test
  void greyIsReplicatedNotColourConverted() {
    BufferedImage grey = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_GRAY);
    grey.getRaster().setSample(0, 0, 0, 100);
    grey.getRaster().setSample(1, 0, 0, 200);
    RgbImage rgb = RgbImage.from(grey);
    assertEquals(0x646464, rgb.rgb(0, 0));
    assertEquals(0xC8C8C8, rgb.rgb(1, 0));
  }

  @Test
  void alphaIsDroppedNotComposited() {
    BufferedImage argb = new BufferedImage(1, 1, BufferedImage.TYPE_INT_ARGB);
    argb.setRGB(0, 0, 0x10203040);
    assertEquals(0x203040, RgbImage.from(argb).rgb(0, 0));
  }

  @Test
  void cropAndRoundTrip() {
    RgbImage img = PreprocessFixtures.image("64x48");
    RgbImage crop = img.crop(10, 5, 7, 3);
    assertEquals(img.rgb(16, 7), crop.rgb(6, 2));
    assertEquals(img, img); // identity
    RgbImage back = RgbImage.from(img.toBufferedImage());
    assertEquals(PreprocessFixtures.sha256(img.pixels()), PreprocessFixtures.sha256(back.pixels()));
    assertThrows(IllegalArgumentException.class, () -> img.crop(60, 0, 5, 1));
  }

  @Test
  void rejectsBadSizes() {
    assertThrows(IllegalArgumentException.class, () -> new RgbImage(0, 1, new byte[0]));
    assertThrows(IllegalArgumentException.class, () -> new RgbImage(2, 2, new byte[11]));
    assertThrows(IllegalArgumentException.class, () -> new RgbImage(50_000, 50_000, new byte[3]));
  }
}
