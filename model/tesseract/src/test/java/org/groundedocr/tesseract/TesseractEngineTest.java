package org.groundedocr.tesseract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.groundedocr.engine.Device;
import org.groundedocr.engine.EngineConfig;
import org.groundedocr.engine.OcrEngine;
import org.groundedocr.engine.OcrEngines;
import org.groundedocr.engine.OcrException;
import org.groundedocr.grounding.GroundedJson;
import org.groundedocr.model.GroundedPage;
import org.groundedocr.model.Region;
import org.groundedocr.model.TextLine;
import org.groundedocr.model.Word;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code tesseract} engine on pages the test renders with accented French and German text:
 * the accents come back, word boxes lie on the rendered words, two columns are read one after the
 * other, and a missing library or language fails with the package to install. Tests that need
 * libtesseract and its {@code fra}/{@code deu} data skip (with the install command) where they
 * are absent; {@code .ci/run} installs them.
 */
class TesseractEngineTest {

  static final List<String> FRENCH = List.of(
      "Le cœur déçu de l'élève âgé",
      "Où était-ce? À Noël, près du lac,",
      "il reçut un hôte très discret.",
      "Ça coûte 12 € et 5 £ à la fête.");
  static final List<String> GERMAN = List.of(
      "Größere Übungen für fünf Bären",
      "schließen die Tür während des Föhns.",
      "Müller äußert sich über Öl und Maß.");

  static OcrEngine french;

  @BeforeAll
  static void start() throws OcrException {
    assumeTrue(TesseractLibrary.isAvailable(),
        "libtesseract.so.5 not installed; " + TesseractLibrary.INSTALL_HINT);
    assumeTrue(hasLanguage("fra") && hasLanguage("deu"),
        "Tesseract language data fra/deu missing: apt-get install tesseract-ocr-fra tesseract-ocr-deu");
    french = OcrEngines.create(new EngineConfig("tesseract", Device.CPU, null,
        Map.of("lang", "fra", "threads", "2")));
  }

  @AfterAll
  static void stop() {
    if (french != null) {
      french.close();
    }
  }

  @Test
  void frenchAccentsComeBackWithWordBoxes() throws Exception {
    AccentedPage page = AccentedPage.render(List.of(FRENCH), 50, 1400, 0);
    GroundedPage p = french.recognize(page.image(), 1);
    assertEquals(page.image().getWidth(), p.width());
    assertEquals("tesseract", p.stats().engine());
    assertEquals(String.join(" ", FRENCH), text(p), "page text");
    assertWordBoxes(page, p);
  }

  @Test
  void germanUmlautsAndSharpS() throws Exception {
    try (OcrEngine german = OcrEngines.create(new EngineConfig("tesseract", Device.CPU, null,
        Map.of("lang", "deu", "threads", "1")))) {
      AccentedPage page = AccentedPage.render(List.of(GERMAN), 50, 1400, 0);
      GroundedPage p = german.recognize(page.image(), 3);
      assertEquals(3, p.page());
      assertEquals(String.join(" ", GERMAN), text(p));
      assertWordBoxes(page, p);
    }
  }

  @Test
  void twoColumnsAreReadOneAfterTheOther() throws Exception {
    // prose columns, as on a page: Tesseract finds columns from the tab stops of many lines
    List<String> left = new ArrayList<>();
    List<String> right = new ArrayList<>();
    String[] n = {"un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix",
        "onze", "douze"};
    for (String k : n) {
      left.add("À gauche, la ligne " + k + " du récit élève");
      right.add("À droite, la ligne " + k + " où l'été dure");
    }
    AccentedPage page = AccentedPage.render(List.of(left, right), 40, 820, 90);
    GroundedPage p = french.recognize(page.image(), 1);
    List<String> lines = new ArrayList<>();
    p.regions().forEach(r -> r.lines().forEach(l -> lines.add(l.text())));
    List<String> expected = new ArrayList<>(left);
    expected.addAll(right);
    assertEquals(expected, lines, "reading order: the left column, then the right one");
  }

