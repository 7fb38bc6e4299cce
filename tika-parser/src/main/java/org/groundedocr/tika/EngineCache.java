package org.groundedocr.tika;

import java.io.Closeable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.groundedocr.engine.EngineConfig;
import org.groundedocr.engine.OcrEngine;
import org.groundedocr.engine.OcrEngines;
import org.groundedocr.engine.OcrException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engines of one parser: created on first use, one per distinct {@link EngineConfig}, then
 * shared by every parse on every thread (engines are thread-safe and hold their ONNX Runtime
 * sessions once). Creation is serialised so two threads never load the same model twice; a failed
 * creation is not cached, so fixing the model directory does not need a restart.
 */
final class EngineCache implements Closeable {

  private static final Logger LOG = LoggerFactory.getLogger(EngineCache.class);

  private final Map<EngineConfig, OcrEngine> engines = new ConcurrentHashMap<>();
  private final Map<String, Boolean> availability = new ConcurrentHashMap<>();
  private final Object creationLock = new Object();
  private volatile boolean closed;

  OcrEngine get(EngineConfig config) throws OcrException {
    OcrEngine engine = engines.get(config);
    if (engine != null) {
      return engine;
    }
    synchronized (creationLock) {
      if (closed) {
        throw new OcrException("the parser was closed");
      }
      engine = engines.get(config);
      if (engine == null) {
        long t0 = System.nanoTime();
        engine = OcrEngines.create(config);
        LOG.info(
            "created OCR engine {} on {} in {} ms",
            config.engine(), config.device(), (System.nanoTime() - t0) / 1_000_000);
        engines.put(config, engine);
      }
      return engine;
    }
  }

  /**
   * Whether an engine of this name is on the class path. Asked on every parse (Tika's composite
   * parsers call {@code getSupportedTypes} to route each document), so the service-loader scan is
   * done once per name.
   */
  boolean available(String engineName) {
    return availability.computeIfAbsent(engineName.toLowerCase(java.util.Locale.ROOT), name -> {
      List<String> names = OcrEngines.available();
      return names.stream().anyMatch(n -> n.equalsIgnoreCase(name));
    });
  }

  @Override
  public void close() {
    synchronized (creationLock) {
      closed = true;
      for (OcrEngine e : engines.values()) {
        try {
          e.close();
        } catch (RuntimeException ex) {
          LOG.warn("closing OCR engine {} failed", e.name(), ex);
        }
      }
      engines.clear();
    }
  }
}
