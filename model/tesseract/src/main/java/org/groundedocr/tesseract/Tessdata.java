package org.groundedocr.tesseract;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.groundedocr.engine.OcrException;

/**
 * Finds the directory of Tesseract's language files and checks that every requested language is
 * there before Tesseract is initialised: Tesseract itself only prints "Error opening data file" to
 * stderr and returns -1, which would leave the user without the package name to install.
 */
final class Tessdata {

  /** Where Debian/Ubuntu (5.x and 4.x), Fedora, Homebrew and source builds put the files. */
  private static final List<Path> USUAL = List.of(
      Path.of("/usr/share/tesseract-ocr/5/tessdata"),
      Path.of("/usr/share/tesseract-ocr/4.00/tessdata"),
      Path.of("/usr/share/tessdata"),
      Path.of("/usr/local/share/tessdata"),
      Path.of("/opt/homebrew/share/tessdata"));

  private Tessdata() {}

  /**
   * The directory to give Tesseract: {@code explicit} when set, else {@code TESSDATA_PREFIX}, else
   * the first usual place holding the first language.
   */
  static Path resolve(Path explicit, String lang) throws OcrException {
    if (explicit != null) {
      if (!Files.isDirectory(explicit)) {
        throw new OcrException("tesseract: tessdata directory " + explicit + " does not exist;"
            + " set the option tessdata to the folder holding LANG.traineddata");
      }
      return explicit;
    }
    List<Path> candidates = new ArrayList<>();
    String prefix = System.getenv("TESSDATA_PREFIX");
    if (prefix != null && !prefix.isBlank()) {
      candidates.add(Path.of(prefix));
      candidates.add(Path.of(prefix, "tessdata"));
    }
    candidates.addAll(USUAL);
    String first = lang.split("\\+")[0];
    for (Path dir : candidates) {
      if (Files.isRegularFile(dir.resolve(first + ".traineddata"))) {
        return dir;
      }
    }
    for (Path dir : candidates) {
      if (Files.isDirectory(dir)) {
        return dir; // the language check below names the missing package
      }
    }
    throw new OcrException("tesseract: no tessdata directory found (looked in " + candidates
        + "). Install the language data with: " + TesseractLibrary.INSTALL_HINT
        + ", or set the option tessdata");
  }

  /** Fails naming the missing languages and the packages that bring them. */
  static void checkLanguages(Path dir, String lang) throws OcrException {
    List<String> missing = new ArrayList<>();
    List<String> packages = new ArrayList<>();
    for (String code : lang.split("\\+")) {
      if (!Files.isRegularFile(dir.resolve(code + ".traineddata"))) {
        missing.add(code);
        packages.add(debianPackage(code));
      }
    }
    if (!missing.isEmpty()) {
      throw new OcrException("tesseract: no language data for " + String.join(", ", missing)
          + " in " + dir + " (" + String.join(", ", installed(dir)) + " installed). Install it"
          + " with: apt-get install " + String.join(" ", packages)
          + " (Debian/Ubuntu), or set the option tessdata to a folder holding "
          + missing.get(0) + ".traineddata");
    }
  }

  /** Debian's package for a traineddata: {@code chi_sim} → {@code tesseract-ocr-chi-sim}. */
  static String debianPackage(String code) {
    return "tesseract-ocr-" + code.toLowerCase(Locale.ROOT).replace('_', '-').replace('/', '-');
  }

  private static List<String> installed(Path dir) {
    try (var files = Files.list(dir)) {
      List<String> langs = files.map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".traineddata"))
          .map(n -> n.substring(0, n.length() - ".traineddata".length()))
          .sorted().toList();
      return langs.isEmpty() ? List.of("none") : langs;
    } catch (java.io.IOException e) {
      return List.of("unreadable: " + e.getMessage());
    }
  }
}
