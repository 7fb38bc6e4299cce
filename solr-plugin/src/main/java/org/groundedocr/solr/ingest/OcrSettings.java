package org.groundedocr.solr.ingest;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.apache.solr.common.SolrException;
import org.apache.solr.common.params.SolrParams;
import org.groundedocr.tika.GroundedOcrConfig;

/**
 * Per-request OCR settings: request parameters {@code ocr.<name>=<value>} for the parameters of
 * {@link GroundedOcrConfig} ({@code ocr.ocrStrategy=ocr_only}, {@code ocr.dpi=300},
 * {@code ocr.firstPage=3}, …), applied through the config's own validating setters.
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
    Set<String> names = new LinkedHashSet<>();
    for (String n : csv.split(",")) {
      String name = n.strip();
      if (name.isEmpty()) {
        continue;
      }
      if (NEVER.contains(name)) {
        throw new IllegalArgumentException(name + " can never be set per request (the server would open a client's path)");
      }
      if (!GroundedOcrConfig.PARAMETERS.contains(name)) {
        throw new IllegalArgumentException("unknown OCR setting " + name + "; known: "
            + String.join(", ", new TreeSet<>(GroundedOcrConfig.PARAMETERS)));
      }
      names.add(name);
    }
    return new OcrSettings(Set.copyOf(names));
  }

  Set<String> allowed() {
    return allowed;
  }

  /** The overrides in {@code params}, or null when there are none. */
  GroundedOcrConfig fromParams(SolrParams params) {
    GroundedOcrConfig config = null;
    for (Iterator<String> it = params.getParameterNamesIterator(); it.hasNext(); ) {
      String p = it.next();
      if (!p.startsWith(PREFIX)) {
        continue;
      }
      String name = p.substring(PREFIX.length());
      if (!GroundedOcrConfig.PARAMETERS.contains(name)) {
        throw new SolrException(
            SolrException.ErrorCode.BAD_REQUEST,
            "unknown OCR setting " + p + "; per request this server allows: " + listed());
      }
      if (!allowed.contains(name)) {
        throw new SolrException(
            SolrException.ErrorCode.FORBIDDEN,
            p + " cannot be set per request on this server"
                + (NEVER.contains(name) ? "" : " (solrconfig: add " + name + " to allowedOcrSettings of the handler)")
                + "; allowed: " + listed());
      }
      if (config == null) {
        config = new GroundedOcrConfig();
      }
      set(config, name, params.get(p));
    }
    return config;
  }

  private String listed() {
    return allowed.isEmpty() ? "none" : "ocr." + String.join(", ocr.", new TreeSet<>(allowed));
  }

  private static void set(GroundedOcrConfig config, String name, String value) {
    String setter = "set" + name.substring(0, 1).toUpperCase(Locale.ROOT) + name.substring(1);
    try {
      for (Class<?> type : new Class<?>[] {String.class, int.class, long.class}) {
        Method m;
        try {
          m = GroundedOcrConfig.class.getMethod(setter, type);
        } catch (NoSuchMethodException e) {
          continue;
        }
        // one branch per type: a conditional expression mixing int and long would promote the
        // int to a long, and reflection then refuses it for an int setter ("argument type mismatch")
        Object arg;
        if (type == String.class) {
          arg = value;
        } else if (type == int.class) {
          arg = Integer.valueOf(value.strip());
        } else {
          arg = Long.valueOf(value.strip());
        }
        m.invoke(config, arg);
        return;
      }
      throw new SolrException(SolrException.ErrorCode.BAD_REQUEST, "OCR setting ocr." + name + " cannot be set per request");
    } catch (NumberFormatException e) {
      throw new SolrException(SolrException.ErrorCode.BAD_REQUEST, "ocr." + name + " must be a whole number, got '" + value + "'");
    } catch (InvocationTargetException e) {
      throw new SolrException(
          SolrException.ErrorCode.BAD_REQUEST, "ocr." + name + ": " + e.getCause().getMessage(), e.getCause());
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }
}
