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
import org.groundedocr.pipeline.DocumentPipeline;
import org.groundedocr.pipeline.PageOutcome;
import org.groundedocr.tika.xhtml.GroundedXhtml;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xml.sax.SAXException;

/**
 * One document's parse: its pages through a {@link DocumentPipeline} (read ahead, submitted to the
 * engine as they are read, so a batching engine reads them together), each written as XHTML in
 * page order and recorded for the metadata. A page that fails (unreadable, over the pixel limit, engine error,
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
    try {
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
      boolean wantImage = sink != null;
      DocumentPipeline<PageInput> pipeline = new DocumentPipeline<>(
          new DocumentPipeline.PageReader<>() {
            @Override
            public PageInput read(int pageNumber) throws IOException {
              return source.read(pageNumber, wantImage);
            }

            @Override
            public BufferedImage ocrImage(PageInput input) {
              return input.needsOcr() ? input.image() : null;
            }
          },
          () -> suppliedEngine != null ? suppliedEngine : engines.get(config.engineConfig()),
          config.getPageTimeoutSeconds());
      try {
        pipeline.run(first, last, this::page);
      } catch (OcrException e) {
        throw new TikaException(
            "cannot create OCR engine '" + config.getEngine() + "': " + e.getMessage(), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new TikaException("interrupted while reading " + resourceName, e);
      } catch (SAXException | TikaException e) {
        throw e;
      } catch (Exception e) {
        throw new TikaException(resourceName + ": " + e.getMessage(), e);
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

  /** Writes one page the pipeline handed over, in page order: its image to the sink, then the page or its failure. */
  private void page(PageOutcome<PageInput> outcome) throws SAXException, TikaException {
    int n = outcome.pageNumber();
    PageInput in = outcome.input();
    BufferedImage image = in == null ? null : in.image();
    if (sink != null && image != null) {
      try {
        sink.accept(n, image, in.width(), in.height());
      } catch (IOException | RuntimeException e) {
        throw new TikaException("the page image sink failed on page " + n + ": " + e.getMessage(), e);
      }
    }
    if (outcome.failed()) {
      fail(n, outcome.error());
      return;
    }
    GroundedPage page = outcome.page();
    if (page != null) {
      if (page.page() != n) {
        page = page.withPage(n);
      }
      if (page.width() != in.width() || page.height() != in.height()) {
        fail(n, "OCR engine '" + engineName() + "' returned a " + page.width() + "x" + page.height()
            + " page for a " + in.width() + "x" + in.height() + " image");
        return;
      }
    } else {
      long millis = TimeUnit.NANOSECONDS.toMillis(outcome.readNanos());
      String engineName = PageInput.TEXT_LAYER.equals(in.source()) ? TEXT_LAYER_ENGINE : "";
      page = new GroundedPage(n, in.width(), in.height(), in.textRegions(),
          new PageStats(engineName, "", 0, 0, millis, true));
    }

    out.page(page, in.source());
    pages.add(page);
    sources.add(in.source());
    pageMillis.add(TimeUnit.NANOSECONDS.toMillis(outcome.readNanos() + outcome.ocrNanos()));
    ocrMillis.add(TimeUnit.NANOSECONDS.toMillis(outcome.ocrNanos()));
  }

  private void fail(int n, String reason) throws SAXException {
    LOG.warn("{}: page {} failed: {}", resourceName, n, reason);
    failedPages.add(n);
    failedReasons.add(reason);
    metadata.add(TikaCoreProperties.TIKA_META_EXCEPTION_WARNING, "page " + n + ": " + reason);
    out.failedPage(n, reason);
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