  /**
   * A long title set across both columns, as bulletins and journals print one. Tesseract's own
   * block order reads it after the left column (as if it were the right column's first line);
   * with {@code layout=grounded} (the default) the title comes first, then the left column, then
   * the right one, and every line keeps Tesseract's words with boxes and confidences.
   */
  @Test
  void aTitleAcrossTwoColumnsComesFirstThenColumnByColumnWithWords() throws Exception {
    List<String> left = new ArrayList<>();
    List<String> right = new ArrayList<>();
    String[] words = ("le récit de cette année montre que la ville avait changé depuis longtemps"
        + " et que les habitants du quartier voyaient arriver chaque matin des marchands venus"
        + " de loin pour vendre leurs étoffes sur la place").split(" ");
    for (int i = 0; i < 14; i++) {
      left.add(prose("A" + (11 + i), words, 3 * i, i % 5 == 4 ? 19 : 38));
      right.add(prose("B" + (11 + i), words, 3 * i + 7, i % 5 == 4 ? 19 : 38));
    }
    ColumnPage page = ColumnPage.render(List.of(new ColumnPage.Section(
        "Liste des brevets d'invention délivrés pendant le mois de mars de l'année", left, right)),
        36, 820, 100);
    GroundedPage p = french.recognize(page.image(), 1);
    assertEquals("fra/psm3/grounded", p.stats().mode());
    StringBuilder seen = new StringBuilder();
    List<TextLine> lines = new ArrayList<>();
    p.regions().forEach(r -> lines.addAll(r.lines()));
    int lastLeft = -1;
    int lastRight = -1;
    for (TextLine l : lines) {
      char where = l.bbox().x2() < page.gutterX() ? 'L' : l.bbox().x1() > page.gutterX() ? 'R' : 'T';
      seen.append(where);
      // columns top to bottom
      if (where == 'L') {
        assertTrue(l.bbox().y1() > lastLeft, "left column out of order: " + l);
        lastLeft = l.bbox().y1();
      } else if (where == 'R') {
        assertTrue(l.bbox().y1() > lastRight, "right column out of order: " + l);
        lastRight = l.bbox().y1();
      }
      assertEquals(l.text(), String.join(" ", l.words().stream().map(Word::text).toList()),
          "the line's words make its text");
      for (Word w : l.words()) {
        assertTrue(l.bbox().union(w.bbox()).equals(l.bbox()), w + " outside " + l.bbox());
        assertTrue(w.hasConfidence(), "confidence of " + w);
      }
    }
    assertEquals("T" + "L".repeat(14) + "R".repeat(14), seen.toString(),
        "title, left column, right column: " + lines.stream().map(TextLine::text).toList());
  }

  private static String prose(String tag, String[] words, int from, int chars) {
    StringBuilder sb = new StringBuilder(tag);
    for (int w = from; sb.length() < chars; w++) {
      sb.append(' ').append(words[w % words.length]);
    }
    return sb.toString();
  }

