package org.groundedocr.cli;

import picocli.CommandLine.Option;

/** {@code --user NAME:PASSWORD} for the commands that talk to Solr ({@code ingest}, {@code search}, {@code ask}). */
final class SolrUserOption {

  @Option(names = {"-u", "--user"}, paramLabel = "NAME:PASSWORD",
      description = "Solr BasicAuth user (curl's convention); default: the environment variable "
          + SolrCredentials.ENV + ", else NAME:PASSWORD@ in --solr. Never printed.")
  String user;

  /** The credentials to send to {@code solrUrl}, or null; IllegalArgumentException when malformed. */
  SolrCredentials credentials(String solrUrl) {
    return SolrCredentials.resolve(user, System.getenv(), solrUrl);
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
