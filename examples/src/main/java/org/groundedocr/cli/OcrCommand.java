package org.groundedocr.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.groundedocr.deepseek.DeepSeekOcrEngine;
import org.groundedocr.engine.Device;
import org.groundedocr.engine.EngineConfig;
import org.groundedocr.engine.OcrEngine;
import org.groundedocr.engine.OcrEngines;
import org.groundedocr.engine.OcrException;
import org.groundedocr.grounding.GroundedJson;
import org.groundedocr.grounding.GroundingWriter;
import org.groundedocr.image.ImageLimits;
import org.groundedocr.image.PageImageReader;
import org.groundedocr.model.GroundedDocument;
import org.groundedocr.model.GroundedPage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ocr}: scanned images to grounded pages. Every file goes through the Tika parser's document
 * pipeline (pages read ahead and submitted to the engine as they are read), and several files are
 * read at once when the engine takes many pages at once, so a GPU's batch fills from many files
 * or one long PDF alike. A file or page that cannot be read is reported on standard error and the
 * others are still processed, and the exit code is then 1.
 */
@Command(
    name = "ocr",
    mixinStandardHelpOptions = true,
    description = {
      "Reads scanned pages (PNG, JPEG, TIFF with all its pages, BMP, GIF, WebP, and PDFs through"
          + " the Tika parser) with an OCR engine and prints grounded pages: layout regions with"
          + " boxes in image pixels.",
      "One file prints one JSON document; several files print one compact JSON document per line."
          + " Markdown and grounded output separate pages with <--- Page Split --->.",
      "Exit code: 0 when every page was read, 1 when a file or page failed (the others are still"
          + " printed), 2 for bad arguments or an engine that cannot start."
    })
final class OcrCommand implements Callable<Integer> {

  static final String PAGE_SPLIT = "\n<--- Page Split --->\n";

