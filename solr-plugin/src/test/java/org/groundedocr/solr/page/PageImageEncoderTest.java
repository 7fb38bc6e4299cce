package org.groundedocr.solr.page;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import javax.imageio.ImageIO;
import org.apache.solr.SolrTestCase;
import org.junit.Test;

public class PageImageEncoderTest extends SolrTestCase {

  private static BufferedImage page(int type, int w, int h) {
    BufferedImage img = new BufferedImage(w, h, type);
    Graphics2D g = img.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, w, h);
    g.setColor(Color.BLACK);
    g.fillRect(w / 4, h / 4, w / 2, h / 20);
    g.dispose();
    return img;
  }

  @Test
  public void bilevelScansBecomePngOthersJpeg() throws Exception {
    PageImageEncoder auto = new PageImageEncoder(PageImageEncoder.Format.AUTO, 0.85f, 0);
    PageImageEncoder.Encoded bw = auto.encode(page(BufferedImage.TYPE_BYTE_BINARY, 800, 1100));
    assertEquals("image/png", bw.mimeType());
    PageImageEncoder.Encoded gray = auto.encode(page(BufferedImage.TYPE_BYTE_GRAY, 800, 1100));
    assertEquals("image/jpeg", gray.mimeType());
    BufferedImage back = ImageIO.read(new ByteArrayInputStream(gray.bytes()));
    assertEquals(800, back.getWidth());
    assertEquals(1100, back.getHeight());
  }

  @Test
  public void largePagesAreScaledToTheMaximumSide() throws Exception {
    PageImageEncoder enc = new PageImageEncoder(PageImageEncoder.Format.JPEG, 0.8f, 1000);
    PageImageEncoder.Encoded e = enc.encode(page(BufferedImage.TYPE_INT_RGB, 2480, 3508));
    assertEquals(1000, e.height());
    assertEquals(Math.round(2480 * 1000 / 3508.0), e.width());
    BufferedImage back = ImageIO.read(new ByteArrayInputStream(e.bytes()));
    assertEquals(e.width(), back.getWidth());
    // the black bar survives the scaling: dark in the middle of where it was
    int rgb = back.getRGB(back.getWidth() / 2, (int) (back.getHeight() * (0.25 + 0.025)));
    assertTrue(Integer.toHexString(rgb), (rgb & 0xff) < 80);
  }

  @Test
  public void badSettingsAreRejected() {
    expectThrows(IllegalArgumentException.class, () -> new PageImageEncoder(PageImageEncoder.Format.AUTO, 0, 0));
    expectThrows(IllegalArgumentException.class, () -> new PageImageEncoder(PageImageEncoder.Format.AUTO, 0.5f, -1));
    IllegalArgumentException e = expectThrows(IllegalArgumentException.class, () -> PageImageEncoder.Format.parse("gif"));
    assertTrue(e.getMessage().contains("gif"));
  }
}
