package org.groundedocr.solr.iiif;

import java.util.Locale;
import java.util.Map;

/** The media type of a remote image by its URL's extension (the server never fetches it to look). */
final class ImageFormats {

  private static final Map<String, String> BY_EXTENSION = Map.of(
      "jpg", "image/jpeg", "jpeg", "image/jpeg", "png", "image/png", "gif", "image/gif",
      "tif", "image/tiff", "tiff", "image/tiff", "jp2", "image/jp2", "webp", "image/webp");

  private ImageFormats() {}

  /** {@code image/jpeg} for {@code …/p1.jpg?x=1}; null when the extension says nothing. */
  static String ofUrl(String url) {
    String path = url;
    int cut = path.indexOf('?');
    if (cut >= 0) {
      path = path.substring(0, cut);
    }
    int slash = path.lastIndexOf('/');
    int dot = path.lastIndexOf('.');
    if (dot <= slash) {
      return null;
    }
    return BY_EXTENSION.get(path.substring(dot + 1).toLowerCase(Locale.ROOT));
  }
}
