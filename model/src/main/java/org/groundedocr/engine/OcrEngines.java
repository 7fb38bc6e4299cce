package org.groundedocr.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/** Creates engines by name through the {@link OcrEngineProvider}s on the class path. */
public final class OcrEngines {

  /** The engine used when configuration names none. */
  public static final String DEFAULT_ENGINE = "ppocr";

  private OcrEngines() {}

  public static OcrEngine create(EngineConfig config) throws OcrException {
    List<String> known = new ArrayList<>();
    for (OcrEngineProvider p :
        ServiceLoader.load(OcrEngineProvider.class, OcrEngines.class.getClassLoader())) {
      if (p.name().equalsIgnoreCase(config.engine())) {
        return p.create(config);
      }
      known.add(p.name());
    }
    throw new OcrException(
        "unknown OCR engine '" + config.engine() + "'; available: " + String.join(", ", known));
  }

  /** Names of the engines on the class path that can run here ({@link OcrEngineProvider#usable}). */
  public static List<String> available() {
    List<String> names = new ArrayList<>();
    ServiceLoader.load(OcrEngineProvider.class, OcrEngines.class.getClassLoader())
        .forEach(p -> {
          if (p.usable()) {
            names.add(p.name());
          }
        });
    return names;
  }
}
