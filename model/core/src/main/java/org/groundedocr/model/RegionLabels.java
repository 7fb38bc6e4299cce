package org.groundedocr.model;

import java.util.Set;

/**
 * The layout labels DeepSeek-OCR emits (spec §6; no official list exists) and that the embedded
 * engine uses too. Labels are plain strings in {@link Region} so that an unknown label from a newer
 * model is kept verbatim rather than lost.
 */
public final class RegionLabels {
  public static final String TITLE = "title";
  public static final String SUB_TITLE = "sub_title";
  public static final String TEXT = "text";
  public static final String TABLE = "table";
  public static final String TABLE_CAPTION = "table_caption";
  public static final String TABLE_FOOTNOTE = "table_footnote";
  public static final String IMAGE = "image";
  public static final String IMAGE_CAPTION = "image_caption";
  public static final String IMAGE_FOOTNOTE = "image_footnote";
  public static final String EQUATION = "equation";
  public static final String LIST = "list";
  public static final String PAGE_NUMBER = "page_number";
  public static final String HEADER = "header";
  public static final String FOOTER = "footer";
  // DeepSeek-OCR 2 refinements (spec §6)
  public static final String FIGURE = "figure";
  public static final String FIGURE_TITLE = "figure_title";
  public static final String TABLE_TITLE = "table_title";
  public static final String ABSTRACT = "abstract";
  public static final String REFERENCE = "reference";
  public static final String FOOTNOTE = "footnote";
  // the embedded engines' layout: a note in the page's margin beside the running text (PAGE's
  // "marginalia", SegmOnto's MarginTextZone)
  public static final String MARGIN_NOTE = "margin_note";

  /** Labels whose content is page furniture rather than body text. */
  public static final Set<String> FURNITURE = Set.of(PAGE_NUMBER, HEADER, FOOTER);

  /** Labels that hold a picture rather than text. */
  public static final Set<String> PICTURES = Set.of(IMAGE, FIGURE);

  /** Labels that are captions and belong with the picture or table next to them. */
  public static final Set<String> CAPTIONS =
      Set.of(TABLE_CAPTION, IMAGE_CAPTION, FIGURE_TITLE, TABLE_TITLE, TABLE_FOOTNOTE, IMAGE_FOOTNOTE);

  private RegionLabels() {}
}
