package org.groundedocr.tesseract;

import org.groundedocr.engine.EngineConfig;
import org.groundedocr.engine.EngineSettings;
import org.groundedocr.engine.OcrEngine;
import org.groundedocr.engine.OcrEngineProvider;
import org.groundedocr.engine.OcrException;

/**
 * Registers Tesseract 5 as the engine {@code tesseract}. Options: see {@link TesseractOptions}
 * ({@code lang}, {@code psm}, {@code dpi}, {@code tessdata}, {@code threads}, {@code library});
 * {@code device} and {@code modelDir} are not used. Creating it fails, naming the package to
 * install, where libtesseract or a language's data is missing.
 */
public final class TesseractEngineProvider implements OcrEngineProvider {

  @Override
  public String name() {
    return TesseractEngine.NAME;
  }

  @Override
  public EngineSettings settings() {
    return TesseractOptions.SETTINGS;
  }

  /** Only where libtesseract loads: no library, no claim (the Tika parser then claims nothing). */
  @Override
  public boolean usable() {
    return TesseractLibrary.isAvailable();
  }

  @Override
  public OcrEngine create(EngineConfig config) throws OcrException {
    try {
      return TesseractEngine.create(TesseractOptions.from(config));
    } catch (IllegalArgumentException e) {
      throw new OcrException(e.getMessage(), e);
    }
  }
}
