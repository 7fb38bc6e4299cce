package org.groundedocr.format;

import java.util.Locale;
import java.util.Map;
import org.groundedocr.model.RegionLabels;

/**
 * Layout labels of other tools mapped to ours ({@link RegionLabels}): ALTO tag labels (ours, as we
 * write them, and eScriptorium's SegmOnto zones), PAGE-XML region types and hOCR classes. A label
 * we do not know becomes {@code text}: the block is searchable as body text rather than treated
 * as something the chunker has no rule for.
 */
public final class LayoutLabels {

  private static final Map<String, String> FOREIGN = Map.ofEntries(
      // PAGE-XML TextRegion @type
      Map.entry("heading", RegionLabels.TITLE),
      Map.entry("paragraph", RegionLabels.TEXT),
      Map.entry("caption", RegionLabels.IMAGE_CAPTION),
      Map.entry("page-number", RegionLabels.PAGE_NUMBER),
      Map.entry("footnote-continued", RegionLabels.FOOTNOTE),
      Map.entry("endnote", RegionLabels.FOOTNOTE),
      Map.entry("marginalia", RegionLabels.MARGIN_NOTE),
      Map.entry("drop-capital", RegionLabels.TEXT),
      Map.entry("list-label", RegionLabels.LIST),
      Map.entry("toc-entry", RegionLabels.LIST),
      Map.entry("catch-word", RegionLabels.FOOTER),
      Map.entry("signature-mark", RegionLabels.FOOTER),
      // SegmOnto (eScriptorium) zone types, lower-cased
      Map.entry("mainzone", RegionLabels.TEXT),
      Map.entry("margintextzone", RegionLabels.MARGIN_NOTE),
      Map.entry("numberingzone", RegionLabels.PAGE_NUMBER),
      Map.entry("runningtitlezone", RegionLabels.HEADER),
      Map.entry("titlepagezone", RegionLabels.TITLE),
      Map.entry("quiremarkszone", RegionLabels.FOOTER),
      Map.entry("graphiczone", RegionLabels.IMAGE),
      Map.entry("tablezone", RegionLabels.TABLE),
      Map.entry("dropcapitalzone", RegionLabels.TEXT),
      Map.entry("stampzone", RegionLabels.IMAGE),
      // common spellings in hand-made tag sets
      Map.entry("subtitle", RegionLabels.SUB_TITLE),
      Map.entry("sub-title", RegionLabels.SUB_TITLE),
      Map.entry("pagenumber", RegionLabels.PAGE_NUMBER),
      Map.entry("numpage", RegionLabels.PAGE_NUMBER),
      Map.entry("titre", RegionLabels.TITLE),
      Map.entry("soustitre", RegionLabels.SUB_TITLE),
      Map.entry("running-title", RegionLabels.HEADER),
      Map.entry("runningtitle", RegionLabels.HEADER),
      Map.entry("illustration", RegionLabels.IMAGE),
      Map.entry("graphic", RegionLabels.IMAGE),
      Map.entry("math", RegionLabels.EQUATION),
      Map.entry("formula", RegionLabels.EQUATION));

  private static final java.util.Set<String> OURS = java.util.Set.of(
      RegionLabels.TITLE, RegionLabels.SUB_TITLE, RegionLabels.TEXT, RegionLabels.TABLE,
      RegionLabels.TABLE_CAPTION, RegionLabels.TABLE_FOOTNOTE, RegionLabels.IMAGE,
      RegionLabels.IMAGE_CAPTION, RegionLabels.IMAGE_FOOTNOTE, RegionLabels.EQUATION,
      RegionLabels.LIST, RegionLabels.PAGE_NUMBER, RegionLabels.HEADER, RegionLabels.FOOTER,
      RegionLabels.FIGURE, RegionLabels.FIGURE_TITLE, RegionLabels.TABLE_TITLE,
      RegionLabels.ABSTRACT, RegionLabels.REFERENCE, RegionLabels.FOOTNOTE, RegionLabels.MARGIN_NOTE);

  private LayoutLabels() {}

  /** Our label for a foreign one, or {@code null} when it is not known. */
  public static String known(String foreign) {
    if (foreign == null || foreign.isBlank()) {
      return null;
    }
    String key = foreign.strip().toLowerCase(Locale.ROOT);
    if (OURS.contains(key)) {
      return key;
    }
    String mapped = FOREIGN.get(key);
    if (mapped != null) {
      return mapped;
    }
    // SegmOnto subtypes: "MainZone:column", "NumberingZone#1"
    int cut = indexOfAny(key, ":#");
    return cut > 0 ? known(key.substring(0, cut)) : null;
  }

  /** Our label for a foreign one, {@code text} when it is not known. */
  public static String of(String foreign) {
    String k = known(foreign);
    return k == null ? RegionLabels.TEXT : k;
  }

  private static int indexOfAny(String s, String chars) {
    for (int i = 0; i < s.length(); i++) {
      if (chars.indexOf(s.charAt(i)) >= 0) {
        return i;
      }
    }
    return -1;
  }
}
