package org.groundedocr.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.groundedocr.engine.OcrEngineProvider;
import org.groundedocr.engine.OcrEngines;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code engines}: the OCR engines on the class path and the settings each declares, as the
 * Markdown tables the README shows (a test keeps the README's tables equal to this output).
 */
@Command(
    name = "engines",
    mixinStandardHelpOptions = true,
    description = "Lists the OCR engines and their settings (Markdown): the names to use in"
        + " tika-config.xml <param>s, Solr ocr.<name> request parameters and ocr -O name=value.")
final class EnginesCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    boolean first = true;
    for (OcrEngineProvider p : OcrEngines.providers()) {
      if (!first) {
        out.println();
      }
      first = false;
      out.println("### `" + p.name() + "`");
      out.println();
      out.print(p.settings().markdownTable());
    }
    out.flush();
    return 0;
  }
}
