package org.groundedocr.solr.page;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.AffineTransform;
import java.awt.image.AffineTransformOp;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import javax.imageio.ImageIO;
import org.groundedocr.model.Box;

/**
 * Cuts, scales, turns and re-encodes a stored page image for one {@code /page} or IIIF request. All
 * coordinates are in page pixels (the space of the OCR boxes) and are mapped onto the stored image,
 * which may have been scaled down at ingestion.
 */
final class PageImageRenderer {

  /** Largest side of an image this renderer returns: a guard against absurd sizes. */
  static final int MAX_OUTPUT_SIDE = 8192;

  /**
   * Default pixel budget of one output image (4096 x 4096): with the working copies a render
   * makes, about 300 MB of heap at the most per request, times the concurrent renders allowed.
   */
  static final long DEFAULT_MAX_OUTPUT_PIXELS = 4096L * 4096L;

  /** What to produce. */
  record Spec(Box crop, int width, int height, boolean confined, boolean upscale, int rotation,
      boolean mirror, String quality, String format, float jpegQuality, List<Box> marks) {}

  private PageImageRenderer() {}

  /** Full page, stored format, no change: the stored bytes as they are. */
  static boolean isUnchanged(StoredPage page, Spec spec) {
    return spec.crop() == null && spec.width() <= 0 && spec.height() <= 0 && spec.rotation() == 0
        && !spec.mirror() && "default".equals(spec.quality()) && spec.marks().isEmpty()
        && page.mimeType().equals(mimeType(spec.format()));
  }

  static String mimeType(String format) {
    return "png".equals(format) ? "image/png" : "image/jpeg";
  }

  static byte[] render(StoredPage page, Spec spec) throws IOException {
    return render(page, spec, DEFAULT_MAX_OUTPUT_PIXELS);
  }

