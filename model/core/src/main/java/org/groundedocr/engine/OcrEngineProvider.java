package org.groundedocr.engine;

/**
 * Service-provider interface: each engine registers one in
 * {@code META-INF/services/org.groundedocr.engine.OcrEngineProvider} so that callers pick engines
 * by name from configuration.
 */
public interface OcrEngineProvider {

  /** The name configurations use ({@code ppocr}, {@code deepseek}). */
  String name();

  /**
   * The engine's settings, the only options {@link #create} is given (checked and normalised by
   * {@link OcrEngines#create}). Tika parameters, Solr request parameters, CLI options and the
   * README's option tables are all read from here. An engine that declares nothing gets every
   * option unchecked.
   */
  default EngineSettings settings() {
    return EngineSettings.undeclared(name());
  }

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