  @Test
  void concurrentPagesEachGetTheirOwnTesseract() throws Exception {
    AccentedPage page = AccentedPage.render(List.of(FRENCH), 50, 1400, 0);
    String alone = text(french.recognize(page.image(), 1));
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      List<Future<GroundedPage>> pages = new ArrayList<>();
      for (int i = 1; i <= 4; i++) {
        int n = i;
        pages.add(pool.submit(() -> french.recognize(page.image(), n)));
      }
      for (Future<GroundedPage> f : pages) {
        assertEquals(alone, text(f.get()));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** Each pixel layout PageImages produces reaches Tesseract as the same page. */
  @Test
  void everyPixelLayoutReadsTheSame() throws Exception {
    AccentedPage page = AccentedPage.render(List.of(FRENCH.subList(0, 2)), 50, 1400, 0);
    String expected = String.join(" ", FRENCH.subList(0, 2));
    for (int type : new int[] {java.awt.image.BufferedImage.TYPE_3BYTE_BGR,
        java.awt.image.BufferedImage.TYPE_BYTE_GRAY, java.awt.image.BufferedImage.TYPE_INT_ARGB}) {
      java.awt.image.BufferedImage copy = new java.awt.image.BufferedImage(
          page.image().getWidth(), page.image().getHeight(), type);
      copy.createGraphics().drawImage(page.image(), 0, 0, null);
      assertEquals(expected, text(french.recognize(copy, 1)), "image type " + type);
    }
  }

  @Test
  void wordsSurviveTheJsonForm() throws Exception {
    AccentedPage page = AccentedPage.render(List.of(FRENCH.subList(0, 2)), 50, 1400, 0);
    GroundedPage p = french.recognize(page.image(), 1);
    GroundedPage back = GroundedJson.readPage(GroundedJson.write(p, false));
    assertEquals(p.regions(), back.regions());
    assertTrue(GroundedJson.write(p, false).contains("\"words\":[{\"bbox\""));
  }

  @Test
  void missingLanguageNamesThePackage() {
    assumeTrue(TesseractLibrary.isAvailable(), "libtesseract.so.5 not installed");
    OcrException e = assertThrows(OcrException.class, () -> OcrEngines.create(
        new EngineConfig("tesseract", Device.CPU, null, Map.of("lang", "fra+xqz"))));
    assertTrue(e.getMessage().contains("no language data for xqz"), e.getMessage());
    assertTrue(e.getMessage().contains("apt-get install tesseract-ocr-xqz"), e.getMessage());
  }

  @Test
  void emptyTessdataFolderIsNamed(@TempDir Path dir) {
    assumeTrue(TesseractLibrary.isAvailable(), "libtesseract.so.5 not installed");
    OcrException e = assertThrows(OcrException.class, () -> OcrEngines.create(
        new EngineConfig("tesseract", Device.CPU, null,
            Map.of("lang", "deu", "tessdata", dir.toString()))));
    assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("(none installed)"), e.getMessage());
    assertTrue(e.getMessage().contains("tesseract-ocr-deu"), e.getMessage());
  }

  /** Runs everywhere: a library that is not there gives the install command, not a link error. */
  @Test
  void missingLibraryNamesThePackages() {
    OcrException e = assertThrows(OcrException.class, () -> OcrEngines.create(
        new EngineConfig("tesseract", Device.CPU, null,
            Map.of("library", "/nonexistent/libtesseract.so.5"))));
    assertTrue(e.getMessage().contains("apt-get install libtesseract5 tesseract-ocr"),
        e.getMessage());
    assertTrue(e.getMessage().contains("ppocr"), e.getMessage());
  }

  @Test
  void listedAsAvailableExactlyWhenTheLibraryLoads() {
    assertEquals(TesseractLibrary.isAvailable(), OcrEngines.available().contains("tesseract"));
    assertTrue(OcrEngines.available().contains("ppocr"));
  }

  @Test
  void badOptionsAreNamed() {
    // checked against the engine's declared settings before the engine is created
    IllegalArgumentException typo = assertThrows(IllegalArgumentException.class, () -> OcrEngines.create(
        new EngineConfig("tesseract", Device.CPU, null, Map.of("language", "fra"))));
    assertTrue(typo.getMessage().contains("unknown tesseract engine option 'language'"),
        typo.getMessage());
    IllegalArgumentException psm = assertThrows(IllegalArgumentException.class, () -> OcrEngines.create(
        new EngineConfig("tesseract", Device.CPU, null, Map.of("psm", "0"))));
    assertTrue(psm.getMessage().contains("psm"), psm.getMessage());
    IllegalArgumentException layout = assertThrows(IllegalArgumentException.class, () -> OcrEngines.create(
        new EngineConfig("tesseract", Device.CPU, null, Map.of("layout", "ours"))));
    assertTrue(layout.getMessage().contains("layout") && layout.getMessage().contains("grounded"),
        layout.getMessage());
  }

  // ---- helpers --------------------------------------------------------------------------------

  /** Every rendered word comes back with its exact text and a box on its ink (IoU >= 0.6). */
  private static void assertWordBoxes(AccentedPage page, GroundedPage p) {
    List<Word> read = new ArrayList<>();
    for (Region r : p.regions()) {
      for (TextLine l : r.lines()) {
        read.addAll(l.words());
        for (Word w : l.words()) {
          assertTrue(l.bbox().union(w.bbox()).equals(l.bbox()),
              "word " + w + " outside its line " + l.bbox());
        }
      }
    }
    assertEquals(page.words().size(), read.size(), "words read: " + read);
    for (int i = 0; i < read.size(); i++) {
      AccentedPage.TruthWord t = page.words().get(i);
      Word w = read.get(i);
      assertEquals(t.text(), w.text());
      assertTrue(t.box().iou(w.bbox()) >= 0.6,
          "'" + t.text() + "' rendered at " + t.box() + ", read at " + w.bbox());
      assertTrue(w.confidence() > 0.5f && w.confidence() <= 1f, "confidence of " + w);
    }
  }

  static String text(GroundedPage p) {
    StringBuilder sb = new StringBuilder();
    for (Region r : p.regions()) {
      for (TextLine l : r.lines()) {
        sb.append(l.text()).append(' ');
      }
    }
    return sb.toString().strip();
  }

  private static boolean hasLanguage(String lang) {
    try {
      Tessdata.checkLanguages(Tessdata.resolve(null, lang), lang);
      return true;
    } catch (OcrException e) {
      return false;
    }
  }
}
