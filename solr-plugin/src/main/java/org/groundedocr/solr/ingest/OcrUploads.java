package org.groundedocr.solr.ingest;

import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.solr.common.params.SolrParams;
import org.apache.solr.common.util.ContentStream;

/**
 * Pairs the OCR files of one upload with their scans by file name: {@code p017.xml} (ALTO,
 * PAGE-XML) or {@code p017.hocr}/{@code .html} with {@code p017.jpg} (or any image), so an
 * archive's OCR is indexed with its page images in one request.
 */
final class OcrUploads {

  private static final String[] OCR_EXTENSIONS = {".alto.xml", ".page.xml", ".xml", ".hocr", ".html", ".xhtml"};
  private static final String[] IMAGE_EXTENSIONS =
      {".jpg", ".jpeg", ".png", ".tif", ".tiff", ".jp2", ".webp", ".bmp", ".gif"};

  private OcrUploads() {}

  /** OCR stream → its scan, for the OCR files of {@code streams} that have one among them. */
  static Map<ContentStream, ContentStream> pairScans(List<ContentStream> streams, SolrParams params) {
    Map<ContentStream, ContentStream> out = new IdentityHashMap<>();
    if (streams.size() < 2) {
      return out;
    }
    Map<String, ContentStream> images = new HashMap<>();
    for (ContentStream s : streams) {
      String stem = stem(ScanUpdateRequestHandler.fileName(s, params), IMAGE_EXTENSIONS);
      if (stem != null) {
        images.putIfAbsent(stem, s);
      }
    }
    for (ContentStream s : streams) {
      String stem = stem(ScanUpdateRequestHandler.fileName(s, params), OCR_EXTENSIONS);
      ContentStream scan = stem == null ? null : images.get(stem);
      if (scan != null && !out.containsValue(scan)) {
        out.put(s, scan);
      }
    }
    return out;
  }

  /** The name without one of {@code extensions}, lower-cased; null when it has none of them. */
  static String stem(String name, String[] extensions) {
    String lower = name.toLowerCase(Locale.ROOT);
    for (String ext : extensions) {
      if (lower.endsWith(ext)) {
        return lower.substring(0, lower.length() - ext.length());
      }
    }
    return null;
  }
}
