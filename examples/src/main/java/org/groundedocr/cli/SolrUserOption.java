package org.groundedocr.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code --user NAME:PASSWORD} for the commands that talk to Solr ({@code ingest}, {@code search}, {@code ask}). */
final class SolrUserOption {

  @Option(names = {"-u", "--user"}, paramLabel = "NAME:PASSWORD",
      description = "Solr BasicAuth user (curl's convention); default: the environment variable "
          + SolrCredentials.ENV + ", else NAME:PASSWORD@ in --solr. Never printed.")
  String user;

  @Spec(Spec.Target.MIXEE) CommandSpec command;

  /**
   * The credentials to send to {@code solrUrl}, or null. Malformed ones are a usage error of the
   * command (picocli prints the message and exits with 2), the same in every command.
   */
  SolrCredentials credentials(String solrUrl) {
    try {
      return SolrCredentials.resolve(user, System.getenv(), solrUrl);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(command.commandLine(), e.getMessage());
    }
  }

  /** What a 401/403 from Solr means for the user of the CLI. */
  static String explain(int status, SolrCredentials credentials) {
    if (status == 401) {
      return credentials == null
          ? "Solr wants a user: give --user NAME:PASSWORD or set " + SolrCredentials.ENV
          : "Solr refused the credentials of " + credentials + " (wrong name or password)";
    }
    if (status == 403) {
      return (credentials == null ? "anonymous" : credentials.toString())
          + " lacks the permission for this request (see README, \"Security\")";
    }
    return null;
  }
}
