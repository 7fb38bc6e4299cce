package org.groundedocr.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;
import org.junit.jupiter.api.Test;

/** The resolution a file declares reaches the decoded page as {@link PageImages#RESOLUTION_PROPERTY}. */
class PageResolutionTest {

  @Test
  void declaredResolutionTravelsWithThePage() throws Exception {
    try (PageImageReader r = PageImageReader.open(png(400), "scan.png", ImageLimits.DEFAULT)) {
      BufferedImage page = r.read(0);
      assertEquals(400, PageImages.resolution(page));
      assertTrue(PageImages.isNormalised(page), "still one of the engines' layouts: " + page);
    }
  }

  @Test
  void noDeclaredResolutionIsZero() throws Exception {
    try (PageImageReader r = PageImageReader.open(png(0), "scan.png", ImageLimits.DEFAULT)) {
      assertEquals(0, PageImages.resolution(r.read(0)));
    }
  }

  private static byte[] png(int dpi) throws Exception {
    BufferedImage img = new BufferedImage(40, 30, BufferedImage.TYPE_BYTE_GRAY);
    ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
    IIOMetadata metadata = writer.getDefaultImageMetadata(
        ImageTypeSpecifier.createFromRenderedImage(img), writer.getDefaultWriteParam());
    if (dpi > 0) {
      // the PNG's own pHYs chunk: the JDK writer misreads the standard tree's pixel size
      IIOMetadataNode phys = new IIOMetadataNode("pHYs");
      String perMetre = Long.toString(Math.round(dpi / 0.0254));
      phys.setAttribute("pixelsPerUnitXAxis", perMetre);
      phys.setAttribute("pixelsPerUnitYAxis", perMetre);
      phys.setAttribute("unitSpecifier", "meter");
      IIOMetadataNode root = new IIOMetadataNode("javax_imageio_png_1.0");
      root.appendChild(phys);
      metadata.mergeTree("javax_imageio_png_1.0", root);
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
      writer.setOutput(out);
      writer.write(new IIOImage(img, null, metadata));
    }
    writer.dispose();
    return bytes.toByteArray();
  }
}
