package org.groundedocr.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code grounded-ocr} command line. Each subcommand is a class of its own in this package. */
@Command(
    name = "grounded-ocr",
    mixinStandardHelpOptions = true,
    versionProvider = GroundedOcrCli.Version.class,
    description = "Scanned documents to grounded Markdown, searchable and RAG-ready in Solr.",
    subcommands = {
      GroundedCommand.class,
      OcrCommand.class,
      EnginesCommand.class,
      ServeCommand.class,
      IngestCommand.class,
      SearchCommand.class,
      AskCommand.class,
      DemoCommand.class,
      CommandLine.HelpCommand.class
    })
public final class GroundedOcrCli implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(newCommandLine().execute(args));
  }

  /** The command line with its subcommands, for {@link #main} and for tests. */
  public static CommandLine newCommandLine() {
    CommandLine cli = new CommandLine(new GroundedOcrCli()).setCaseInsensitiveEnumValuesAllowed(true);
    // each engine's declared settings as flags of ocr (--limit-side, --max-new-tokens, …)
    CommandLine ocr = cli.getSubcommands().get("ocr");
    EngineSettingOptions.addTo(ocr.getCommandSpec(), ((OcrCommand) ocr.getCommand()).engineOptions);
    return cli;
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      Properties p = new Properties();
      try (InputStream in = GroundedOcrCli.class.getResourceAsStream("/grounded-ocr-version.properties")) {
        if (in != null) {
          p.load(in);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return new String[] {
        "grounded-ocr " + p.getProperty("grounded-ocr.version", "unknown"),
        "Java " + System.getProperty("java.version")
      };
    }
  }
}
