package org.groundedocr.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
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
    PdfReader pdfReader;
    try {
      dev = Device.parse(device);
      limits = new ImageLimits(maxPixels);
      pdfReader = new PdfReader(pdf, maxPixels);
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
      pdfReader.close();
      return 2;
    }
    if (format == OutputFormat.TOKENS) {
      try (ocr; pdfReader) {
        return printTokens(ocr, limits, out, err);
      }
    }
    int failures = 0;
    try (ocr; pdfReader) {
      boolean several = files.size() > 1;
      if (format.ocrFormat() != null && outDir == null && several) {
        throw new ParameterException(spec.commandLine(),
            "--format " + format.ocrFormat().id() + " with several files needs --out DIR");
      }
      for (Path file : files) {
        List<GroundedPage> pages = new ArrayList<>();
        org.groundedocr.format.OcrFormat existing = OcrFiles.formatOf(file);
        if (existing != null) {
          GroundedDocument imported = OcrFiles.read(file, existing, err);
          if (imported == null) {
            failures++;
          } else {
            failures += print(out, err, imported, several, file) ? 0 : 1;
          }
          continue;
        }
        failures += DocumentSources.isPdf(file)
            ? pdfReader.read(ocr, file, pages, several, err)
            : read(ocr, file, limits, pages, several, err);
        if (!pages.isEmpty()) {
          failures += print(out, err, new GroundedDocument(file.toString(), ocr.name(), pages), several, file) ? 0 : 1;
        }
      }
    }
    out.flush();
    err.flush();
    return failures == 0 ? 0 : 1;
  }

  /** {@code --format tokens}: the ids the DeepSeek engine generates for the first page of the first file. */
  private int printTokens(OcrEngine ocr, ImageLimits limits, PrintWriter out, PrintWriter err) {
    if (!(ocr instanceof DeepSeekOcrEngine deepseekEngine)) {
      err.println("grounded-ocr ocr: --format tokens needs --engine deepseek");
      err.flush();
      return 2;
    }
    try (DocumentSource source = DocumentSources.open(files.get(0), limits)) {
      DeepSeekOcrEngine.Generation g = deepseekEngine.generate(source.page(0));
      out.println(DeepSeekTokensFormat.write(g.tokenIds()));
      out.flush();
      return 0;
    } catch (OcrException e) {
      err.println("grounded-ocr ocr: " + files.get(0) + ": " + e.getMessage());
      err.flush();
      return 1;
    }
  }

  /** Reads the pages of {@code file} into {@code pages}; returns how many failures it reported. */
  private static int read(OcrEngine ocr, Path file, ImageLimits limits, List<GroundedPage> pages,
      boolean several, PrintWriter err) {
    int failures = 0;
    try (DocumentSource source = DocumentSources.open(file, limits)) {
      int count = source.pageCount();
      boolean progress = several || count > 1;
      for (int i = 0; i < count; i++) {
        long start = System.nanoTime();
        try {
          GroundedPage page = ocr.recognize(source.page(i), i + 1);
          pages.add(page);
          if (progress) {
            err.printf("%s: page %d/%d, %d regions, %d ms%n", file, i + 1, count,
                page.regions().size(), (System.nanoTime() - start) / 1_000_000);
            err.flush();
          }
        } catch (OcrException e) {
          failures++;
          err.println("grounded-ocr ocr: " + file + ": page " + (i + 1) + ": " + e.getMessage());
          err.flush();
        }
      }
    } catch (OcrException e) {
      failures++;
      err.println("grounded-ocr ocr: " + e.getMessage());
      err.flush();
    }
    return failures;
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
