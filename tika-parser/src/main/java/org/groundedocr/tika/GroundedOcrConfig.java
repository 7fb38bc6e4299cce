package org.groundedocr.tika;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.groundedocr.engine.Device;
import org.groundedocr.engine.EngineConfig;
import org.groundedocr.engine.EngineSettings;
import org.groundedocr.engine.OcrEngineProvider;
import org.groundedocr.engine.OcrEngines;
import org.groundedocr.engine.OcrException;

/**
 * Settings of {@link GroundedOcrParser}, in the manner of Tika's {@code TesseractOCRConfig}: the
 * parser holds the defaults (from {@code tika-config.xml} parameters of the same names), and a
 * caller overrides some of them for one parse by putting a config in the {@code ParseContext}:
 *
 * <pre>{@code
 * GroundedOcrConfig perCall = new GroundedOcrConfig();
 * perCall.setOcrStrategy("ocr_only");
 * perCall.setFirstPage(3);
 * context.set(GroundedOcrConfig.class, perCall);
 * }</pre>
 *
 * Only the settings a caller set override the defaults ({@link #mergedWith}). Every setter
 * validates its value and fails naming the parameter.
 *
 * <p>This class holds the document-level settings ({@link #PARAMETERS}) and which engine runs
 * ({@code engine}, {@code modelDir}, {@code device}). The engine's own settings ({@code mode},
 * {@code limitSide}, …) are declared by the engine ({@link OcrEngineProvider#settings()}), not
 * here: they are set by name ({@link #set}, {@link #setEngineOption}) and checked against that
 * declaration. They become the {@link EngineConfig} the engine is created from; the parser keeps
 * one engine per distinct engine configuration, so overriding them per call creates (and keeps)
 * another engine.
 */
public final class GroundedOcrConfig implements Serializable {
  private static final long serialVersionUID = 1L;

  public static final int DEFAULT_DPI = 144;
  public static final long DEFAULT_MAX_PIXELS = 100_000_000L;
  public static final int DEFAULT_MAX_PAGES = 10_000;
  public static final int DEFAULT_PAGE_TIMEOUT_SECONDS = 300;
  public static final int DEFAULT_MIN_TEXT_CHARS = 10;

  private String engine = OcrEngines.DEFAULT_ENGINE;
  private String modelDir = "";
  private String device = "cpu";
  private LinkedHashMap<String, String> engineOptions = new LinkedHashMap<>();

  private int dpi = DEFAULT_DPI;
  private OcrStrategy ocrStrategy = OcrStrategy.AUTO;
  private int firstPage = 1;
  private int lastPage = 0;
  private int maxPages = DEFAULT_MAX_PAGES;
  private long maxPixels = DEFAULT_MAX_PIXELS;
  private int pageTimeoutSeconds = DEFAULT_PAGE_TIMEOUT_SECONDS;
  private int minTextChars = DEFAULT_MIN_TEXT_CHARS;
  private String exportFormat = "";

  /** Names of the settings set on this instance, the ones that override on {@link #mergedWith}. */
  private final LinkedHashSet<String> configured = new LinkedHashSet<>();

  /** The parameter names, as in {@code tika-config.xml}. */
  public static final Set<String> PARAMETERS =
      Set.of(
          "engine", "modelDir", "device", "engineOptions", "dpi", "ocrStrategy", "firstPage",
          "lastPage", "maxPages", "maxPixels", "pageTimeoutSeconds", "minTextChars", "exportFormat");

  // ---- engine ----

  /**
   * OCR engine name: {@code ppocr} (default, embedded), {@code deepseek} (needs {@code modelDir})
   * or {@code tesseract} (accented Latin scripts and Fraktur; needs libtesseract5, language in
   * {@code engineOptions} as {@code lang=fra}).
   */
  public void setEngine(String engine) {
    if (engine == null || engine.isBlank()) {
      throw new IllegalArgumentException("engine must not be empty (ppocr, deepseek or tesseract)");
    }
    this.engine = engine.trim().toLowerCase(Locale.ROOT);
    configured.add("engine");
  }

  public String getEngine() {
    return engine;
  }

  /** Model directory for engines that load exported weights ({@code deepseek}); empty for none. */
  public void setModelDir(String modelDir) {
    this.modelDir = modelDir == null ? "" : modelDir.trim();
    configured.add("modelDir");
  }

  public String getModelDir() {
    return modelDir;
  }

  /** {@code cpu} (default) or {@code cuda}; engines fall back to CPU with a warning. */
  public void setDevice(String device) {
    Device.parse(device);
    this.device = device.trim().toLowerCase(Locale.ROOT);
    configured.add("device");
  }

  public String getDevice() {
    return device;
  }

