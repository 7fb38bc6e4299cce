package org.groundedocr.chunking;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.groundedocr.model.Box;
import org.groundedocr.model.GroundedDocument;
import org.groundedocr.model.GroundedPage;
import org.groundedocr.model.Region;
import org.groundedocr.model.RegionLabels;

/**
 * Finds page furniture that the engine labelled as plain text: engines without a layout model
 * (PP-OCR) call a page number or a running header "text". Two rules, on the page's top and
 * bottom margins only:
 *
 * <ul>
 *   <li>a lone page number ({@code 7}, {@code - 7 -}, {@code Page 7}, {@code 7 / 12}, {@code iv})
 *       is a {@code page_number};
 *   <li>a short line that recurs in the same margin of at least two pages (digits ignored, so
 *       "Report 2024 — page 3" recurs) is a {@code header} or {@code footer}.
 * </ul>
 *
 * Regions the engine already labelled are left alone.
 */
final class FurnitureDetector {

  /** Share of the page height at the top and bottom where furniture lives. */
  private static final double MARGIN = 0.1;
  private static final int MAX_RUNNING_CHARS = 120;
  private static final Pattern PAGE_NUMBER =
      Pattern.compile(
          "^(page|p\\.|seite|pag\\.?)?\\s*[-–—(\\[]?\\s*(\\d{1,4}|[ivxlcdm]{1,7})\\s*[-–—)\\]]?\\s*((/|of|von)\\s*\\d{1,4})?$",
          Pattern.CASE_INSENSITIVE);

  private FurnitureDetector() {}

  /** Labels to use instead of the engine's, keyed by page, then region index. */
  static Map<Integer, Map<Integer, String>> detect(GroundedDocument doc) {
    Map<Integer, Map<Integer, String>> out = new HashMap<>();
    Map<String, Set<Integer>> topPages = new HashMap<>();
    Map<String, Set<Integer>> bottomPages = new HashMap<>();
    for (GroundedPage p : doc.pages()) {
      for (int i = 0; i < p.regions().size(); i++) {
        Region r = p.regions().get(i);
        int band = band(p, r);
        if (band == 0) {
          continue;
        }
        String text = r.text().strip();
        if (PAGE_NUMBER.matcher(text).matches()) {
          out.computeIfAbsent(p.page(), k -> new HashMap<>()).put(i, RegionLabels.PAGE_NUMBER);
          continue;
        }
        if (text.length() <= MAX_RUNNING_CHARS && !text.contains("\n\n")) {
          (band < 0 ? topPages : bottomPages).computeIfAbsent(key(text), k -> new HashSet<>()).add(p.page());
        }
      }
    }
    for (GroundedPage p : doc.pages()) {
      for (int i = 0; i < p.regions().size(); i++) {
        Region r = p.regions().get(i);
        int band = band(p, r);
        if (band == 0 || out.getOrDefault(p.page(), Map.of()).containsKey(i)) {
          continue;
        }
        Set<Integer> pages = (band < 0 ? topPages : bottomPages).get(key(r.text().strip()));
        if (pages != null && pages.size() >= 2) {
          out.computeIfAbsent(p.page(), k -> new HashMap<>()).put(i, band < 0 ? RegionLabels.HEADER : RegionLabels.FOOTER);
        }
      }
    }
    return out;
  }

  /** -1 in the top margin, 1 in the bottom margin, 0 elsewhere or when it cannot tell. */
  private static int band(GroundedPage p, Region r) {
    if (!RegionLabels.TEXT.equals(r.label()) || p.height() <= 0 || !r.hasBox()) {
      return 0;
    }
    Box b = r.bbox();
    if (b.y2() <= p.height() * MARGIN) {
      return -1;
    }
    if (b.y1() >= p.height() * (1 - MARGIN)) {
      return 1;
    }
    return 0;
  }

  private static String key(String text) {
    return text.toLowerCase(Locale.ROOT).replaceAll("\\d+", "#").replaceAll("\\s+", " ");
  }
}
