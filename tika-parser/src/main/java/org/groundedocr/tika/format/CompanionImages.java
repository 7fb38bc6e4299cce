package org.groundedocr.tika.format;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.groundedocr.image.ImageDecodingException;
import org.groundedocr.image.ImageLimits;
import org.groundedocr.image.PageImageReader;
import org.groundedocr.model.GroundedPage;

/**
 * Finds the scan an OCR file describes, so that imported pages get page images (highlights drawn
 * on them, the IIIF image service) as OCRed ones do: the image the file names (ALTO
 * {@code sourceImageInformation/fileName}, PAGE {@code @imageFilename}, hOCR {@code image}),
 * looked up beside the OCR file, then an image of the OCR file's own base name
 * ({@code p017.xml} → {@code p017.jpg}, {@code .png}, {@code .tif}, …) in the same folder.
 */
final class CompanionImages {

  private static final String[] EXTENSIONS = {".jpg", ".jpeg", ".png", ".tif", ".tiff", ".jp2", ".webp", ".bmp"};

  private CompanionImages() {}

  /** Candidate image files for an OCR file at {@code ocrFile} that names {@code namedImage}. */
  static List<Path> candidates(Path ocrFile, String resourceName, String namedImage) {
    List<Path> out = new ArrayList<>();
    if (ocrFile == null || ocrFile.getParent() == null) {
      return out;
    }
    Path dir = ocrFile.getParent();
    if (namedImage != null && !namedImage.isBlank() && !namedImage.contains("://")) {
      Path named = Path.of(namedImage);
      out.add(dir.resolve(namedImage));
      out.add(dir.resolve(named.getFileName().toString()));
      // OCR-D layout: OCR-D-GT-PAGE/x.xml names OCR-D-IMG/y.tif relative to the workspace
      if (dir.getParent() != null) {
        out.add(dir.getParent().resolve(namedImage));
      }
    }
    String own = resourceName != null && !resourceName.isBlank()
        ? Path.of(resourceName).getFileName().toString() : ocrFile.getFileName().toString();
    String base = stripOcrExtension(own);
    for (String ext : EXTENSIONS) {
      out.add(dir.resolve(base + ext));
      out.add(dir.resolve(base + ext.toUpperCase(Locale.ROOT)));
    }
    return out;
  }

  static String stripOcrExtension(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    for (String ext : new String[] {".alto.xml", ".page.xml", ".hocr.html", ".xml", ".hocr", ".html", ".xhtml"}) {
      if (lower.endsWith(ext)) {
        return name.substring(0, name.length() - ext.length());
      }
    }
    return name;
  }

  /** The first candidate that exists, decoded, scaled to the page's size when it differs. */
  static BufferedImage find(List<Path> candidates, GroundedPage page, long maxPixels)
      throws ImageDecodingException {
    for (Path c : candidates) {
      if (Files.isRegularFile(c)) {
        try (PageImageReader reader = PageImageReader.open(c, new ImageLimits(maxPixels))) {
          return toPageSize(reader.read(0), page);
        }
      }
    }
    return null;
  }

  /** The OCR file's coordinates are the truth: an image of another resolution is resized to them. */
  static BufferedImage toPageSize(BufferedImage image, GroundedPage page) {
    if (image.getWidth() == page.width() && image.getHeight() == page.height()) {
      return image;
    }
    BufferedImage out = new BufferedImage(page.width(), page.height(), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
      g.drawImage(image, 0, 0, page.width(), page.height(), null);
    } finally {
      g.dispose();
    }
    return out;
  }
}
