package org.groundedocr.layout;

/**
 * Every rule of the embedded engine's layout analysis as one named number, so that the rules can be
 * read, tested and changed in one place. Lengths are in body line heights (the page's median text
 * height) unless the name says otherwise; the analysis is scale-free that way.
 *
 * @param zoneGap rows further apart than this are looked at for tables separately
 * @param zoneGutter an empty run of x this wide splits a zone into groups that may be tables apart
 * @param sharedRowCentre two lines share a text row when their centres are this close (in the
 *     smaller line's height)
 * @param rowCentre lines are on one text row when their centres are this close (smaller height)
 * @param sideBySideOverlap how far two detected boxes on one row may overlap and still be side by
 *     side (detection grows a box by about 0.4 line heights past the ink)
 * @param tableRowGap widest gap between two rows of one table
 * @param wrappedCellGap widest gap between a cell's line and its wrapped continuation
 * @param tableCellMaxPageShare a row is a table row only when one of its cells is at most this
 *     share of the page width (a row of wider cells is a row of text columns)
 * @param maxProseColumns the most columns a grid of prose may have before it must also read like
 *     running text in every column ({@link #proseWordsPerLine}) not to be a table
 * @param proseWordsPerLine words per line a column of prose has at least (wider grids)
 * @param fragmentGap widest gap between two pieces of one line that detection cut apart
 * @param fragmentRowOverlap share of the smaller box's height two pieces of one line overlap
 * @param similarHeight the taller of two lines of one block is at most this times the shorter
 * @param paragraphGap widest gap between two lines of one paragraph (in the taller line's height)
 * @param paragraphPitch a line ends a paragraph when its step from the one above is more than
 *     this times the paragraph's line pitch (a blank line between paragraphs of small print)
 * @param subTitleRatio a short block at least this times the body height is a sub-title
 * @param titleRatio a short block at least this times the body height may be the page's title
 * @param headingMaxLines the most lines of a heading
 * @param gutterMinWidth narrowest gutter between two columns
 * @param gutterMinLines a gutter has at least this many lines beside it on each side
 * @param gutterMinHeight a gutter is at least this tall
 * @param boxGrowth how far detection grows a line's box past its ink at each end (in the line's
 *     height): gutters are looked for between the ink, as the boxes of two columns with a narrow
 *     gutter touch or overlap
 * @param furnitureMargin share of the page height at the top and at the bottom where running
 *     heads, running feet and page numbers sit
 * @param furnitureMaxLines the most lines of a running head or foot
 * @param figureMinSide a figure's box is at least this many body heights along both sides
 * @param figureMinInk share of a figure's box its ink covers at least (a frame alone is no figure)
 * @param captionGap widest gap between a figure and its caption
 * @param captionMaxLines the most lines of a caption
 * @param dropCapMinHeight an initial of one or two letters at least this high is a drop cap
 * @param footnoteMaxHeight small print (footnotes, marginal notes' bodies) is at most this high
 * @param marginNoteMaxWidth a marginal note is at most this share of the running text's width
 */
public record LayoutThresholds(
    double zoneGap,
    double zoneGutter,
    double sharedRowCentre,
    double rowCentre,
    double sideBySideOverlap,
    double tableRowGap,
    double wrappedCellGap,
    double tableCellMaxPageShare,
    int maxProseColumns,
    double proseWordsPerLine,
    double fragmentGap,
    double fragmentRowOverlap,
    double similarHeight,
    double paragraphGap,
    double paragraphPitch,
    double subTitleRatio,
    double titleRatio,
    int headingMaxLines,
    double gutterMinWidth,
    int gutterMinLines,
    double gutterMinHeight,
    double boxGrowth,
    double furnitureMargin,
    int furnitureMaxLines,
    double figureMinSide,
    double figureMinInk,
    double captionGap,
    int captionMaxLines,
    double dropCapMinHeight,
    double footnoteMaxHeight,
    double marginNoteMaxWidth) {

  /** The rules as measured on the project's invoices, phototest and real archive pages. */
  public static final LayoutThresholds DEFAULTS = new LayoutThresholds(
      2.5, 1.0, 0.25, 0.5, 0.6, 2.5, 0.8, 0.2, 4, 3.0,
      1.5, 0.7, 1.45, 0.8, 1.6,
      1.25, 1.6, 3,
      0.35, 3, 3.0, 0.3,
      0.08, 2,
      3.0, 0.04, 2.5, 3,
      1.8, 0.85, 0.5);

  public LayoutThresholds {
    if (gutterMinLines < 1 || headingMaxLines < 1 || furnitureMaxLines < 1 || captionMaxLines < 1
        || maxProseColumns < 2) {
      throw new IllegalArgumentException("line counts must be positive: " + this);
    }
    if (furnitureMargin < 0 || furnitureMargin > 0.5 || tableCellMaxPageShare <= 0
        || tableCellMaxPageShare > 1) {
      throw new IllegalArgumentException("page shares must lie in (0, 1): " + this);
    }
  }
}
