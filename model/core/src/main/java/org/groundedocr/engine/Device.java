package org.groundedocr.engine;

import java.util.Locale;

/** Where an engine runs its ONNX Runtime sessions. */
public enum Device {
  CPU,
  CUDA;

  /** Parses {@code cpu} / {@code cuda} (any case); fails naming the accepted values. */
  public static Device parse(String value) {
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new IllegalArgumentException("device must be cpu or cuda, got '" + value + "'", e);
    }
  }
}
