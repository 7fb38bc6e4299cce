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
import org.groundedocr.grounding.GroundedMarkdown;
import org.groundedocr.grounding.GroundingWriter;
import org.groundedocr.image.ImageLimits;
import org.groundedocr.image.PageImageReader;
import org.groundedocr.model.GroundedDocument;
import org.groundedocr.model.GroundedPage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ocr}: scanned images to grounded pages. Each file is read page by page; a file or page
 * that cannot be read is reported on standard error and the others are still processed, and the
 * exit code is then 1.
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
      "--format alto|hocr|page writes the digital library's formats (ALTO 4.4, hOCR 1.2, PAGE-XML"
          + " 2019, one PAGE file per page); with several files or pages they go to --out."
          + " Files that already are ALTO, hOCR or PAGE-XML are read, not OCRed, so the command"
          + " also converts between the formats.",
      "Exit code: 0 when every page was read, 1 when a file or page failed (the others are still"
          + " printed), 2 for bad arguments or an engine that cannot start."
    })
final class OcrCommand implements Callable<Integer> {

  static final String PAGE_SPLIT = "\n<--- Page Split --->\n";

  @Spec CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "image and PDF files")
  List<Path> files;

  @Option(names = "--engine", defaultValue = OcrEngines.DEFAULT_ENGINE,
      description = "OCR engine: ppocr, deepseek, or tesseract (accents, Fraktur; needs"
          + " libtesseract5) (default: ${DEFAULT-VALUE})")
  String engine;

  @Option(names = "--device", defaultValue = "cpu",
      description = "cpu or cuda; cuda falls back to the CPU with a warning when unavailable"
          + " (default: ${DEFAULT-VALUE})")
  String device;

  @Option(names = "--format", defaultValue = "json",
      description = "json, markdown, grounded, alto, hocr, page, or tokens (deepseek: the generated"
          + " token ids of the first page) (default: ${DEFAULT-VALUE})")
  OutputFormat format;

  @Option(names = "--out", paramLabel = "DIR",
      description = "with --format alto|hocr|page: write <name>.alto.xml, <name>.hocr or"
          + " <name>_p<N>.page.xml here instead of printing (needed for several files, or for"
          + " PAGE-XML of several pages)")
  Path outDir;

  @Option(names = {"-O", "--engine-option"}, paramLabel = "KEY=VALUE",
      description = "engine option by its declared name, repeatable (the same as its flag below:"
          + " -O limitSide=1280 is --limit-side 1280)")
  Map<String, String> engineOptions = new LinkedHashMap<>();

  @Option(names = {"--model-dir", "--model"}, description = "model directory, for engines that need one"
      + " (deepseek: an export of model/export/export_onnx.py)")
  Path modelDir;

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
    OcrEngine ocr;
    try {
      // converting existing OCR (ALTO, hOCR, PAGE-XML) needs no engine
      boolean onlyOcrFiles = format != OutputFormat.TOKENS
          && files.stream().allMatch(f -> OcrFiles.formatOf(f) != null);
      ocr = onlyOcrFiles ? null : OcrEngines.create(new EngineConfig(engine, dev, modelDir, engineOptions));
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
    if (format.ocrFormat() != null && outDir == null && files.size() > 1) {
      reader.close();
      throw new ParameterException(spec.commandLine(),
          "--format " + format.ocrFormat().id() + " with several files needs --out DIR");
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

  /** One file's document (null when nothing could be read) and the failures reported on the way. */
  private record FileResult(GroundedDocument document, int failures) {}

  /**
   * Reads the files, several at a time when the engine takes many pages at once (a batching engine
   * on a GPU: single-page files alone would leave its batch nearly empty), and prints each
   * document in argument order as soon as it and those before it are done. Existing OCR files
   * (ALTO, hOCR, PAGE-XML) are converted, not OCRed.
   */
  private int readAll(OcrEngine ocr, DocumentReader reader, PrintWriter out, PrintWriter err)
      throws InterruptedException {
    boolean several = files.size() > 1;
    int inFlight = ocr == null ? 1 : Math.max(1, Math.min(files.size(), ocr.pagesInFlight()));
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
          org.groundedocr.format.OcrFormat existing = OcrFiles.formatOf(file);
          if (existing != null) {
            GroundedDocument imported = OcrFiles.read(file, existing, err);
            return new FileResult(imported, imported == null ? 1 : 0);
          }
          List<GroundedPage> pages = new ArrayList<>();
          int failed = reader.read(ocr, file, pages, several, err);
          return new FileResult(pages.isEmpty() ? null : new GroundedDocument(file.toString(), ocr.name(), pages), failed);
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
        if (r.document() != null) {
          failures += print(out, err, r.document(), several, files.get(i)) ? 0 : 1;
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

  /** Prints or writes {@code doc}; false (after saying why on standard error) when it could not. */
  private boolean print(PrintWriter out, PrintWriter err, GroundedDocument doc, boolean several, Path file) {
    if (format.ocrFormat() != null) {
      boolean ok = OcrFiles.write(format.ocrFormat(), doc, file, outDir, out, err);
      out.flush();
      return ok;
    }
    switch (format) {
      case JSON -> out.println(GroundedJson.write(doc, !several));
      case MARKDOWN -> {
        List<String> pages = new ArrayList<>();
        doc.pages().forEach(p -> pages.add(GroundedMarkdown.toMarkdown(p)));
        printPages(out, doc, pages, several);
      }
      case GROUNDED -> {
        List<String> pages = new ArrayList<>();
        doc.pages().forEach(p -> pages.add(GroundingWriter.write(p)));
        printPages(out, doc, pages, several);
      }
      case TOKENS -> throw new IllegalStateException("tokens are printed by printTokens");
      default -> throw new IllegalStateException("not one of our outputs: " + format);
    }
    out.flush();
    return true;
  }

  private static void printPages(PrintWriter out, GroundedDocument doc, List<String> pages,
      boolean several) {
    if (several) {
      out.println("<!-- " + doc.source() + " -->");
    }
    out.println(String.join(PAGE_SPLIT, pages));
  }
}
