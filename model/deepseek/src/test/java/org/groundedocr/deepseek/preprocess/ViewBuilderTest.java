package org.groundedocr.deepseek.preprocess;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ViewBuilderTest {

  private static final double TOLERANCE = 1e-6;

  @Test
  void normalisationTableIsTorchvisionsBitForBit() {
    JsonNode bits = PreprocessFixtures.index().get("normalisation_f32_bits");
    assertEquals(256, bits.size());
    for (int v = 0; v < 256; v++) {
      assertEquals(bits.get(v).asLong(), Integer.toUnsignedLong(Float.floatToRawIntBits(ViewBuilder.normalise(v))),
          "value " + v);
    }
  }

  /**
   * For every image and mode: the tile grid, the token counts, every 8-bit view byte for byte
   * and every float32 tensor bit for bit (SHA-256 of Python's arrays), so the tensors are equal
   * everywhere, well within 1e-6.
   */
  @Test
  void viewsAndTensorsEqualTheReference() {
    List<String> failures = new ArrayList<>();
    int cases = 0;
    int views = 0;
    for (JsonNode c : PreprocessFixtures.index().get("cases")) {
      ViewSpec spec = spec(c);
      String label = c.get("image").asText() + " " + spec.family().id() + "/" + spec.mode() + " max "
          + spec.maxTiles();
      RgbImage image = PreprocessFixtures.image(c.get("image").asText());
      ViewBuilder builder = new ViewBuilder(spec);
      ImageViews iv = builder.views(image);
      PreparedImage p = builder.prepare(iv, image.width(), image.height());

      TileGrid grid = new TileGrid(c.get("grid").get(0).asInt(), c.get("grid").get(1).asInt());
      assertEquals(grid, iv.grid(), label);
      assertEquals(grid, p.grid(), label);
      assertEquals(c.get("global_tokens").asInt(), p.globalTokens(), label);
      assertEquals(c.get("tile_tokens").asInt(), p.tileTokens(), label);
      assertEquals(c.get("image_tokens").asInt(), p.imageTokens(), label);
      assertEquals(c.get("views").size(), 1 + p.tileCount(), label);

      int tilePlane = 3 * spec.tileSize() * spec.tileSize();
      for (JsonNode v : c.get("views")) {
        String kind = v.get("kind").asText();
        RgbImage view;
        String tensorSha;
        if (kind.equals("global")) {
          view = iv.global();
          tensorSha = PreprocessFixtures.sha256(p.globalView(), 0, p.globalView().length);
        } else {
          int k = Integer.parseInt(kind.substring(4));
          view = iv.tiles().get(k);
          tensorSha = PreprocessFixtures.sha256(p.tiles(), k * tilePlane, tilePlane);
        }
        assertEquals(v.get("width").asInt(), view.width(), label + " " + kind);
        assertEquals(v.get("height").asInt(), view.height(), label + " " + kind);
        if (!v.get("sha256_rgb").asText().equals(PreprocessFixtures.sha256(view.pixels()))) {
          failures.add(label + " " + kind + ": 8-bit view differs");
        }
        if (!v.get("sha256_f32").asText().equals(tensorSha)) {
          failures.add(label + " " + kind + ": tensor differs");
        }
        views++;
      }
      cases++;
    }
    assertTrue(cases >= 90 && views >= 200, cases + " cases, " + views + " views");
    assertEquals(List.of(), failures);
  }

  /**
   * The views stored whole: Python's tensor rebuilt from its 8-bit view (the fixture generator
   * asserts that this is exactly its tensor) compared value by value with ours.
   */
  @Test
  void storedTensorsMatchValueByValue() {
    float[] table = new float[256];
    JsonNode bits = PreprocessFixtures.index().get("normalisation_f32_bits");
    for (int v = 0; v < 256; v++) {
      table[v] = Float.intBitsToFloat((int) bits.get(v).asLong());
    }
    int compared = 0;
    for (JsonNode c : PreprocessFixtures.index().get("cases")) {
      ViewSpec spec = spec(c);
      PreparedImage p = null;
      for (JsonNode v : c.get("views")) {
        if (!v.has("png")) {
          continue;
        }
        if (p == null) {
          p = new ViewBuilder(spec).prepare(PreprocessFixtures.image(c.get("image").asText()));
        }
        RgbImage ref = PreprocessFixtures.png(v.get("png").asText());
        String kind = v.get("kind").asText();
        float[] ours = kind.equals("global") ? p.globalView() : p.tiles();
        int offset = kind.equals("global") ? 0 : Integer.parseInt(kind.substring(4)) * 3 * ref.width() * ref.height();
        int plane = ref.width() * ref.height();
        byte[] px = ref.pixels();
        double maxDiff = 0;
        for (int i = 0; i < plane; i++) {
          for (int ch = 0; ch < 3; ch++) {
            float expected = table[px[i * 3 + ch] & 0xFF];
            maxDiff = Math.max(maxDiff, Math.abs(expected - ours[offset + ch * plane + i]));
          }
        }
        assertTrue(maxDiff <= TOLERANCE, v.get("png").asText() + ": max |diff| " + maxDiff);
        compared += 3 * plane;
      }
    }
    assertTrue(compared > 10_000_000, "values compared: " + compared);
  }

  @Test
  void prepareIsViewsThenTensors() {
    RgbImage image = PreprocessFixtures.image("1280x1024");
    ViewBuilder builder = new ViewBuilder(ViewSpec.of(ViewSpec.Family.DEEPSEEK_OCR, "gundam"));
    PreparedImage direct = builder.prepare(image.toBufferedImage());
    PreparedImage viaViews = builder.prepare(builder.views(image), 1280, 1024);
    assertEquals(new TileGrid(3, 2), direct.grid());
    assertEquals(1280, direct.imageWidth());
    assertEquals(1024, direct.imageHeight());
    assertArrayEquals(viaViews.globalView(), direct.globalView());
    assertArrayEquals(viaViews.tiles(), direct.tiles());
    assertArrayEquals(new long[] {1, 3, 1024, 1024}, direct.globalShape());
    assertArrayEquals(new long[] {6, 3, 640, 640}, direct.tilesShape());
  }

  @Test
  void specTokenCounts() {
    assertEquals(73, ViewSpec.of(ViewSpec.Family.DEEPSEEK_OCR, "tiny").imageTokens(TileGrid.NONE));
    assertEquals(111, ViewSpec.of(ViewSpec.Family.DEEPSEEK_OCR, "small").imageTokens(TileGrid.NONE));
    assertEquals(273, ViewSpec.of(ViewSpec.Family.DEEPSEEK_OCR, "base").imageTokens(TileGrid.NONE));
    assertEquals(421, ViewSpec.of(ViewSpec.Family.DEEPSEEK_OCR, "large").imageTokens(TileGrid.NONE));
    ViewSpec gundam = ViewSpec.of(ViewSpec.Family.DEEPSEEK_OCR, "gundam");
    assertEquals(273, gundam.imageTokens(TileGrid.NONE));
    assertEquals(903, gundam.imageTokens(new TileGrid(2, 3)));
    assertEquals(933, gundam.imageTokens(new TileGrid(1, 6)));
    assertEquals(1263, gundam.withMaxTiles(9).imageTokens(new TileGrid(1, 9)));
    ViewSpec ocr2 = ViewSpec.of(ViewSpec.Family.DEEPSEEK_OCR2, "gundam");
    assertEquals("default", ocr2.mode());
    assertEquals(257, ocr2.imageTokens(TileGrid.NONE));
    assertEquals(1121, ocr2.imageTokens(new TileGrid(3, 2)));
  }

  @Test
  void smallImagesAreNotTiled() {
    ViewBuilder v1 = new ViewBuilder(ViewSpec.of(ViewSpec.Family.DEEPSEEK_OCR, "gundam"));
    assertEquals(TileGrid.NONE, v1.tileGrid(640, 640));
    assertEquals(new TileGrid(2, 1), v1.tileGrid(641, 300));
    ViewBuilder v2 = new ViewBuilder(ViewSpec.of(ViewSpec.Family.DEEPSEEK_OCR2, "default"));
    assertEquals(TileGrid.NONE, v2.tileGrid(768, 700));
    assertEquals(new TileGrid(2, 2), v2.tileGrid(768, 769));
    ViewBuilder base = new ViewBuilder(ViewSpec.of(ViewSpec.Family.DEEPSEEK_OCR, "base"));
    assertEquals(TileGrid.NONE, base.tileGrid(5000, 300));
  }

  @Test
  void scaledDownGeometryForTestModels() {
    ViewSpec spec = ViewSpec.of(ViewSpec.Family.DEEPSEEK_OCR, "gundam").withGeometry(128, 64, 64, 4, 2);
    PreparedImage p = new ViewBuilder(spec).prepare(RgbImage.filled(300, 200, 1, 2, 3));
    assertEquals(new TileGrid(3, 2), p.grid());
    assertArrayEquals(new long[] {6, 3, 64, 64}, p.tilesShape());
    assertEquals(4 * 5 + 2 * 2 * (2 * 3 + 1) + 1, p.imageTokens());
  }

  @Test
  void extremeAspectRatiosStillGetAView() {
    // Pillow's ImageOps.pad fails here (the short side rounds to 0 px); we keep one pixel row
    RgbImage strip = RgbImage.filled(3000, 1, 0, 0, 0);
    PreparedImage p = new ViewBuilder(ViewSpec.of(ViewSpec.Family.DEEPSEEK_OCR, "base")).prepare(strip);
    assertEquals(3 * 1024 * 1024, p.globalView().length);
    assertEquals(ViewBuilder.normalise(0), p.globalView()[512 * 1024]);
    assertEquals(ViewBuilder.normalise(127), p.globalView()[0]);
  }

  private static ViewSpec spec(JsonNode c) {
    ViewSpec spec = ViewSpec.of(ViewSpec.Family.of(c.get("family").asText()), c.get("mode").asText())
        .withMaxTiles(c.get("max_tiles").asInt());
    JsonNode g = c.get("geometry");
    return g == null ? spec
        : spec.withGeometry(g.get(0).asInt(), g.get(1).asInt(), g.get(2).asInt(), g.get(3).asInt(), g.get(4).asInt());
  }
}
