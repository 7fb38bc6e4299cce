package org.groundedocr.tika;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.tika.exception.TikaException;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.PagedText;
import org.apache.tika.metadata.Property;
import org.apache.tika.metadata.TikaCoreProperties;
import org.groundedocr.engine.OcrEngine;
import org.groundedocr.engine.OcrException;
import org.groundedocr.grounding.GroundedJson;
import org.groundedocr.grounding.GroundingWriter;
import org.groundedocr.model.GroundedDocument;
import org.groundedocr.model.GroundedPage;
import org.groundedocr.model.PageStats;
import org.groundedocr.tika.xhtml.GroundedXhtml;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xml.sax.SAXException;

/**
 * One document's parse: its pages in order, each read, OCRed when it needs it, written as XHTML
 * and recorded for the metadata. A page that fails (unreadable, over the pixel limit, engine error,
 * timeout) is reported and the next page is read; only the handler refusing output, the page image
 * sink failing, or the engine not being creatable ends the document early.
 */
final class DocumentRun {

  private static final Logger LOG = LoggerFactory.getLogger(DocumentRun.class);

  /** Stats engine name of pages read from a PDF's text layer. */
  static final String TEXT_LAYER_ENGINE = "pdf-text";

  private final GroundedOcrConfig config;
  private final EngineCache engines;
  /** An engine the caller supplied for this parse (ParseContext), used instead of the cache's. */
  private final OcrEngine suppliedEngine;
  private final PageImageSink sink;
  private final GroundedXhtml out;
  private final Metadata metadata;
  private final String resourceName;

  private final List<GroundedPage> pages = new ArrayList<>();
  private final List<String> sources = new ArrayList<>();
  private final List<Long> pageMillis = new ArrayList<>();
  private final List<Long> ocrMillis = new ArrayList<>();
  private final List<Integer> failedPages = new ArrayList<>();
  private final List<String> failedReasons = new ArrayList<>();
  private int skippedPages;

  DocumentRun(
      GroundedOcrConfig config,
      EngineCache engines,
      OcrEngine suppliedEngine,
      PageImageSink sink,
      GroundedXhtml out,
      Metadata metadata,
      String resourceName) {
    this.config = config;
    this.engines = engines;
    this.suppliedEngine = suppliedEngine;
    this.sink = sink;
    this.out = out;
    this.metadata = metadata;
    this.resourceName = resourceName == null ? "" : resourceName;
  }

  void run(PageSource source) throws IOException, SAXException, TikaException {
    long start = System.nanoTime();
    try (PageRunner runner = new PageRunner(config.getPageTimeoutSeconds())) {
      int total = source.pageCount();
      metadata.set(PagedText.N_PAGES, total);
      int first = config.getFirstPage();
      int last = config.lastPageOf(total);
      if (first <= last && last - first + 1 > config.getMaxPages()) {
        skippedPages = last - first + 1 - config.getMaxPages();
        last = first + config.getMaxPages() - 1;
        LOG.warn("{}: reading pages {}..{}, {} more left out by maxPages={}",
            resourceName, first, last, skippedPages, config.getMaxPages());
      }
      String abandoned = null;
      for (int n = first; n <= last; n++) {
        if (abandoned != null) {
          fail(n, abandoned);
          continue;
        }
        abandoned = page(source, runner, n);
      }
      if (pages.isEmpty() && !failedPages.isEmpty()) {
        // nothing was read: that is a failed document, not an empty one
        throw new TikaException(
            (failedPages.size() == 1 ? "the page could not be read" : "none of the " + failedPages.size() + " pages could be read")
                + "; page " + failedPages.get(0) + ": " + failedReasons.get(0));
      }
    } finally {
      writeMetadata(System.nanoTime() - start);
    }
  }

