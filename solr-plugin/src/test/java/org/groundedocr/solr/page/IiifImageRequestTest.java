package org.groundedocr.solr.page;

import org.apache.solr.SolrTestCase;
import org.groundedocr.model.Box;
import org.junit.Test;

public class IiifImageRequestTest extends SolrTestCase {

  private static PageImageRenderer.Spec parse(String region, String size, String rotation, String qf) {
    return IiifImageRequest.parse(region, size, rotation, qf, 1000, 1500);
  }

  @Test
  public void regions() {
    assertNull(parse("full", "max", "0", "default.jpg").crop());
    assertEquals(new Box(0, 250, 1000, 1250), parse("square", "max", "0", "default.jpg").crop());
    assertEquals(new Box(10, 20, 110, 70), parse("10,20,100,50", "max", "0", "default.jpg").crop());
    assertEquals(new Box(100, 150, 600, 900), parse("pct:10,10,50,50", "max", "0", "default.jpg").crop());
    // clipped at the page edge
    assertEquals(new Box(900, 1400, 1000, 1500), parse("900,1400,500,500", "max", "0", "default.jpg").crop());
    expectThrows(IllegalArgumentException.class, () -> parse("2000,0,10,10", "max", "0", "default.jpg"));
    expectThrows(IllegalArgumentException.class, () -> parse("0,0,0,10", "max", "0", "default.jpg"));
    expectThrows(IllegalArgumentException.class, () -> parse("a,b,c,d", "max", "0", "default.jpg"));
  }

  @Test
  public void sizes() {
    PageImageRenderer.Spec s = parse("full", "500,", "0", "default.jpg");
    assertEquals(500, s.width());
    assertEquals(0, s.height());
    assertArrayEquals(new int[] {500, 750}, PageImageRenderer.outputSize(1000, 1500, s));
    assertArrayEquals(new int[] {250, 375},
        PageImageRenderer.outputSize(1000, 1500, parse("full", "pct:25", "0", "default.jpg")));
    assertArrayEquals(new int[] {200, 300},
        PageImageRenderer.outputSize(1000, 1500, parse("full", "!400,300", "0", "default.jpg")));
    assertArrayEquals(new int[] {400, 300},
        PageImageRenderer.outputSize(1000, 1500, parse("full", "400,300", "0", "default.jpg")));
    assertArrayEquals(new int[] {2000, 3000},
        PageImageRenderer.outputSize(1000, 1500, parse("full", "^2000,", "0", "default.jpg")));
    IllegalArgumentException e = expectThrows(IllegalArgumentException.class,
        () -> parse("full", "2000,", "0", "default.jpg"));
    assertTrue(e.getMessage(), e.getMessage().contains("^"));
    expectThrows(IllegalArgumentException.class,
        () -> PageImageRenderer.outputSize(1000, 1500, parse("full", "^90000,", "0", "default.jpg")));
  }

  @Test
  public void rotationQualityFormat() {
    PageImageRenderer.Spec s = parse("full", "max", "!90", "gray.png");
    assertEquals(90, s.rotation());
    assertTrue(s.mirror());
    assertEquals("gray", s.quality());
    assertEquals("png", s.format());
    assertEquals("jpeg", parse("full", "max", "0", "color.jpg").format());
    assertEquals("default", parse("full", "max", "0", "color.jpg").quality());
    expectThrows(IllegalArgumentException.class, () -> parse("full", "max", "45", "default.jpg"));
    expectThrows(IllegalArgumentException.class, () -> parse("full", "max", "0", "sepia.jpg"));
    expectThrows(IllegalArgumentException.class, () -> parse("full", "max", "0", "default.tif"));
  }
}