  /**
   * Further engine options as {@code key=value} strings (from a {@code type="list"} parameter),
   * passed to the engine verbatim; the named settings above win over these.
   */
  public void setEngineOptions(List<String> options) {
    LinkedHashMap<String, String> parsed = new LinkedHashMap<>();
    for (String o : options) {
      int eq = o == null ? -1 : o.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException(
            "engineOptions entries must be key=value, got '" + o + "'");
      }
      parsed.put(o.substring(0, eq).trim(), o.substring(eq + 1).trim());
    }
    this.engineOptions = parsed;
    configured.add("engineOptions");
  }

  /** Sets one engine option (same as an {@code engineOptions} entry). */
  public void setEngineOption(String key, String value) {
    if (key == null || key.isBlank()) {
      throw new IllegalArgumentException("engine option key must not be empty");
    }
    LinkedHashMap<String, String> copy = new LinkedHashMap<>(engineOptions);
    copy.put(key.trim(), value == null ? "" : value);
    this.engineOptions = copy;
    configured.add("engineOptions");
  }

  public Map<String, String> getEngineOptions() {
    return Map.copyOf(engineOptions);
  }

  /**
   * Sets a setting by name from text, the way {@code tika-config.xml}, Solr's {@code ocr.<name>}
   * request parameters and other string sources give it: a document-level setting ({@code dpi},
   * {@code firstPage}, …) through its validating setter, any other name as an option of the
   * engine, checked against the settings the engine (this config's {@code engine}, so set it first)
   * declares.
   *
   * @throws IllegalArgumentException naming the setting: unknown, or a bad value
   */
  public void set(String name, String value) {
    String v = value == null ? "" : value.strip();
    switch (name) {
      case "engine" -> setEngine(v);
      case "modelDir" -> setModelDir(v);
      case "device" -> setDevice(v);
      case "engineOptions" -> throw new IllegalArgumentException(
          "engine options are set by their own names (" + String.join(", ", engineSettings().names()) + ")");
      case "dpi" -> setDpi(integer(name, v));
      case "ocrStrategy" -> setOcrStrategy(v);
      case "firstPage" -> setFirstPage(integer(name, v));
      case "lastPage" -> setLastPage(integer(name, v));
      case "maxPages" -> setMaxPages(integer(name, v));
      case "maxPixels" -> setMaxPixels(longInteger(name, v));
      case "pageTimeoutSeconds" -> setPageTimeoutSeconds(integer(name, v));
      case "minTextChars" -> setMinTextChars(integer(name, v));
      case "exportFormat" -> setExportFormat(v);
      default -> setEngineOption(name, engineSettings().check(name, value));
    }
  }

  /** The settings the configured engine declares. */
  public EngineSettings engineSettings() {
    try {
      return OcrEngines.settings(engine);
    } catch (OcrException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  private static int integer(String name, String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be an integer, got '" + value + "'", e);
    }
  }

  private static long longInteger(String name, String value) {
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be an integer, got '" + value + "'", e);
    }
  }

  // ---- pages ----

  /** Resolution PDF pages are rendered at; boxes of every page are in pixels at this resolution. */
  public void setDpi(int dpi) {
    if (dpi < 36 || dpi > 1200) {
      throw new IllegalArgumentException("dpi must be between 36 and 1200, got " + dpi);
    }
    this.dpi = dpi;
    configured.add("dpi");
  }

  public int getDpi() {
    return dpi;
  }

  /** {@code auto} (default), {@code ocr_only} or {@code no_ocr}; see {@link OcrStrategy}. */
  public void setOcrStrategy(String ocrStrategy) {
    this.ocrStrategy = OcrStrategy.parse(ocrStrategy);
    configured.add("ocrStrategy");
  }

  public void setOcrStrategy(OcrStrategy ocrStrategy) {
    if (ocrStrategy == null) {
      throw new IllegalArgumentException("ocrStrategy must not be null");
    }
    this.ocrStrategy = ocrStrategy;
    configured.add("ocrStrategy");
  }

  public OcrStrategy getOcrStrategy() {
    return ocrStrategy;
  }

  /** First page to read, 1-based (default 1). */
  public void setFirstPage(int firstPage) {
    if (firstPage < 1) {
      throw new IllegalArgumentException("firstPage is 1-based, got " + firstPage);
    }
    this.firstPage = firstPage;
    configured.add("firstPage");
  }

  public int getFirstPage() {
    return firstPage;
  }

  /** Last page to read, 1-based and inclusive; 0 (default) for the document's last page. */
  public void setLastPage(int lastPage) {
    this.lastPage = nonNegative("lastPage", lastPage);
    configured.add("lastPage");
  }

  public int getLastPage() {
    return lastPage;
  }

  /**
   * Most pages read from one document (default 10,000); the rest are left out and counted in
   * {@link GroundedOcrMetadata#PAGES_SKIPPED}.
   */
  public void setMaxPages(int maxPages) {
    if (maxPages < 1) {
      throw new IllegalArgumentException("maxPages must be positive, got " + maxPages);
    }
    this.maxPages = maxPages;
    configured.add("maxPages");
  }

  public int getMaxPages() {
    return maxPages;
  }

  /**
   * Largest page, in pixels ({@code width * height}), decoded or rendered (default 100 megapixels):
   * the guard against decompression bombs. A larger page fails (and only that page); for PDFs it
   * also bounds the declared size of the images a page draws.
   */
  public void setMaxPixels(long maxPixels) {
    if (maxPixels < 1) {
      throw new IllegalArgumentException("maxPixels must be positive, got " + maxPixels);
    }
    this.maxPixels = maxPixels;
    configured.add("maxPixels");
  }

  public long getMaxPixels() {
    return maxPixels;
  }

  /** Time allowed for one page (reading it and OCR), in seconds (default 300); 0 for no limit. */
  public void setPageTimeoutSeconds(int pageTimeoutSeconds) {
    this.pageTimeoutSeconds = nonNegative("pageTimeoutSeconds", pageTimeoutSeconds);
    configured.add("pageTimeoutSeconds");
  }

  public int getPageTimeoutSeconds() {
    return pageTimeoutSeconds;
  }

  /**
   * {@code auto} strategy: a PDF page whose text layer has fewer non-whitespace characters than
   * this (default 10) is OCRed.
   */
  public void setMinTextChars(int minTextChars) {
    this.minTextChars = nonNegative("minTextChars", minTextChars);
    configured.add("minTextChars");
  }

  public int getMinTextChars() {
    return minTextChars;
  }

  /**
   * {@code alto}, {@code hocr} or {@code page}: the parse also writes the document in that format
   * to {@code ocr:export} (one value; PAGE-XML: one per page); empty (default): not.
   */
  public void setExportFormat(String exportFormat) {
    String f = exportFormat == null ? "" : exportFormat.strip();
    if (!f.isEmpty()) {
      org.groundedocr.format.OcrFormat.of(f);
    }
    this.exportFormat = f.toLowerCase(java.util.Locale.ROOT);
    configured.add("exportFormat");
  }

  public String getExportFormat() {
    return exportFormat;
  }

  // ---- derived ----

  /** What the engine is created from. */
  public EngineConfig engineConfig() {
    return new EngineConfig(
        engine, Device.parse(device), modelDir.isEmpty() ? null : Path.of(modelDir), engineOptions);
  }

  /** The last page to read of a {@code pageCount}-page document (before {@code maxPages}). */
  int lastPageOf(int pageCount) {
    return lastPage == 0 ? pageCount : Math.min(lastPage, pageCount);
  }

  /**
   * A new config: this one's values, overridden by the settings {@code overrides} had set. The
   * result counts as configured wherever either was.
   */
  public GroundedOcrConfig mergedWith(GroundedOcrConfig overrides) {
    GroundedOcrConfig merged = copy();
    if (overrides != null) {
      for (String name : overrides.configured) {
        merged.take(name, overrides);
      }
    }
    return merged;
  }

  /** The names of the settings set on this instance. */
  public Set<String> configuredSettings() {
    return Set.copyOf(configured);
  }

  private GroundedOcrConfig copy() {
    GroundedOcrConfig c = new GroundedOcrConfig();
    for (String name : PARAMETERS) {
      c.take(name, this);
    }
    c.configured.clear();
    c.configured.addAll(configured);
    return c;
  }

  private void take(String name, GroundedOcrConfig from) {
    switch (name) {
      case "engine" -> engine = from.engine;
      case "modelDir" -> modelDir = from.modelDir;
      case "device" -> device = from.device;
      case "engineOptions" -> engineOptions = new LinkedHashMap<>(from.engineOptions);
      case "dpi" -> dpi = from.dpi;
      case "ocrStrategy" -> ocrStrategy = from.ocrStrategy;
      case "firstPage" -> firstPage = from.firstPage;
      case "lastPage" -> lastPage = from.lastPage;
      case "maxPages" -> maxPages = from.maxPages;
      case "maxPixels" -> maxPixels = from.maxPixels;
      case "pageTimeoutSeconds" -> pageTimeoutSeconds = from.pageTimeoutSeconds;
      case "minTextChars" -> minTextChars = from.minTextChars;
      case "exportFormat" -> exportFormat = from.exportFormat;
      default -> throw new IllegalStateException("unknown setting " + name);
    }
    configured.add(name);
  }

  private static int nonNegative(String name, int value) {
    if (value < 0) {
      throw new IllegalArgumentException(name + " must not be negative, got " + value);
    }
    return value;
  }

  @Override
  public String toString() {
    return "GroundedOcrConfig{engine="
        + engine
        + ", modelDir="
        + modelDir
        + ", device="
        + device
        + ", engineOptions="
        + engineOptions
        + ", dpi="
        + dpi
        + ", ocrStrategy="
        + ocrStrategy.configName()
        + ", pages="
        + firstPage
        + ".."
        + (lastPage == 0 ? "end" : lastPage)
        + ", maxPages="
        + maxPages
        + ", maxPixels="
        + maxPixels
        + ", pageTimeoutSeconds="
        + pageTimeoutSeconds
        + "}";
  }
}
