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
}
