package org.groundedocr.deepseek;

import org.groundedocr.engine.EngineConfig;
import org.groundedocr.engine.OcrEngine;
import org.groundedocr.engine.OcrEngineProvider;
import org.groundedocr.engine.OcrException;

/** Registers {@link DeepSeekOcrEngine} under the name {@value DeepSeekOcrEngine#NAME}. */
public final class DeepSeekOcrEngineProvider implements OcrEngineProvider {

  @Override
  public String name() {
    return DeepSeekOcrEngine.NAME;
  }

  @Override
  public OcrEngine create(EngineConfig config) throws OcrException {
    return DeepSeekOcrEngine.open(config);
  }
}