  @Spec CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "image and PDF files")
  List<Path> files;

  @Option(names = "--engine", defaultValue = OcrEngines.DEFAULT_ENGINE,
      description = "OCR engine (default: ${DEFAULT-VALUE})")
  String engine;

  @Option(names = "--device", defaultValue = "cpu",
      description = "cpu or cuda; cuda falls back to the CPU with a warning when unavailable"
          + " (default: ${DEFAULT-VALUE})")
  String device;

  @Option(names = "--format", defaultValue = "json",
      description = "json, markdown, grounded, or tokens (deepseek: the generated token ids of the"
          + " first page) (default: ${DEFAULT-VALUE})")
  OutputFormat format;

  @Option(names = {"-O", "--engine-option"}, paramLabel = "KEY=VALUE",
      description = "engine option, repeatable; ppocr: limitSide, useAngleCls, boxThresh,"
          + " unclipRatio, binaryThresh, textScore, recBatchSize, threads, recModel"
          + " (fused|int8|original), detModel (fused|original)")
  Map<String, String> engineOptions = new LinkedHashMap<>();

  @Option(names = {"--model-dir", "--model"}, description = "model directory, for engines that need one"
      + " (deepseek: an export of model/export/export_onnx.py)")
  Path modelDir;

  @Mixin DeepSeekEngineOptions deepseek = new DeepSeekEngineOptions();

  @Mixin PdfOptions pdf = new PdfOptions();

  @Option(names = "--max-pixels", defaultValue = "100000000",
      description = "refuse pages larger than this many pixels (default: ${DEFAULT-VALUE})")
  long maxPixels;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Device dev;
    ImageLimits limits;
    DocumentReader reader;
    try {
      dev = Device.parse(device);
      limits = new ImageLimits(maxPixels);
      reader = new DocumentReader(pdf, maxPixels);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    deepseek.addTo(engineOptions);
    OcrEngine ocr;
    try {
      ocr = OcrEngines.create(new EngineConfig(engine, dev, modelDir, engineOptions));
    } catch (OcrException | IllegalArgumentException e) {
      err.println("grounded-ocr ocr: cannot start engine '" + engine + "': " + e.getMessage());
      err.flush();
      reader.close();
      return 2;
    }
    if (format == OutputFormat.TOKENS) {
      try (ocr; reader) {
        return printTokens(ocr, limits, out, err);
      }
    }
    int failures = 0;
    try (ocr; reader) {
      failures = readAll(ocr, reader, out, err);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      err.println("grounded-ocr ocr: interrupted");
      failures++;
    }
    out.flush();
    err.flush();
    return failures == 0 ? 0 : 1;
  }

  /** One file's pages and the failures reported on the way. */
  private record FileResult(List<GroundedPage> pages, int failures) {}

  /**
   * Reads the files, several at a time when the engine takes many pages at once (a batching engine
   * on a GPU: single-page files alone would leave its batch nearly empty), and prints each
   * document in argument order as soon as it and those before it are done.
   */
  private int readAll(OcrEngine ocr, DocumentReader reader, PrintWriter out, PrintWriter err)
      throws InterruptedException {
    boolean several = files.size() > 1;
    int inFlight = Math.max(1, Math.min(files.size(), ocr.pagesInFlight()));
    ExecutorService pool = Executors.newFixedThreadPool(inFlight, r -> {
      Thread t = new Thread(r, "grounded-ocr-file");
      t.setDaemon(true);
      return t;
    });
    int failures = 0;
    try {
      List<Future<FileResult>> results = new ArrayList<>();
      for (Path file : files) {
        results.add(pool.submit(() -> {
          List<GroundedPage> pages = new ArrayList<>();
          int failed = reader.read(ocr, file, pages, several, err);
          return new FileResult(pages, failed);
        }));
      }
      for (int i = 0; i < files.size(); i++) {
        FileResult r;
        try {
          r = results.get(i).get();
        } catch (ExecutionException e) {
          failures++;
          err.println("grounded-ocr ocr: " + files.get(i) + ": " + e.getCause());
          continue;
        }
        failures += r.failures();
        if (!r.pages().isEmpty()) {
          print(out, new GroundedDocument(files.get(i).toString(), ocr.name(), r.pages()), several);
        }
      }
    } finally {
      pool.shutdownNow();
    }
    return failures;
  }

  /** {@code --format tokens}: the ids the DeepSeek engine generates for the first page of the first file. */
  private int printTokens(OcrEngine ocr, ImageLimits limits, PrintWriter out, PrintWriter err) {
    if (!(ocr instanceof DeepSeekOcrEngine deepseekEngine)) {
      err.println("grounded-ocr ocr: --format tokens needs --engine deepseek");
      err.flush();
      return 2;
    }
    try (PageImageReader source = PageImageReader.open(files.get(0), limits)) {
      DeepSeekOcrEngine.Generation g = deepseekEngine.generate(source.read(0));
      out.println(DeepSeekTokensFormat.write(g.tokenIds()));
      out.flush();
      return 0;
    } catch (OcrException e) {
      err.println("grounded-ocr ocr: " + files.get(0) + ": " + e.getMessage());
      err.flush();
      return 1;
    }
  }

  private void print(PrintWriter out, GroundedDocument doc, boolean several) {
    switch (format) {
      case JSON -> out.println(GroundedJson.write(doc, !several));
      case MARKDOWN -> {
        List<String> pages = new ArrayList<>();
        doc.pages().forEach(p -> pages.add(p.markdown()));
        printPages(out, doc, pages, several);
      }
      case GROUNDED -> {
        List<String> pages = new ArrayList<>();
        doc.pages().forEach(p -> pages.add(GroundingWriter.write(p)));
        printPages(out, doc, pages, several);
      }
      case TOKENS -> throw new IllegalStateException("tokens are printed by printTokens");
    }
    out.flush();
  }

  private static void printPages(PrintWriter out, GroundedDocument doc, List<String> pages,
      boolean several) {
    if (several) {
      out.println("<!-- " + doc.source() + " -->");
    }
    out.println(String.join(PAGE_SPLIT, pages));
  }
}
