package org.groundedocr.deepseek;

import org.groundedocr.engine.EngineConfig;
import org.groundedocr.engine.OcrEngine;
import org.groundedocr.engine.OcrEngineProvider;
import org.groundedocr.engine.OcrException;

/**
 * Registers the DeepSeek-OCR engines under the name {@value DeepSeekOcrEngine#NAME}: the batched
 * {@link DeepSeekBatchEngine} (pages decoded together through {@code generate.onnx}, for GPUs) when
 * the configuration sets {@value DeepSeekBatchEngine#BATCH_SIZE}, otherwise the step-by-step
 * {@link DeepSeekOcrEngine}.
 */
public final class DeepSeekOcrEngineProvider implements OcrEngineProvider {

  @Override
  public String name() {
    return DeepSeekOcrEngine.NAME;
  }

  @Override
  public OcrEngine create(EngineConfig config) throws OcrException {
    if (config.options().containsKey(DeepSeekBatchEngine.BATCH_SIZE)) {
      return DeepSeekBatchEngine.open(config);
    }
    return DeepSeekOcrEngine.open(config);
  }
}
