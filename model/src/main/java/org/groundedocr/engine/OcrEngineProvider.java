package org.groundedocr.engine;

/**
 * Service-provider interface: each engine registers one in
 * {@code META-INF/services/org.groundedocr.engine.OcrEngineProvider} so that callers pick engines
 * by name from configuration.
 */
public interface OcrEngineProvider {

  /** The name configurations use ({@code ppocr}, {@code deepseek}). */
  String name();

  /** A new engine; validates the configuration and fails naming the bad option. */
  OcrEngine create(EngineConfig config) throws OcrException;

  /**
   * Whether the engine can run here at all: {@code false} for an engine over a system library that
   * is not installed. Callers that advertise what they can parse (Tika's {@code
   * getSupportedTypes}) list only usable engines; {@link #create} still says what to install.
   */
  default boolean usable() {
    return true;
  }
}
