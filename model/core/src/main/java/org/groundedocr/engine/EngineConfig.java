package org.groundedocr.engine;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * What an engine is created from: its name, the device, an optional model directory (DeepSeek-OCR
 * exports) and engine-specific options (mode, task, max tokens, limit side, …) as strings, the way
 * they arrive from {@code tika-config.xml}, {@code solrconfig.xml} or the command line.
 */
public record EngineConfig(String engine, Device device, Path modelDir, Map<String, String> options) {

  public EngineConfig {
    Objects.requireNonNull(engine, "engine");
    device = device == null ? Device.CPU : device;
    options = options == null ? Map.of() : Map.copyOf(options);
  }

  public static EngineConfig of(String engine) {
    return new EngineConfig(engine, Device.CPU, null, Map.of());
  }

  public String option(String key, String defaultValue) {
    return options.getOrDefault(key, defaultValue);
  }

  public int intOption(String key, int defaultValue) {
    String v = options.get(key);
    if (v == null || v.isBlank()) {
      return defaultValue;
    }
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "engine option '" + key + "' must be an integer, got '" + v + "'", e);
    }
  }
}