  static byte[] render(StoredPage page, Spec spec, long maxPixels) throws IOException {
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(page.image()));
    if (image == null) {
      throw new IOException("the stored page image cannot be decoded");
    }
    double sx = image.getWidth() / (double) page.pageWidth();
    double sy = image.getHeight() / (double) page.pageHeight();
    Box crop = spec.crop() == null ? new Box(0, 0, page.pageWidth(), page.pageHeight()) : spec.crop();
    int x1 = clamp((int) Math.floor(crop.x1() * sx), image.getWidth());
    int y1 = clamp((int) Math.floor(crop.y1() * sy), image.getHeight());
    int x2 = clamp((int) Math.ceil(crop.x2() * sx), image.getWidth());
    int y2 = clamp((int) Math.ceil(crop.y2() * sy), image.getHeight());
    if (x2 <= x1 || y2 <= y1) {
      throw new IllegalArgumentException("the requested area " + crop + " lies outside the "
          + page.pageWidth() + "x" + page.pageHeight() + " page");
    }
    BufferedImage out = PageImageEncoder.toRgbOrGray(image.getSubimage(x1, y1, x2 - x1, y2 - y1));
    if (!spec.marks().isEmpty()) {
      out = copy(out);
      Graphics2D g = out.createGraphics();
      try {
        g.setStroke(new BasicStroke(Math.max(2f, out.getWidth() / 400f)));
        for (Box m : spec.marks()) {
          int mx = (int) Math.round(m.x1() * sx) - x1;
          int my = (int) Math.round(m.y1() * sy) - y1;
          int mw = (int) Math.round(m.width() * sx);
          int mh = (int) Math.round(m.height() * sy);
          g.setColor(new Color(255, 200, 0, 90));
          g.fillRect(mx, my, mw, mh);
          g.setColor(new Color(230, 120, 0));
          g.drawRect(mx, my, mw, mh);
        }
      } finally {
        g.dispose();
      }
    }
    int[] size = outputSize(out.getWidth(), out.getHeight(), spec, maxPixels);
    if (size[0] != out.getWidth() || size[1] != out.getHeight()) {
      out = size[0] < out.getWidth() ? PageImageEncoder.scale(out, size[0], size[1]) : enlarge(out, size[0], size[1]);
    }
    if (spec.mirror()) {
      AffineTransform t = AffineTransform.getScaleInstance(-1, 1);
      t.translate(-out.getWidth(), 0);
      out = new AffineTransformOp(t, AffineTransformOp.TYPE_NEAREST_NEIGHBOR).filter(out, null);
    }
    if (spec.rotation() != 0) {
      out = rotate(out, spec.rotation());
    }
    out = switch (spec.quality()) {
      case "gray" -> gray(out);
      case "bitonal" -> bitonal(out);
      default -> out;
    };
    return "png".equals(spec.format()) ? PageImageEncoder.png(out).bytes()
        : PageImageEncoder.jpeg(out, spec.jpegQuality()).bytes();
  }

  /** The output size for a {@code w × h} cut: width/height as given, aspect kept when one is 0. */
  static int[] outputSize(int w, int h, Spec spec) {
    return outputSize(w, h, spec, DEFAULT_MAX_OUTPUT_PIXELS);
  }

  /** As above, refusing an output over {@code maxPixels} (IIIF {@code maxArea}). */
  static int[] outputSize(int w, int h, Spec spec, long maxPixels) {
    int tw = spec.width();
    int th = spec.height();
    int ow;
    int oh;
    if (tw <= 0 && th <= 0) {
      ow = w;
      oh = h;
    } else if (spec.confined()) {
      double s = Math.min(tw > 0 ? tw / (double) w : Double.MAX_VALUE, th > 0 ? th / (double) h : Double.MAX_VALUE);
      ow = (int) Math.round(w * s);
      oh = (int) Math.round(h * s);
    } else if (tw > 0 && th > 0) {
      ow = tw;
      oh = th;
    } else if (tw > 0) {
      ow = tw;
      oh = (int) Math.round(h * (tw / (double) w));
    } else {
      oh = th;
      ow = (int) Math.round(w * (th / (double) h));
    }
    ow = Math.max(1, ow);
    oh = Math.max(1, oh);
    if (!spec.upscale() && (ow > w || oh > h)) {
      ow = w;
      oh = h;
    }
    if (ow > MAX_OUTPUT_SIDE || oh > MAX_OUTPUT_SIDE) {
      throw new IllegalArgumentException("requested size " + ow + "x" + oh + " is over the limit of "
          + MAX_OUTPUT_SIDE + " pixels a side");
    }
    if ((long) ow * oh > maxPixels) {
      throw new IllegalArgumentException("requested size " + ow + "x" + oh + " (" + ((long) ow * oh)
          + " pixels) is over this server's limit of " + maxPixels + " pixels per image; ask for a smaller size");
    }
    return new int[] {ow, oh};
  }

  private static BufferedImage copy(BufferedImage src) {
    BufferedImage out = new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.drawImage(src, 0, 0, null);
    g.dispose();
    return out;
  }

  private static BufferedImage enlarge(BufferedImage src, int w, int h) {
    BufferedImage out = new BufferedImage(w, h, src.getType());
    Graphics2D g = out.createGraphics();
    try {
      g.setRenderingHint(java.awt.RenderingHints.KEY_INTERPOLATION,
          java.awt.RenderingHints.VALUE_INTERPOLATION_BICUBIC);
      g.drawImage(src, 0, 0, w, h, null);
    } finally {
      g.dispose();
    }
    return out;
  }

  private static BufferedImage rotate(BufferedImage src, int degrees) {
    boolean quarter = degrees == 90 || degrees == 270;
    int w = quarter ? src.getHeight() : src.getWidth();
    int h = quarter ? src.getWidth() : src.getHeight();
    BufferedImage out = new BufferedImage(w, h, src.getType());
    Graphics2D g = out.createGraphics();
    try {
      g.translate(w / 2.0, h / 2.0);
      g.rotate(Math.toRadians(degrees));
      g.translate(-src.getWidth() / 2.0, -src.getHeight() / 2.0);
      g.drawImage(src, 0, 0, null);
    } finally {
      g.dispose();
    }
    return out;
  }

  private static BufferedImage gray(BufferedImage src) {
    if (src.getType() == BufferedImage.TYPE_BYTE_GRAY) {
      return src;
    }
    BufferedImage out = new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
    Graphics2D g = out.createGraphics();
    g.drawImage(src, 0, 0, null);
    g.dispose();
    return out;
  }

  private static BufferedImage bitonal(BufferedImage src) {
    BufferedImage g = gray(src);
    BufferedImage out = new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
    var in = g.getRaster();
    var o = out.getRaster();
    for (int y = 0; y < g.getHeight(); y++) {
      for (int x = 0; x < g.getWidth(); x++) {
        o.setSample(x, y, 0, in.getSample(x, y, 0) < 128 ? 0 : 255);
      }
    }
    return out;
  }

  private static int clamp(int v, int max) {
    return Math.max(0, Math.min(v, max));
  }
}
