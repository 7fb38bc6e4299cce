package org.groundedocr.solr.ingest;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.solr.common.SolrException;
import org.apache.solr.common.params.SolrParams;
import org.groundedocr.tika.GroundedOcrConfig;

/**
 * Per-request OCR settings: request parameters {@code ocr.<name>=<value>}, for a document-level
 * setting of {@link GroundedOcrConfig} ({@code ocr.ocrStrategy=ocr_only}, {@code ocr.dpi=300},
 * {@code ocr.firstPage=3}, …) or a setting the engine declares ({@code ocr.limitSide=1280},
 * {@code ocr.mode=base}), each applied through {@link GroundedOcrConfig#set}, which checks it.
 */
final class OcrSettings {

  static final String PREFIX = "ocr.";

  /** Set before the others: which engine's declared settings the rest are checked against. */
  private static final List<String> FIRST = List.of("engine", "modelDir", "device");

  private OcrSettings() {}

  /**
   * The overrides in {@code params}, or null when there are none.
   *
   * @param defaultEngine the engine the handler's parser runs when the request names none
   */
  static GroundedOcrConfig fromParams(SolrParams params, String defaultEngine) {
    Map<String, String> given = new LinkedHashMap<>();
    for (Iterator<String> it = params.getParameterNamesIterator(); it.hasNext(); ) {
      String p = it.next();
      if (p.startsWith(PREFIX)) {
        given.put(p.substring(PREFIX.length()), params.get(p));
      }
    }
    if (given.isEmpty()) {
      return null;
    }
    GroundedOcrConfig config = new GroundedOcrConfig();
    if (!given.containsKey("engine")) {
      config.setEngine(defaultEngine);
    }
    for (String name : FIRST) {
      if (given.containsKey(name)) {
        set(config, name, given.remove(name));
      }
    }
    given.forEach((name, value) -> set(config, name, value));
    return config;
  }

  private static void set(GroundedOcrConfig config, String name, String value) {
    try {
      config.set(name, value);
    } catch (IllegalArgumentException e) {
      throw new SolrException(SolrException.ErrorCode.BAD_REQUEST, PREFIX + name + ": " + e.getMessage());
    }
  }
}
