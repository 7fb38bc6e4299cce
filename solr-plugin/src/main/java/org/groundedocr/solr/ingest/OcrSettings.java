package org.groundedocr.solr.ingest;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.solr.common.SolrException;
import org.apache.solr.common.params.SolrParams;
import org.groundedocr.engine.OcrEngineProvider;
import org.groundedocr.engine.OcrEngines;
import org.groundedocr.tika.GroundedOcrConfig;

/**
 * Per-request OCR settings: request parameters {@code ocr.<name>=<value>}, for a document-level
 * setting of {@link GroundedOcrConfig} ({@code ocr.ocrStrategy=ocr_only}, {@code ocr.dpi=300},
 * {@code ocr.firstPage=3}, …) or a setting an engine declares ({@code ocr.limitSide=1280},
 * {@code ocr.mode=base}), each applied through {@link GroundedOcrConfig#set}, which checks it.
 *
 * <p>Only the settings the handler's {@code allowedOcrSettings} names may be set per request
 * (issue 16): engine and model settings change what the server loads and how much it spends, so
 * they are off unless solrconfig allows them by name. {@code modelDir} (a path the server would
 * open) and {@code engineOptions} can never be set per request.
 */
final class OcrSettings {

  static final String PREFIX = "ocr.";

  /** Never per request, whatever the configuration says. */
  static final Set<String> NEVER = Set.of("modelDir", "engineOptions");

  /** What the handler allows when its configuration names nothing: the page-range and rendering settings. */
  static final Set<String> DEFAULT_ALLOWED =
      Set.of("ocrStrategy", "dpi", "firstPage", "lastPage", "maxPages", "pageTimeoutSeconds", "minTextChars");

  /** Set before the others: which engine's declared settings the rest are checked against. */
  private static final List<String> FIRST = List.of("engine", "device");

  private final Set<String> allowed;

  private OcrSettings(Set<String> allowed) {
    this.allowed = allowed;
  }

  /**
   * The allow-list from a comma-separated init parameter value (null: {@link #DEFAULT_ALLOWED}).
   *
   * @throws IllegalArgumentException for an unknown name or one of {@link #NEVER}
   */
  static OcrSettings allowing(String csv) {
    if (csv == null) {
      return new OcrSettings(DEFAULT_ALLOWED);
    }
    Set<String> known = known();
    Set<String> names = new LinkedHashSet<>();
    for (String n : csv.split(",")) {
      String name = n.strip();
      if (name.isEmpty()) {
        continue;
      }
      if (NEVER.contains(name)) {
        throw new IllegalArgumentException(name + " can never be set per request (the server would open a client's path)");
      }
      if (!known.contains(name)) {
        throw new IllegalArgumentException("unknown OCR setting " + name + "; known: " + String.join(", ", known));
      }
      names.add(name);
    }
    return new OcrSettings(Set.copyOf(names));
  }

  Set<String> allowed() {
    return allowed;
  }

  /**
   * The overrides in {@code params}, or null when there are none.
   *
   * @param defaultEngine the engine the handler's parser runs when the request names none
   */
  GroundedOcrConfig fromParams(SolrParams params, String defaultEngine) {
    Map<String, String> given = new LinkedHashMap<>();
    for (Iterator<String> it = params.getParameterNamesIterator(); it.hasNext(); ) {
      String p = it.next();
      if (!p.startsWith(PREFIX)) {
        continue;
      }
      String name = p.substring(PREFIX.length());
      if (!allowed.contains(name)) {
        boolean known = known().contains(name);
        throw new SolrException(
            known ? SolrException.ErrorCode.FORBIDDEN : SolrException.ErrorCode.BAD_REQUEST,
            (known ? p + " cannot be set per request on this server"
                + (NEVER.contains(name) ? "" : " (solrconfig: add " + name + " to allowedOcrSettings of the handler)")
                : "unknown OCR setting " + p)
                + "; per request this server allows: " + listed());
      }
      given.put(name, params.get(p));
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

  /** The document-level settings and every setting an engine on the class path declares. */
  private static Set<String> known() {
    Set<String> names = new TreeSet<>(GroundedOcrConfig.PARAMETERS);
    for (OcrEngineProvider p : OcrEngines.providers()) {
      names.addAll(p.settings().names());
    }
    return names;
  }

  private String listed() {
    return allowed.isEmpty() ? "none" : "ocr." + String.join(", ocr.", new TreeSet<>(allowed));
  }

  private static void set(GroundedOcrConfig config, String name, String value) {
    try {
      config.set(name, value);
    } catch (IllegalArgumentException e) {
      throw new SolrException(SolrException.ErrorCode.BAD_REQUEST, PREFIX + name + ": " + e.getMessage());
    }
  }
}
