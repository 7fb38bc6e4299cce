package org.groundedocr.ppocr;

import org.groundedocr.engine.EngineConfig;
import org.groundedocr.engine.EngineSettings;
import org.groundedocr.engine.OcrEngine;
import org.groundedocr.engine.OcrEngineProvider;
import org.groundedocr.engine.OcrException;

/**
 * Registers the embedded PP-OCRv4 engine as {@code ppocr}, the default. Options: see {@link
 * PpOcrOptions}; {@code modelDir} is not used (the models come from the class path).
 */
public final class PpOcrEngineProvider implements OcrEngineProvider {

  @Override
  public String name() {
    return PpOcrEngine.NAME;
  }

  @Override
  public EngineSettings settings() {
    return PpOcrOptions.SETTINGS;
  }

  @Override
  public OcrEngine create(EngineConfig config) throws OcrException {
    return PpOcrEngine.create(PpOcrOptions.from(config), config.device());
  }
}
