package org.groundedocr.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/** Creates engines by name through the {@link OcrEngineProvider}s on the class path. */
public final class OcrEngines {

  /** The engine used when configuration names none. */
  public static final String DEFAULT_ENGINE = "ppocr";

  private OcrEngines() {}

  /**
   * A new engine for {@code config}, whose options are first checked against the engine's declared
   * settings.
   *
   * @throws OcrException when no engine has that name
   * @throws IllegalArgumentException naming an unknown or bad option
   */
  public static OcrEngine create(EngineConfig config) throws OcrException {
    OcrEngineProvider p = provider(config.engine());
    EngineConfig checked = new EngineConfig(config.engine(), config.device(), config.modelDir(),
        p.settings().check(config.options()));
    return p.create(checked);
  }

  /**
   * The settings {@code engine} declares.
   *
   * @throws OcrException when no engine has that name
   */
  public static EngineSettings settings(String engine) throws OcrException {
    return provider(engine).settings();
  }

  /** Names of the engines on the class path. */
  public static List<String> available() {
    return providers().stream().map(OcrEngineProvider::name).toList();
  }

  /** The engines on the class path. */
  public static List<OcrEngineProvider> providers() {
    List<OcrEngineProvider> all = new ArrayList<>();
    ServiceLoader.load(OcrEngineProvider.class, OcrEngines.class.getClassLoader()).forEach(all::add);
    return all;
  }

  private static OcrEngineProvider provider(String engine) throws OcrException {
    List<OcrEngineProvider> all = providers();
    Optional<OcrEngineProvider> p = all.stream().filter(e -> e.name().equalsIgnoreCase(engine)).findFirst();
    if (p.isEmpty()) {
      throw new OcrException("unknown OCR engine '" + engine + "'; available: "
          + String.join(", ", all.stream().map(OcrEngineProvider::name).toList()));
    }
    return p.get();
  }
}
