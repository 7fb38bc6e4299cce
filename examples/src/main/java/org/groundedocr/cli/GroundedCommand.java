package org.groundedocr.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.groundedocr.grounding.GroundedJson;
import org.groundedocr.grounding.GroundedMarkdown;
import org.groundedocr.grounding.GroundingParser;
import org.groundedocr.grounding.GroundingWriter;
import org.groundedocr.model.GroundedDocument;
import org.groundedocr.model.GroundedPage;
import org.groundedocr.model.PageStats;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code grounded}: raw DeepSeek-OCR output (a file or standard input) to JSON or clean Markdown. */
@Command(
    name = "grounded",
    mixinStandardHelpOptions = true,
    description = {
      "Reads raw DeepSeek-OCR grounded output (<|ref|>label<|/ref|><|det|>[[x1,y1,x2,y2]]<|/det|>)"
          + " and prints the grounded page as JSON, clean Markdown or normalised grounded text.",
      "Boxes are mapped from the model's 0-999 grid to pixels of a --width x --height image."
    })
final class GroundedCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(index = "0", arity = "0..1", paramLabel = "FILE",
      description = "raw model output; '-' or none reads standard input")
  String file;

  @Option(names = "--width", required = true, description = "pixel width of the original image")
  int width;

  @Option(names = "--height", required = true, description = "pixel height of the original image")
  int height;

  @Option(names = "--format", defaultValue = "json",
      description = "json, markdown or grounded (default: ${DEFAULT-VALUE})")
  OutputFormat format;

  @Option(names = "--page", defaultValue = "1", description = "page number to assign (default: ${DEFAULT-VALUE})")
  int page;

  @Override
  public Integer call() throws IOException {
    if (width <= 0 || height <= 0) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--width and --height must be positive");
    }
    String raw = read();
    GroundedPage p =
        GroundingParser.parsePage(raw, page, width, height, PageStats.of("deepseek", "", 0));
    PrintWriter out = spec.commandLine().getOut();
    switch (format) {
      case JSON -> {
        String source = file == null || file.equals("-") ? "stdin" : file;
        out.println(GroundedJson.write(new GroundedDocument(source, "deepseek", List.of(p)), true));
      }
      case MARKDOWN -> out.println(GroundedMarkdown.toMarkdown(p));
      case GROUNDED -> out.println(GroundingWriter.write(p));
      case TOKENS -> throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--format tokens is for 'ocr --engine deepseek'; use json, markdown or grounded");
    }
    out.flush();
    return 0;
  }

  private String read() throws IOException {
    if (file == null || file.equals("-")) {
      InputStream in = System.in;
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    return Files.readString(Path.of(file), StandardCharsets.UTF_8);
  }
}
