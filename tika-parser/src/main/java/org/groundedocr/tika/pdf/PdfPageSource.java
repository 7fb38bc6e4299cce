package org.groundedocr.tika.pdf;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Calendar;
import java.util.List;
import java.util.Locale;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSObject;
import org.apache.pdfbox.pdmodel.DefaultResourceCache;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.graphics.PDXObject;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.PDF;
import org.apache.tika.metadata.TikaCoreProperties;
import org.groundedocr.image.PageImages;
import org.groundedocr.model.Region;
import org.groundedocr.tika.OcrStrategy;
import org.groundedocr.tika.PageInput;
import org.groundedocr.tika.PageSource;
import org.groundedocr.tika.PageTooLargeException;

/**
 * A PDF's pages through PDFBox (the version Tika ships), one at a time: the text layer with
 * boxes, the {@link OcrStrategy} decision, and rendering at the configured DPI only for pages that
 * need it. Nothing of a page outlives its {@link #read}: rendered images go to the caller, and
 * image XObjects are kept out of PDFBox's resource cache so a 200-page scan does not accumulate
 * decoded scans.
 */
public final class PdfPageSource implements PageSource {

  private final PDDocument document;
  private final PDFRenderer renderer;
  private final TextLayerReader textLayer;
  private final int dpi;
  private final OcrStrategy strategy;
  private final int minTextChars;
  private final long maxPixels;

  private PdfPageSource(
      PDDocument document, int dpi, OcrStrategy strategy, int minTextChars, long maxPixels)
      throws IOException {
    this.document = document;
    this.dpi = dpi;
    this.strategy = strategy;
    this.minTextChars = minTextChars;
    this.maxPixels = maxPixels;
    document.setResourceCache(new NoImagesResourceCache());
    this.renderer = new PDFRenderer(document);
    this.textLayer = new TextLayerReader();
  }

  /**
   * Opens {@code file}. Throws PDFBox's {@code InvalidPasswordException} when the document is
   * encrypted and {@code password} does not open it, an {@code IOException} when it is not a
   * readable PDF.
   */
  public static PdfPageSource open(
      Path file, String password, int dpi, OcrStrategy strategy, int minTextChars, long maxPixels)
      throws IOException {
    PDDocument doc = Loader.loadPDF(file.toFile(), password == null ? "" : password);
    try {
      return new PdfPageSource(doc, dpi, strategy, minTextChars, maxPixels);
    } catch (IOException | RuntimeException e) {
      doc.close();
      throw e;
    }
  }

  @Override
  public int pageCount() {
    return document.getNumberOfPages();
  }

  /** Tika's standard PDF keys that cost nothing to read: version, encryption, the info dictionary. */
  public void describe(Metadata metadata) {
    float version = document.getVersion();
    metadata.set(PDF.PDF_VERSION, String.format(Locale.ROOT, "%.1f", version));
    metadata.set(TikaCoreProperties.FORMAT, String.format(Locale.ROOT, "application/pdf; version=%.1f", version));
    metadata.set(PDF.IS_ENCRYPTED, Boolean.toString(document.isEncrypted()));
    PDDocumentInformation info = document.getDocumentInformation();
    if (info == null) {
      return;
    }
    setIfPresent(metadata, TikaCoreProperties.TITLE, info.getTitle());
    setIfPresent(metadata, TikaCoreProperties.CREATOR, info.getAuthor());
    setIfPresent(metadata, TikaCoreProperties.CREATOR_TOOL, info.getCreator());
    setIfPresent(metadata, PDF.PRODUCER, info.getProducer());
    setIfPresent(metadata, TikaCoreProperties.SUBJECT, info.getSubject());
    setIfPresent(metadata, TikaCoreProperties.CREATED, info.getCreationDate());
    setIfPresent(metadata, TikaCoreProperties.MODIFIED, info.getModificationDate());
  }

