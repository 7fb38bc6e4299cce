package org.groundedocr.solr.ingest;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Iterator;
import java.util.Locale;
import org.apache.solr.common.SolrException;
import org.apache.solr.common.params.SolrParams;
import org.groundedocr.tika.GroundedOcrConfig;

/**
 * Per-request OCR settings: request parameters {@code ocr.<name>=<value>} for the parameters of
 * {@link GroundedOcrConfig} ({@code ocr.ocrStrategy=ocr_only}, {@code ocr.dpi=300},
 * {@code ocr.firstPage=3}, …), applied through the config's own validating setters.
 */
final class OcrSettings {

  static final String PREFIX = "ocr.";

  private OcrSettings() {}

  /** The overrides in {@code params}, or null when there are none. */
  static GroundedOcrConfig fromParams(SolrParams params) {
    GroundedOcrConfig config = null;
    for (Iterator<String> it = params.getParameterNamesIterator(); it.hasNext(); ) {
      String p = it.next();
      if (!p.startsWith(PREFIX)) {
        continue;
      }
      String name = p.substring(PREFIX.length());
      if (!GroundedOcrConfig.PARAMETERS.contains(name) || name.equals("engineOptions")) {
        throw new SolrException(
            SolrException.ErrorCode.BAD_REQUEST,
            "unknown OCR setting " + p + "; known: ocr." + String.join(", ocr.",
                new java.util.TreeSet<>(GroundedOcrConfig.PARAMETERS)));
      }
      if (config == null) {
        config = new GroundedOcrConfig();
      }
      set(config, name, params.get(p));
    }
    return config;
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
        Object arg =
            type == String.class ? value : type == int.class ? Integer.parseInt(value.strip()) : Long.parseLong(value.strip());
        m.invoke(config, arg);
        return;
      }
      throw new SolrException(SolrException.ErrorCode.BAD_REQUEST, "OCR setting ocr." + name + " cannot be set per request");
    } catch (NumberFormatException e) {
      throw new SolrException(SolrException.ErrorCode.BAD_REQUEST, "ocr." + name + " must be a number, got '" + value + "'");
    } catch (InvocationTargetException e) {
      throw new SolrException(
          SolrException.ErrorCode.BAD_REQUEST, "ocr." + name + ": " + e.getCause().getMessage(), e.getCause());
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }
}
