package org.groundedocr.highlight;

import java.util.Locale;

/** How highlight and region boxes are expressed in a response. */
public enum Coordinates {
  /** Page pixels of the image the OCR read (the default). */
  ABSOLUTE,
  /** Highlight boxes relative to the top-left corner of their parent region (regions stay absolute). */
  REGION,
  /** Fractions 0–1 of the page width and height, for regions and highlights. */
  RELATIVE;

  /** Parses {@code absolute}, {@code region} or {@code relative}, case-insensitively. */
  public static Coordinates parse(String value) {
    if (value == null || value.isBlank()) {
      return ABSOLUTE;
    }
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "unknown coordinates '" + value + "'; use absolute, region or relative", e);
    }
  }
}
