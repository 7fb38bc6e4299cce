package org.groundedocr.tesseract;

import com.sun.jna.Pointer;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.groundedocr.engine.OcrEngine;
import org.groundedocr.engine.OcrException;
import org.groundedocr.image.PageImages;
import org.groundedocr.model.GroundedPage;
import org.groundedocr.model.PageStats;
import org.groundedocr.model.Region;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tesseract 5 as an {@link OcrEngine}: Latin-script languages with their accents (é è ç ä ö ü ß
 * ñ œ € …) and Fraktur ({@code frk}), which the embedded PP-OCRv4 recogniser cannot produce (its
 * dictionary is Chinese and English). Tesseract's automatic page segmentation finds the lines and
 * their words; the regions and reading order come from the project's layout analysis ({@link
 * GroundedLayout}, option {@code layout=grounded}, the default) or from Tesseract's own blocks
 * ({@link TesseractLayout}, {@code layout=tesseract}).
 *
 * <p>Thread-safe: each page takes one initialised Tesseract from a {@link TessHandlePool}.
 */
public final class TesseractEngine implements OcrEngine {

  public static final String NAME = "tesseract";

  private static final Logger LOG = LoggerFactory.getLogger(TesseractEngine.class);

  private final TessCApi api;
  private final TesseractOptions options;
  private final TessHandlePool pool;
  private final String version;
  private final GroundedLayout grounded = new GroundedLayout();

  private TesseractEngine(TessCApi api, TesseractOptions options, TessHandlePool pool) {
    this.api = api;
    this.options = options;
    this.pool = pool;
    this.version = api.TessVersion();
  }

  /**
   * Loads libtesseract, checks the language data and initialises the first Tesseract; fails with
   * the package to install when the library or a language is missing.
   */
  public static TesseractEngine create(TesseractOptions options) throws OcrException {
    TessCApi api = TesseractLibrary.load(options.library());
    Path tessdata = Tessdata.resolve(options.tessdata(), options.lang());
    Tessdata.checkLanguages(tessdata, options.lang());
    TesseractEngine engine =
        new TesseractEngine(api, options, new TessHandlePool(api, tessdata, options));
    LOG.info("tesseract {} ready: lang={} psm={} layout={} tessdata={}", engine.version,
        options.lang(), options.psm(), options.layout().value(), tessdata);
    return engine;
  }

  @Override
  public String name() {
    return NAME;
  }

  public TesseractOptions options() {
    return options;
  }

  /** The loaded library's version, e.g. {@code 5.3.0}. */
  public String version() {
    return version;
  }

  @Override
  public GroundedPage recognize(BufferedImage image, int pageNumber) throws OcrException {
    Objects.requireNonNull(image, "image");
    if (pageNumber < 1) {
      throw new IllegalArgumentException("page numbers are 1-based, got " + pageNumber);
    }
    long start = System.nanoTime();
    Pixels pixels = Pixels.of(image);
    Pointer h;
    try {
      h = pool.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OcrException("tesseract: page " + pageNumber + ": interrupted", e);
    }
    TesseractLayout.Found found;
    try {
      api.TessBaseAPISetImage(h, pixels.data(), pixels.width(), pixels.height(),
          pixels.bytesPerPixel(), pixels.bytesPerLine());
      // the option wins, else what the file declares (as Tesseract's command line reads it),
      // else Tesseract estimates it from the text
      int dpi = options.dpi() > 0 ? options.dpi() : PageImages.resolution(image);
      if (dpi > 0) {
        api.TessBaseAPISetSourceResolution(h, dpi);
      }
      if (api.TessBaseAPIRecognize(h, null) != 0) {
        throw new OcrException("tesseract: page " + pageNumber + " (" + image.getWidth() + "x"
            + image.getHeight() + "): recognition failed");
      }
      found = TesseractLayout.read(api, api.TessBaseAPIGetIterator(h));
    } finally {
      // drops the page's image and results; the language models stay loaded
      api.TessBaseAPIClear(h);
      pool.release(h);
    }
    // laid out after the Tesseract is back in the pool: the analysis does not need it
    List<Region> regions = options.layout() == TesseractOptions.Layout.GROUNDED
        ? grounded.regions(found.lines(), image)
        : found.regions();
    long millis = (System.nanoTime() - start) / 1_000_000;
    return new GroundedPage(pageNumber, image.getWidth(), image.getHeight(), regions,
        PageStats.of(NAME, options.mode(), millis));
  }

  @Override
  public void close() {
    pool.close();
  }

  /** Pixels in a layout Tesseract takes: 8-bit grey, or 8-bit RGB for anything else. */
  record Pixels(byte[] data, int width, int height, int bytesPerPixel) {
    int bytesPerLine() {
      return width * bytesPerPixel;
    }

    static Pixels of(BufferedImage image) {
      int w = image.getWidth();
      int h = image.getHeight();
      if (image.getType() == BufferedImage.TYPE_BYTE_GRAY
          && image.getRaster().getDataBuffer() instanceof DataBufferByte db
          && db.getNumBanks() == 1 && db.getData().length == w * h
          && image.getRaster().getParent() == null) {
        return new Pixels(db.getData(), w, h, 1);
      }
      byte[] rgb = new byte[w * h * 3];
      boolean plain = image.getRaster().getParent() == null
          && image.getRaster().getDataBuffer().getNumBanks() == 1;
      if (plain && image.getType() == BufferedImage.TYPE_3BYTE_BGR
          && image.getRaster().getDataBuffer() instanceof DataBufferByte db
          && db.getData().length == rgb.length) {
        // the layout PageImages gives colour JPEGs: swap to RGB without a per-pixel colour model
        byte[] bgr = db.getData();
        for (int i = 0; i < rgb.length; i += 3) {
          rgb[i] = bgr[i + 2];
          rgb[i + 1] = bgr[i + 1];
          rgb[i + 2] = bgr[i];
        }
        return new Pixels(rgb, w, h, 3);
      }
      if (plain && image.getType() == BufferedImage.TYPE_INT_RGB
          && image.getRaster().getDataBuffer() instanceof DataBufferInt di
          && di.getData().length == w * h) {
        int[] px = di.getData();
        for (int i = 0, o = 0; i < px.length; i++) {
          rgb[o++] = (byte) (px[i] >> 16);
          rgb[o++] = (byte) (px[i] >> 8);
          rgb[o++] = (byte) px[i];
        }
        return new Pixels(rgb, w, h, 3);
      }
      int[] row = new int[w];
      int o = 0;
      for (int y = 0; y < h; y++) {
        image.getRGB(0, y, w, 1, row, 0, w);
        for (int x = 0; x < w; x++) {
          int p = row[x];
          rgb[o++] = (byte) (p >> 16);
          rgb[o++] = (byte) (p >> 8);
          rgb[o++] = (byte) p;
        }
      }
      return new Pixels(rgb, w, h, 3);
    }
  }
}
