package org.groundedocr.tika.format;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * A page's image that stays where it is: a plain image URL or a IIIF Image service, named by the
 * OCR file (ALTO {@code fileName}, PAGE {@code imageFilename}, hOCR {@code image}) or given as a
 * parameter. It is only recorded, never fetched by the server (no request to an address a client
 * chose): viewers load it themselves, through the manifest's canvas.
 *
 * <p>Only absolute {@code http}/{@code https} URLs with a host and no credentials are accepted, at
 * most {@link #MAX_URL_CHARS} characters, in their ASCII form: spaces and non-ASCII letters are
 * percent-encoded, a quote, angle bracket or control character makes the URL invalid.
 *
 * @param page the page number (1-based)
 * @param kind a plain image, or a IIIF Image service (its base URI, without {@code /info.json})
 * @param url the validated URL
 */
public record RemotePageImage(int page, Kind kind, String url) {

  /** Longer URLs are refused: no real image address needs more, and they bloat every manifest. */
  public static final int MAX_URL_CHARS = 2048;

  /** Replaced by the page number in an image service template. */
  public static final String PAGE_PLACEHOLDER = "{page}";

  private static final String INFO_JSON = "/info.json";

  public enum Kind {
    IMAGE,
    SERVICE;

    String id() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public RemotePageImage {
    if (page < 1) {
      throw new IllegalArgumentException("page numbers start at 1, got " + page);
    }
    url = validUrl(url);
  }

  /**
   * The image an OCR file names for page {@code page}, when it is an http(s) URL: a URL ending in
   * {@code /info.json} is a IIIF Image service, any other an image. Empty for a file name or path
   * (those are looked up beside the OCR file) and for a URL that is not acceptable.
   */
  public static Optional<RemotePageImage> named(int page, String named) {
    if (named == null) {
      return Optional.empty();
    }
    String s = named.strip();
    String lower = s.toLowerCase(Locale.ROOT);
    if (!lower.startsWith("http://") && !lower.startsWith("https://")) {
      return Optional.empty();
    }
    try {
      return Optional.of(s.endsWith(INFO_JSON)
          ? new RemotePageImage(page, Kind.SERVICE, s.substring(0, s.length() - INFO_JSON.length()))
          : new RemotePageImage(page, Kind.IMAGE, s));
    } catch (IllegalArgumentException e) {
      return Optional.empty(); // a malformed address in someone's OCR file: keep the OCR, drop the link
    }
  }

  /**
   * Page {@code page}'s IIIF Image service from a template given as a parameter: {@code {page}}
   * becomes the page number, a trailing {@code /info.json} is dropped.
   *
   * @throws IllegalArgumentException naming what is wrong with the template
   */
  public static RemotePageImage service(int page, String template) {
    String s = template.strip().replace(PAGE_PLACEHOLDER, Integer.toString(page));
    if (s.endsWith(INFO_JSON)) {
      s = s.substring(0, s.length() - INFO_JSON.length());
    }
    return new RemotePageImage(page, Kind.SERVICE, s);
  }

  /** Checks a service template once, before any file is read. */
  public static void checkTemplate(String template) {
    service(1, template);
  }

  /** One stored value: {@code <page> <kind> <url>} (the URL has no spaces). */
  public String encode() {
    return page + " " + kind.id() + " " + url;
  }

  /** The value {@link #encode()} wrote. */
  public static RemotePageImage decode(String value) {
    String[] p = value.split(" ", 3);
    if (p.length != 3) {
      throw new IllegalArgumentException("not a stored page image: " + value);
    }
    return new RemotePageImage(Integer.parseInt(p[0]), Kind.valueOf(p[1].toUpperCase(Locale.ROOT)), p[2]);
  }

  /** {@code url} in ASCII form, or why it is refused. */
  static String validUrl(String url) {
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException("no URL");
    }
    // spaces are common in file names that tools write into URLs; other unsafe characters
    // (quotes, angle brackets, controls) make the URL invalid
    String s = url.strip().replace(" ", "%20");
    if (s.length() > MAX_URL_CHARS) {
      throw new IllegalArgumentException("the URL is longer than " + MAX_URL_CHARS + " characters");
    }
    URI uri;
    try {
      uri = new URI(s);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("not a URL (" + e.getReason() + " at index " + e.getIndex()
          + "); percent-encode quotes and angle brackets", e);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IllegalArgumentException("only http and https URLs are allowed, not '"
          + (scheme.isEmpty() ? s : scheme + ":") + "'");
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      throw new IllegalArgumentException("the URL has no host: " + s);
    }
    if (uri.getRawUserInfo() != null) {
      throw new IllegalArgumentException("the URL carries a user name or password; these would be shown"
          + " to every viewer of the manifest");
    }
    if (uri.getRawFragment() != null) {
      throw new IllegalArgumentException("the URL has a #fragment; give the image or service itself");
    }
    return uri.toASCIIString();
  }
}
