package org.groundedocr.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs the {@code grounded-ocr} command line in-process and captures what it printed. */
final class CliRunner {

  private CliRunner() {}

  /** {@code [exit code, standard output, standard error]}. */
  static String[] run(String... args) {
    CommandLine cli = GroundedOcrCli.newCommandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int code = cli.execute(args);
    return new String[] {Integer.toString(code), out.toString(), err.toString()};
  }
}