  @Override
  public PageInput read(int pageNumber, boolean wantImage) throws IOException {
    PDPage page = document.getPage(pageNumber - 1);
    PagePixels pixels = PagePixels.of(page, dpi);

    List<Region> textRegions = null;
    String ocrReason = "";
    if (strategy != OcrStrategy.OCR_ONLY) {
      TextLayerReader.Page text = textLayer.read(document, pageNumber, pixels);
      if (strategy == OcrStrategy.NO_OCR) {
        textRegions = text.regions();
      } else {
        double coverage =
            TextLayerQuality.needsImageCoverage(text.counts()) ? PageSurvey.of(page).imageCoverage() : -1;
        ocrReason = TextLayerQuality.reasonToOcr(text.counts(), minTextChars, coverage);
        if (ocrReason == null) {
          textRegions = text.regions();
          ocrReason = "";
        }
      }
    } else {
      ocrReason = "ocr_only";
    }

    BufferedImage image = null;
    if (textRegions == null) {
      image = render(page, pageNumber, pixels);
    } else if (wantImage) {
      // the text layer was read; the image is only kept (never OCRed): a page too large to
      // render at full DPI is kept scaled down instead of failing the document (issue 16)
      image = pixels.pixels() > maxPixels ? renderToFit(page, pageNumber, pixels) : render(page, pageNumber, pixels);
    }
    return new PageInput(
        pageNumber, pixels.width(), pixels.height(), image, textRegions, PageInput.TEXT_LAYER, ocrReason);
  }

  private BufferedImage render(PDPage page, int pageNumber, PagePixels pixels) throws IOException {
    if (pixels.pixels() > maxPixels) {
      throw new PageTooLargeException(
          String.format(
              Locale.ROOT,
              "page %d is %d x %d pixels at %d dpi, over the limit of %d pixels",
              pageNumber, pixels.width(), pixels.height(), dpi, maxPixels));
    }
    refuseOversizedImages(page, pageNumber);
    BufferedImage image = renderer.renderImageWithDPI(pageNumber - 1, dpi, ImageType.RGB);
    if (image.getWidth() != pixels.width() || image.getHeight() != pixels.height()) {
      // PagePixels mirrors PDFRenderer's arithmetic; if a PDFBox upgrade changes it, say so
      throw new IOException(
          "page " + pageNumber + " rendered at " + image.getWidth() + "x" + image.getHeight()
              + ", expected " + pixels.width() + "x" + pixels.height());
    }
    // the rendering resolution is known exactly; engines tuned in inches (tesseract) use it
    return PageImages.withResolution(image, dpi);
  }

  /** Fails when the page draws an image over the pixel limit, before anything is decoded. */
  private void refuseOversizedImages(PDPage page, int pageNumber) throws IOException {
    PageSurvey.Result survey = PageSurvey.of(page);
    if (survey.largestImagePixels() > maxPixels) {
      throw new PageTooLargeException(
          String.format(
              Locale.ROOT,
              "page %d draws an image of %d pixels, over the limit of %d pixels (decompression bomb?)",
              pageNumber, survey.largestImagePixels(), maxPixels));
    }
  }

  /** Pixel budget of a page image rendered only to be kept (its text came from the text layer). */
  static final long KEEP_ONLY_MAX_PIXELS = 4096L * 4096L;

  /** The page at the largest scale whose image stays within {@code maxPixels} (and {@link #KEEP_ONLY_MAX_PIXELS}). */
  private BufferedImage renderToFit(PDPage page, int pageNumber, PagePixels pixels) throws IOException {
    refuseOversizedImages(page, pageNumber);
    // kept images are scaled down again by their store; 16 M pixels is plenty and bounds the heap
    long budget = Math.min(maxPixels, KEEP_ONLY_MAX_PIXELS);
    double shrink = Math.sqrt(budget / (double) pixels.pixels()) * 0.999;
    return renderer.renderImage(pageNumber - 1, (float) (dpi / 72.0 * shrink), ImageType.RGB);
  }

  @Override
  public void close() throws IOException {
    document.close();
  }

  private static void setIfPresent(Metadata metadata, org.apache.tika.metadata.Property key, String value) {
    if (value != null && !value.isBlank()) {
      metadata.set(key, value.strip());
    }
  }

  private static void setIfPresent(Metadata metadata, org.apache.tika.metadata.Property key, Calendar value) {
    if (value != null) {
      metadata.set(key, value);
    }
  }

  /**
   * PDFBox's cache keeps image XObjects (soft references, but large) for reuse across pages; a
   * scanned PDF never reuses its page images, so caching them only costs memory.
   */
  private static final class NoImagesResourceCache extends DefaultResourceCache {
    @Override
    public void put(COSObject indirect, PDXObject xobject) {
      if (!(xobject instanceof PDImageXObject)) {
        super.put(indirect, xobject);
      }
    }
  }
}
