package org.groundedocr.engine;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One setting an engine declares: its name (as {@code tika-config.xml}, {@code solrconfig.xml},
 * Solr's {@code ocr.<name>} request parameters and the CLI's {@code -O name=value} spell it), its
 * kind, its default, its range or choices and one line of documentation. The engine's provider
 * lists them ({@link OcrEngineProvider#settings()}); every place that takes engine settings reads
 * them from there, so a setting is written once.
 *
 * @param defaultValue the default as text; empty when the default depends on the model (say so in
 *     {@code doc})
 * @param choices the allowed values of a {@link Kind#CHOICE} setting (lower case), else empty
 * @param min the smallest allowed value of a number, or {@code null}
 * @param max the largest allowed value of a number, or {@code null}
 */
public record EngineSetting(
    String name, Kind kind, String defaultValue, String doc, List<String> choices, Double min, Double max) {

  /** How a setting's text is read. */
  public enum Kind {
    INTEGER,
    NUMBER,
    BOOLEAN,
    CHOICE,
    TEXT
  }

  public EngineSetting {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    defaultValue = defaultValue == null ? "" : defaultValue;
    Objects.requireNonNull(doc, "doc");
    choices = choices == null ? List.of() : List.copyOf(choices);
    if (kind == Kind.CHOICE && choices.isEmpty()) {
      throw new IllegalArgumentException("setting " + name + ": a choice needs its choices");
    }
  }

  public static EngineSetting integer(String name, int defaultValue, int min, int max, String doc) {
    return new EngineSetting(name, Kind.INTEGER, Integer.toString(defaultValue), doc, List.of(), (double) min, (double) max);
  }

  /** An integer whose default depends on the model or the page (say so in {@code doc}). */
  public static EngineSetting integer(String name, int min, int max, String doc) {
    return new EngineSetting(name, Kind.INTEGER, "", doc, List.of(), (double) min, (double) max);
  }

  /** A number in the closed range [{@code min}, {@code max}]. */
  public static EngineSetting number(String name, double defaultValue, double min, double max, String doc) {
    return new EngineSetting(name, Kind.NUMBER, trimZero(defaultValue), doc, List.of(), min, max);
  }

  public static EngineSetting bool(String name, boolean defaultValue, String doc) {
    return new EngineSetting(name, Kind.BOOLEAN, Boolean.toString(defaultValue), doc, List.of(), null, null);
  }

  /** One of {@code choices}; {@code defaultValue} empty when the model decides. */
  public static EngineSetting choice(String name, String defaultValue, String doc, String... choices) {
    return new EngineSetting(name, Kind.CHOICE, defaultValue, doc, List.of(choices), null, null);
  }

  public static EngineSetting text(String name, String defaultValue, String doc) {
    return new EngineSetting(name, Kind.TEXT, defaultValue, doc, List.of(), null, null);
  }

  /**
   * {@code value} checked against this setting and normalised (trimmed; choices and booleans in
   * lower case).
   *
   * @throws IllegalArgumentException naming the setting, what it must be and what it got
   */
  public String check(String value) {
    String v = value == null ? "" : value.strip();
    switch (kind) {
      case INTEGER -> {
        long n;
        try {
          n = Long.parseLong(v);
        } catch (NumberFormatException e) {
          throw bad("an integer" + range(), value);
        }
        inRange(n, value);
        return Long.toString(n);
      }
      case NUMBER -> {
        double d;
        try {
          d = Double.parseDouble(v);
        } catch (NumberFormatException e) {
          throw bad("a number" + range(), value);
        }
        if (Double.isNaN(d)) {
          throw bad("a number" + range(), value);
        }
        inRange(d, value);
        return v;
      }
      case BOOLEAN -> {
        String b = v.toLowerCase(Locale.ROOT);
        if (!b.equals("true") && !b.equals("false")) {
          throw bad("true or false", value);
        }
        return b;
      }
      case CHOICE -> {
        String c = v.toLowerCase(Locale.ROOT);
        if (!choices.contains(c)) {
          throw bad("one of " + String.join(", ", choices), value);
        }
        return c;
      }
      default -> {
        return value == null ? "" : value;
      }
    }
  }

  /** What the setting takes, for help texts and the README's tables. */
  public String valueHint() {
    return switch (kind) {
      case INTEGER -> "integer" + range();
      case NUMBER -> "number" + range();
      case BOOLEAN -> "true, false";
      case CHOICE -> String.join(", ", choices);
      case TEXT -> "text";
    };
  }

  private void inRange(double n, String value) {
    if ((min != null && n < min) || (max != null && n > max)) {
      throw bad((kind == Kind.INTEGER ? "an integer" : "a number") + range(), value);
    }
  }

  private String range() {
    if (min == null && max == null) {
      return "";
    }
    if (max == null) {
      return " ≥ " + trimZero(min);
    }
    if (min == null) {
      return " ≤ " + trimZero(max);
    }
    return " in " + trimZero(min) + ".." + trimZero(max);
  }

  private IllegalArgumentException bad(String what, String value) {
    return new IllegalArgumentException("engine option '" + name + "' must be " + what + ", got '" + value + "'");
  }

  private static String trimZero(double d) {
    return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
  }
}
