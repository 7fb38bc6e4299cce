package org.groundedocr.tesseract;

import com.sun.jna.Native;
import java.util.ArrayList;
import java.util.List;
import org.groundedocr.engine.OcrException;

/**
 * Loads the system's Tesseract through JNA. The distribution installs only the versioned
 * {@code libtesseract.so.5} (the unversioned name comes with {@code libtesseract-dev}), so both
 * names are tried. A missing library is an {@link OcrException} that says which package to install.
 */
final class TesseractLibrary {

  /** The Debian/Ubuntu install command quoted in errors. */
  static final String INSTALL_HINT =
      "apt-get install libtesseract5 tesseract-ocr tesseract-ocr-fra (Debian/Ubuntu; add"
          + " tesseract-ocr-deu, tesseract-ocr-frk, … for other languages)";

  private static final List<String> NAMES = List.of("tesseract", "libtesseract.so.5");

  private TesseractLibrary() {}

  /**
   * The bound C API; {@code explicitPath} (the {@code library} option), when set, is the only
   * name tried.
   */
  static TessCApi load(String explicitPath) throws OcrException {
    List<String> names = explicitPath == null || explicitPath.isBlank()
        ? NAMES : List.of(explicitPath.trim());
    List<String> failures = new ArrayList<>();
    for (String name : names) {
      try {
        // JNA caches the native library per name; the interface proxy is cheap
        return Native.load(name, TessCApi.class);
      } catch (UnsatisfiedLinkError e) {
        failures.add(name + ": " + firstLine(e.getMessage()));
      }
    }
    throw new OcrException("tesseract: the Tesseract 5 library could not be loaded ("
        + String.join("; ", failures) + "). Install it with: " + INSTALL_HINT
        + ", or use the default engine ppocr (no system packages).");
  }

  /** Whether the library loads here; for tests and for advertising the engine honestly. */
  static boolean isAvailable() {
    try {
      load(null);
      return true;
    } catch (OcrException e) {
      return false;
    }
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "not found";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
