package org.groundedocr.tesseract;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import org.groundedocr.engine.EngineConfig;
import org.groundedocr.engine.EngineSetting;
import org.groundedocr.engine.EngineSettings;

/**
 * The {@code tesseract} engine's options, from {@link EngineConfig#options()}.
 *
 * @param lang Tesseract language(s), {@code +}-joined as on its command line: {@code fra},
 *     {@code deu+frk}, {@code eng} (default {@code eng}); each needs its traineddata
 * @param psm page segmentation mode, Tesseract's numbering: 3 (default) is fully automatic layout,
 *     the mode whose blocks and reading order the grounded page keeps; 1 adds orientation and
 *     script detection (needs {@code osd}); 4 and 6 assume one column / one block
 * @param dpi the scan's resolution given to Tesseract, overriding the file's; 0 (default) uses the
 *     resolution the image file declares (JFIF, TIFF, PNG), as Tesseract's command line does, and
 *     lets Tesseract estimate it from the text where the file declares none
 * @param tessdata the directory holding {@code LANG.traineddata}; {@code null} (default) looks in
 *     {@code TESSDATA_PREFIX} and then the distributions' usual places
 * @param threads most pages read at the same time; each holds its own initialised Tesseract (it
 *     is not thread-safe), created on first need (default: the number of processors)
 * @param library the Tesseract library to load, a name or an absolute path; {@code null}
 *     (default) tries {@code libtesseract.so.5}
 * @param layout who lays out Tesseract's lines into regions and reading order: {@link
 *     Layout#GROUNDED} (default) the project's layout analysis, {@link Layout#TESSERACT}
 *     Tesseract's own blocks and paragraphs
 */
public record TesseractOptions(
    String lang, int psm, int dpi, Path tessdata, int threads, String library, Layout layout) {

  /** Who lays out the recognised lines (the {@code layout} option). */
  public enum Layout {
    /** Tesseract's lines and words, regions and reading order from {@code model/layout}. */
    GROUNDED,
    /** Tesseract's own blocks and paragraphs, in its order. */
    TESSERACT;

    String value() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public static final String LANG = "lang";
  public static final String PSM = "psm";
  public static final String DPI = "dpi";
  public static final String TESSDATA = "tessdata";
  public static final String THREADS = "threads";
  public static final String LIBRARY = "library";
  public static final String LAYOUT = "layout";

  /** The settings this engine declares (README, "Accents and Fraktur: the Tesseract engine"). */
  public static final EngineSettings SETTINGS = EngineSettings.of(TesseractEngine.NAME,
      EngineSetting.text(LANG, "eng", "Tesseract language(s), `+`-joined as on its command line (`fra`,"
          + " `deu+frk`); each needs its traineddata (`apt-get install tesseract-ocr-fra`)"),
      EngineSetting.integer(PSM, 3, 1, 13, "page segmentation mode, Tesseract's numbering: 3 is"
          + " automatic layout (blocks and reading order kept); 1 adds orientation detection (needs"
          + " `osd`); 4 and 6 assume one column / one block; 0 and 2 give no text"),
      EngineSetting.integer(DPI, 0, 0, 2400, "the scan's resolution, overriding the file's; 0 uses what"
          + " the image file declares, else Tesseract's estimate (70..2400 otherwise)"),
      EngineSetting.text(TESSDATA, "", "directory holding `LANG.traineddata`; default: `TESSDATA_PREFIX`,"
          + " then the distribution's places"),
      EngineSetting.integer(THREADS, 1, 1024, "pages read at the same time, each with its own"
          + " Tesseract; default: the number of processors"),
      EngineSetting.text(LIBRARY, "", "the Tesseract library to load (name or absolute path); default"
          + " `libtesseract.so.5`"),
      EngineSetting.choice(LAYOUT, "grounded", "who lays out Tesseract's lines: `grounded` (regions,"
          + " reading order, headings, furniture, figures and tables from the project's layout"
          + " analysis, the one `ppocr` uses) or `tesseract` (its own blocks and paragraphs)",
          "grounded", "tesseract"));

  /** One or more language codes ({@code fra}, {@code chi_sim}, {@code script/Latin}) joined by +. */
  private static final Pattern LANGS =
      Pattern.compile("[A-Za-z0-9_/-]+(\\+[A-Za-z0-9_/-]+)*");

  public TesseractOptions {
    if (lang == null || !LANGS.matcher(lang).matches()) {
      throw new IllegalArgumentException("tesseract option lang must be language codes joined by"
          + " '+' (fra, deu+frk, eng), got '" + lang + "'");
    }
    // 0 is orientation detection only and 2 is layout without recognition: neither gives text
    if (psm < 1 || psm > 13 || psm == 2) {
      throw new IllegalArgumentException("tesseract option psm must be 1 or 3..13 (3: automatic"
          + " layout, the default), got " + psm);
    }
    if (dpi != 0 && (dpi < 70 || dpi > 2400)) {
      throw new IllegalArgumentException(
          "tesseract option dpi must be 0 (estimate) or 70..2400, got " + dpi);
    }
    if (threads < 1) {
      throw new IllegalArgumentException("tesseract option threads must be >= 1, got " + threads);
    }
    Objects.requireNonNull(layout, "layout");
  }

  public static TesseractOptions defaults() {
    return new TesseractOptions(
        "eng", 3, 0, null, Runtime.getRuntime().availableProcessors(), null, Layout.GROUNDED);
  }

  /** Reads the options; an unknown key fails naming the known ones (a typo must not be ignored). */
  public static TesseractOptions from(EngineConfig config) {
    TesseractOptions d = defaults();
    SETTINGS.check(config.options());
    String tessdata = config.option(TESSDATA, "");
    String library = config.option(LIBRARY, "");
    return new TesseractOptions(
        config.option(LANG, d.lang()).trim(),
        config.intOption(PSM, d.psm()),
        config.intOption(DPI, d.dpi()),
        tessdata.isBlank() ? null : Path.of(tessdata.trim()),
        config.intOption(THREADS, d.threads()),
        library.isBlank() ? null : library.trim(),
        Layout.valueOf(SETTINGS.check(LAYOUT, config.option(LAYOUT, d.layout().value()))
            .toUpperCase(Locale.ROOT)));
  }

  /** The engine mode recorded in page stats, e.g. {@code fra/psm3/grounded}. */
  String mode() {
    return lang.toLowerCase(Locale.ROOT) + "/psm" + psm + "/" + layout.value();
  }
}
