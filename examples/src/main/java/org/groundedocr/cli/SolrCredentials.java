package org.groundedocr.cli;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * A Solr BasicAuth user for the CLI's HTTP clients, from {@code --user NAME:PASSWORD} (curl's
 * convention), else the environment variable {@value #ENV}, else {@code NAME:PASSWORD@} in the
 * Solr URL. The password is never printed: {@link #toString()} shows the name only.
 */
public record SolrCredentials(String user, String password) {

  /** Environment variable read when {@code --user} is not given: {@code NAME:PASSWORD}. */
  public static final String ENV = "GROUNDED_OCR_USER";

  public SolrCredentials {
    if (user == null || user.isEmpty() || user.indexOf(':') >= 0) {
      throw new IllegalArgumentException("the user name must be non-empty and without ':'");
    }
    if (password == null || password.isEmpty()) {
      throw new IllegalArgumentException("the password of user " + user + " is empty");
    }
  }

  /** {@code NAME:PASSWORD}; the password may contain ':'. */
  public static SolrCredentials parse(String nameColonPassword, String where) {
    int colon = nameColonPassword.indexOf(':');
    if (colon <= 0 || colon == nameColonPassword.length() - 1) {
      // the value is not repeated: it may hold a password
      throw new IllegalArgumentException(where + " must be NAME:PASSWORD");
    }
    return new SolrCredentials(nameColonPassword.substring(0, colon), nameColonPassword.substring(colon + 1));
  }

  /**
   * The user to send, or null for none: {@code option} ({@code --user}), else {@value #ENV} in
   * {@code env}, else the user info of {@code solrUrl}.
   */
  public static SolrCredentials resolve(String option, Map<String, String> env, String solrUrl) {
    if (option != null && !option.isEmpty()) {
      return parse(option, "--user");
    }
    String fromEnv = env.get(ENV);
    if (fromEnv != null && !fromEnv.isEmpty()) {
      return parse(fromEnv, ENV);
    }
    String info = URI.create(solrUrl).getRawUserInfo();
    if (info != null) {
      return parse(URLDecoder.decode(info, StandardCharsets.UTF_8), "the user in the Solr URL");
    }
    return null;
  }

  /** {@code solrUrl} without {@code NAME:PASSWORD@}: the credentials go in a header, not in the URL. */
  public static String withoutUserInfo(String solrUrl) {
    URI u = URI.create(solrUrl);
    if (u.getRawUserInfo() == null) {
      return solrUrl;
    }
    return solrUrl.replaceFirst("//[^/@]*@", "//");
  }

  /** The {@code Authorization} header value. */
  public String header() {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public String toString() {
    return "user " + user;
  }
}