  /**
   * Reads, OCRs and writes page {@code n}.
   *
   * @return non-null when the document cannot be read any further (a page read timed out while
   *     the reader was still busy with the document): the reason the remaining pages fail with
   */
  private String page(PageSource source, PageRunner runner, int n)
      throws SAXException, TikaException {
    long pageStart = System.nanoTime();
    long deadline = runner.deadlineFromNow();
    PageInput in;
    try {
      in = runner.call(() -> source.read(n, sink != null), deadline);
    } catch (PageRunner.PageTimeoutException e) {
      // the reader (PDFBox, ImageIO) may still be inside the document on the abandoned thread;
      // touching it again from here is not safe, so the rest of the document is given up
      String reason = "reading the page timed out after " + runner.timeoutSeconds() + " s";
      fail(n, reason);
      return "not read: reading page " + n + " timed out and the document could not be read safely any further";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TikaException("interrupted while reading page " + n, e);
    } catch (Exception | OutOfMemoryError e) {
      fail(n, describe(e));
      return null;
    }

    BufferedImage image = in.image();
    if (sink != null && image != null) {
      try {
        sink.accept(n, image, in.width(), in.height());
      } catch (IOException | RuntimeException e) {
        throw new TikaException("the page image sink failed on page " + n + ": " + e.getMessage(), e);
      }
    }

    GroundedPage page;
    long ocrNanos = 0;
    if (in.needsOcr()) {
      OcrEngine engine;
      try {
        engine = suppliedEngine != null ? suppliedEngine : engines.get(config.engineConfig());
      } catch (OcrException | RuntimeException e) {
        throw new TikaException(
            "cannot create OCR engine '" + config.getEngine() + "': " + e.getMessage(), e);
      }
      long ocrStart = System.nanoTime();
      try {
        page = runner.call(() -> engine.recognize(image, n), deadline);
      } catch (PageRunner.PageTimeoutException e) {
        fail(n, "OCR timed out after " + runner.timeoutSeconds() + " s");
        return null;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new TikaException("interrupted while reading page " + n, e);
      } catch (Exception | OutOfMemoryError e) {
        fail(n, "OCR failed: " + describe(e));
        return null;
      }
      ocrNanos = System.nanoTime() - ocrStart;
      if (page.page() != n) {
        page = page.withPage(n);
      }
      if (page.width() != in.width() || page.height() != in.height()) {
        fail(n, "OCR engine '" + engine.name() + "' returned a " + page.width() + "x" + page.height()
            + " page for a " + in.width() + "x" + in.height() + " image");
        return null;
      }
    } else {
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - pageStart);
      String engineName = PageInput.TEXT_LAYER.equals(in.source()) ? TEXT_LAYER_ENGINE : "";
      page = new GroundedPage(n, in.width(), in.height(), in.textRegions(),
          new PageStats(engineName, "", 0, 0, millis, true));
    }

