package org.groundedocr.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.tika.exception.TikaException;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.PagedText;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.parser.PasswordProvider;
import org.groundedocr.engine.OcrEngine;
import org.groundedocr.grounding.GroundedJson;
import org.groundedocr.model.GroundedPage;
import org.groundedocr.tika.GroundedOcrConfig;
import org.groundedocr.tika.GroundedOcrMetadata;
import org.groundedocr.tika.GroundedOcrParser;
import org.xml.sax.Attributes;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Files in the {@code ocr} command, PDFs and images alike: read through the Tika parser
 * ({@link GroundedOcrParser}) with the command's engine, so the command gets the parser's document
 * pipeline (pages read ahead and submitted to the engine as they are read), OCR strategy
 * (text-layer pages grounded from PDFBox's glyph positions), limits and per-page errors.
 * Thread-safe: the command reads several files at once through one reader.
 */
final class DocumentReader implements AutoCloseable {

  private final GroundedOcrParser parser = new GroundedOcrParser();
  private final GroundedOcrConfig config = new GroundedOcrConfig();
  private final String password;

  /** @throws IllegalArgumentException when an option is invalid; the message names it */
  DocumentReader(PdfOptions options, long maxPixels) {
    config.setDpi(options.dpi);
    config.setOcrStrategy(options.ocrStrategy);
    config.setFirstPage(options.firstPage);
    config.setLastPage(options.lastPage);
    config.setPageTimeoutSeconds(options.pageTimeoutSeconds);
    config.setMaxPixels(maxPixels);
    this.password = options.password;
  }

  /**
   * Reads {@code file}'s pages into {@code pages}; returns how many failures it reported. Messages
   * go to {@code err} (whole lines, so that files read at the same time do not mix within a line).
   */
  int read(OcrEngine engine, Path file, List<GroundedPage> pages, boolean several, PrintWriter err) {
    if (!Files.isRegularFile(file)) {
      report(err, "grounded-ocr ocr: " + file + ": " + (Files.isSymbolicLink(file)
          ? "a symbolic link that leads nowhere (a loop, or its target is gone)"
          : Files.isDirectory(file) ? "a folder, not a file" : "no such file"));
      return 1;
    }
    ParseContext context = new ParseContext();
    GroundedOcrConfig perFile = config.mergedWith(null);
    perFile.setEngine(engine.name());
    context.set(GroundedOcrConfig.class, perFile);
    context.set(OcrEngine.class, engine);
    if (password != null) {
      context.set(PasswordProvider.class, m -> password);
    }
    Metadata metadata = new Metadata();
    metadata.set(TikaCoreProperties.RESOURCE_NAME_KEY, file.getFileName().toString());
    int failures = 0;
    try (InputStream in = TikaInputStream.get(file)) {
      parser.parse(in, new Progress(file, metadata, several, err), metadata, context);
    } catch (IOException | SAXException | TikaException e) {
      // a document whose every page failed is an exception too: its pages are reported below,
      // one line each, so the exception's summary of them would only repeat them
      if (metadata.getValues(GroundedOcrMetadata.FAILED_PAGES).length == 0) {
        report(err, "grounded-ocr ocr: " + file + ": " + e.getMessage());
        failures++;
      }
    } finally {
      String[] failed = metadata.getValues(GroundedOcrMetadata.FAILED_PAGES);
      String[] reasons = metadata.getValues(GroundedOcrMetadata.FAILED_PAGE_REASONS);
      for (int i = 0; i < failed.length; i++) {
        report(err, "grounded-ocr ocr: " + file + ": page " + failed[i] + ": "
            + (i < reasons.length ? reasons[i] : "failed"));
      }
      failures += failed.length;
    }
    String json = metadata.get(GroundedOcrMetadata.GROUNDED_JSON);
    if (json != null) {
      pages.addAll(GroundedJson.readDocument(json).pages());
    }
    return failures;
  }

  private static void report(PrintWriter err, String line) {
    synchronized (err) {
      err.println(line);
      err.flush();
    }
  }

  @Override
  public void close() {
    parser.close();
  }

  /** Progress on standard error as the parser finishes each page's element. */
  private static final class Progress extends DefaultHandler {
    private final Path file;
    private final Metadata metadata;
    private final boolean always;
    private final PrintWriter err;
    private final long start = System.nanoTime();
    private String page;
    private String source;
    private int regions;
    /** {@code div}s open inside the current page element, the page's own included. */
    private int depth;

    Progress(Path file, Metadata metadata, boolean always, PrintWriter err) {
      this.file = file;
      this.metadata = metadata;
      this.always = always;
      this.err = err;
    }

    @Override
    public void startElement(String uri, String localName, String qName, Attributes atts) {
      if (!"div".equals(localName)) {
        return;
      }
      String cls = atts.getValue("class");
      if (page == null && "page".equals(cls)) {
        page = atts.getValue("data-page");
        source = atts.getValue("data-source");
        regions = 0;
        depth = 1;
      } else if (page != null) {
        depth++;
        if ("ocr_region".equals(cls)) {
          regions++;
        }
      }
    }

    @Override
    public void endElement(String uri, String localName, String qName) {
      if (page == null || !"div".equals(localName) || --depth > 0) {
        return;
      }
      String total = metadata.get(PagedText.N_PAGES);
      if (always || !"1".equals(total)) {
        report(err, String.format(java.util.Locale.ROOT, "%s: page %s/%s, %d regions (%s), %d ms", file, page,
            total, regions, source == null ? "failed" : source, (System.nanoTime() - start) / 1_000_000));
      }
      page = null;
    }
  }
}