    out.page(page, in.source());
    pages.add(page);
    sources.add(in.source());
    pageMillis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - pageStart));
    ocrMillis.add(TimeUnit.NANOSECONDS.toMillis(ocrNanos));
    return null;
  }

  private void fail(int n, String reason) throws SAXException {
    LOG.warn("{}: page {} failed: {}", resourceName, n, reason);
    failedPages.add(n);
    failedReasons.add(reason);
    metadata.add(TikaCoreProperties.TIKA_META_EXCEPTION_WARNING, "page " + n + ": " + reason);
    out.failedPage(n, reason);
  }

  static String describe(Throwable e) {
    String m = e.getMessage();
    if (e instanceof OutOfMemoryError) {
      return "out of memory reading the page";
    }
    if (m == null || m.isBlank()) {
      return e.getClass().getSimpleName();
    }
    return m;
  }

  private void writeMetadata(long nanos) {
    metadata.set(GroundedOcrMetadata.ENGINE, engineName());
    // the engine's mode option where it has one (deepseek), else what the pages report
    String mode = config.getEngineOptions().getOrDefault("mode", "");
    if (mode.isEmpty()) {
      mode = pages.stream()
          .map(p -> p.stats().mode())
          .filter(m -> !m.isEmpty())
          .findFirst()
          .orElse("");
    }
    if (!mode.isEmpty()) {
      metadata.set(GroundedOcrMetadata.MODE, mode);
    }
    metadata.set(GroundedOcrMetadata.DPI, config.getDpi());
    metadata.set(GroundedOcrMetadata.OCR_STRATEGY, config.getOcrStrategy().configName());
    metadata.set(GroundedOcrMetadata.PAGE_COUNT, pages.size());
    metadata.set(
        GroundedOcrMetadata.OCR_PAGE_COUNT,
        (int) sources.stream().filter(PageInput.OCR::equals).count());
    if (skippedPages > 0) {
      metadata.set(GroundedOcrMetadata.PAGES_SKIPPED, skippedPages);
    }
    set(GroundedOcrMetadata.PAGE_NUMBERS, pages, p -> Integer.toString(p.page()));
    setAll(GroundedOcrMetadata.PAGE_SOURCE, sources.toArray(String[]::new));
    set(GroundedOcrMetadata.PAGE_WIDTH, pages, p -> Integer.toString(p.width()));
    set(GroundedOcrMetadata.PAGE_HEIGHT, pages, p -> Integer.toString(p.height()));
    set(GroundedOcrMetadata.REGION_COUNT, pages, p -> Integer.toString(p.regions().size()));
    set(GroundedOcrMetadata.FINISHED, pages, p -> Boolean.toString(p.stats().finished()));
    set(GroundedOcrMetadata.VISION_TOKENS, pages, p -> Integer.toString(p.stats().visionTokens()));
    set(GroundedOcrMetadata.TEXT_TOKENS, pages, p -> Integer.toString(p.stats().generatedTokens()));
    setAll(GroundedOcrMetadata.PAGE_MILLIS, pageMillis.stream().map(String::valueOf).toArray(String[]::new));
    setAll(GroundedOcrMetadata.OCR_MILLIS, ocrMillis.stream().map(String::valueOf).toArray(String[]::new));
    metadata.set(GroundedOcrMetadata.TOTAL_MILLIS, (int) Math.min(Integer.MAX_VALUE, TimeUnit.NANOSECONDS.toMillis(nanos)));
    if (!failedPages.isEmpty()) {
      metadata.set(GroundedOcrMetadata.FAILED_PAGES, failedPages.stream().map(String::valueOf).toArray(String[]::new));
      metadata.set(GroundedOcrMetadata.FAILED_PAGE_REASONS, failedReasons.toArray(String[]::new));
    }
    setAll(
        GroundedOcrMetadata.GROUNDED_OUTPUT,
        pages.stream().map(GroundingWriter::write).toArray(String[]::new));
    GroundedDocument doc = new GroundedDocument(resourceName, engineName(), pages);
    metadata.set(GroundedOcrMetadata.GROUNDED_JSON, GroundedJson.write(doc, false));
    if (!config.getExportFormat().isEmpty() && !pages.isEmpty()) {
      setAll(GroundedOcrMetadata.EXPORT,
          org.groundedocr.tika.format.OcrFileParser.export(config.getExportFormat(), doc));
    }
    LOG.debug("{}: {} pages read, {} failed, {}", resourceName, pages.size(), failedPages.size(),
        String.format(Locale.ROOT, "%.1f s", nanos / 1e9));
  }

  private String engineName() {
    return suppliedEngine != null ? suppliedEngine.name() : config.getEngine();
  }

  private void set(Property key, List<GroundedPage> values, Function<GroundedPage, String> f) {
    setAll(key, values.stream().map(f).toArray(String[]::new));
  }

  /** Sets a multi-valued key; leaves it out when there are no values. */
  private void setAll(Property key, String[] values) {
    if (values.length > 0) {
      metadata.set(key, values);
    }
  }
}
