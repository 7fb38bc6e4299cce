package org.groundedocr.tesseract;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import java.util.ArrayList;
import java.util.List;
import org.groundedocr.model.Box;
import org.groundedocr.model.Region;
import org.groundedocr.model.RegionLabels;
import org.groundedocr.model.TextLine;
import org.groundedocr.model.Word;

/**
 * Walks a recognised page with Tesseract's result iterator and builds the grounded regions: one
 * region per paragraph of a text block (Tesseract's order, which is its reading order under
 * automatic segmentation: columns top to bottom, left to right), its lines with boxes, their words
 * with boxes and confidences; picture blocks become {@code image} regions; rules and noise are
 * dropped. Boxes are Tesseract's, in the pixels of the image it was given. It also keeps every
 * text line on its own, for the engine's {@code layout=grounded} (see {@link GroundedLayout}).
 */
final class TesseractLayout {

  /** What Tesseract found: its own regions, and all its text lines (with words) in its order. */
  record Found(List<Region> regions, List<TextLine> lines) {}

  // TessPolyBlockType (capi.h): 1..8 are kinds of text, 9..11 pictures, 12.. rules and noise
  private static final int PT_FLOWING_TEXT = 1;
  private static final int PT_HEADING_TEXT = 2;
  private static final int PT_CAPTION_TEXT = 8;
  private static final int PT_FLOWING_IMAGE = 9;
  private static final int PT_HEADING_IMAGE = 10;
  private static final int PT_PULLOUT_IMAGE = 11;

  private final TessCApi api;
  private final IntByReference left = new IntByReference();
  private final IntByReference top = new IntByReference();
  private final IntByReference right = new IntByReference();
  private final IntByReference bottom = new IntByReference();

  private final List<Region> regions = new ArrayList<>();
  private final List<TextLine> lines = new ArrayList<>();
  private String label = RegionLabels.TEXT;
  private final List<TextLine> paragraph = new ArrayList<>();
  private final List<Word> line = new ArrayList<>();
  private Box lineBox;

  TesseractLayout(TessCApi api) {
    this.api = api;
  }

  /** What Tesseract found on the page behind {@code resultIterator}, which this call deletes. */
  static Found read(TessCApi api, Pointer resultIterator) {
    if (resultIterator == null) {
      return new Found(List.of(), List.of()); // nothing found on the page
    }
    try {
      TesseractLayout layout = new TesseractLayout(api);
      layout.walk(resultIterator);
      return new Found(List.copyOf(layout.regions), List.copyOf(layout.lines));
    } finally {
      api.TessResultIteratorDelete(resultIterator);
    }
  }

  private void walk(Pointer ri) {
    // the page iterator is a view of the result iterator, not a separate allocation
    Pointer pi = api.TessResultIteratorGetPageIterator(ri);
    api.TessPageIteratorBegin(pi);
    boolean textBlock = false;
    do {
      if (is(pi, TessCApi.RIL_BLOCK)) {
        endParagraph();
        int type = api.TessPageIteratorBlockType(pi);
        textBlock = isText(type);
        if (isPicture(type)) {
          Box b = box(pi, TessCApi.RIL_BLOCK);
          if (b != null) {
            regions.add(new Region(RegionLabels.IMAGE, List.of(b), ""));
          }
        }
        label = label(type);
      }
      if (!textBlock) {
        continue; // a picture, rule or noise block is one element; Next moves past it
      }
      if (is(pi, TessCApi.RIL_PARA)) {
        endParagraph();
      }
      if (is(pi, TessCApi.RIL_TEXTLINE)) {
        endLine();
        lineBox = box(pi, TessCApi.RIL_TEXTLINE);
      }
      String text = text(ri);
      Box b = box(pi, TessCApi.RIL_WORD);
      if (!text.isBlank() && b != null) {
        // Tesseract says 0..100; Word takes 0..1
        double conf = Math.max(0, Math.min(1, api.TessResultIteratorConfidence(ri, TessCApi.RIL_WORD) / 100.0));
        line.add(new Word(b, text.strip(), conf));
      }
    } while (api.TessPageIteratorNext(pi, TessCApi.RIL_WORD) != 0);
    endParagraph();
  }

  private void endLine() {
    if (!line.isEmpty()) {
      StringBuilder sb = new StringBuilder();
      for (Word w : line) {
        if (sb.length() > 0) {
          sb.append(' ');
        }
        sb.append(w.text());
      }
      Box b = lineBox != null ? lineBox : Box.union(line.stream().map(Word::bbox).toList());
      TextLine read = new TextLine(b, sb.toString(), line);
      paragraph.add(read);
      lines.add(read);
      line.clear();
    }
    lineBox = null;
  }

  private void endParagraph() {
    endLine();
    if (paragraph.isEmpty()) {
      return;
    }
    StringBuilder sb = new StringBuilder();
    List<Box> boxes = new ArrayList<>();
    for (TextLine l : paragraph) {
      if (sb.length() > 0) {
        sb.append(' ');
      }
      sb.append(l.text());
      boxes.add(l.bbox());
    }
    // a title in Markdown, as the ppocr engine writes it
    String text = RegionLabels.TITLE.equals(label) ? "# " + sb : sb.toString();
    regions.add(new Region(label, List.of(Box.union(boxes)), text, paragraph));
    paragraph.clear();
  }

  private boolean is(Pointer pi, int level) {
    return api.TessPageIteratorIsAtBeginningOf(pi, level) != 0;
  }

  private String text(Pointer ri) {
    Pointer p = api.TessResultIteratorGetUTF8Text(ri, TessCApi.RIL_WORD);
    if (p == null) {
      return "";
    }
    try {
      return p.getString(0, "UTF-8");
    } finally {
      api.TessDeleteText(p);
    }
  }

  private Box box(Pointer pi, int level) {
    if (api.TessPageIteratorBoundingBox(pi, level, left, top, right, bottom) == 0) {
      return null;
    }
    return Box.normalised(left.getValue(), top.getValue(), right.getValue(), bottom.getValue());
  }

  private static boolean isText(int type) {
    return type >= PT_FLOWING_TEXT && type <= PT_CAPTION_TEXT;
  }

  private static boolean isPicture(int type) {
    return type == PT_FLOWING_IMAGE || type == PT_HEADING_IMAGE || type == PT_PULLOUT_IMAGE;
  }

  /**
   * Tesseract's block type as a region label. A table block stays {@code text}: Tesseract finds
   * the table's area but not its cells, and a {@code table} region promises an HTML grid; an
   * equation stays {@code text} for the same reason (its text is not LaTeX); a caption's owner
   * (picture or table) is unknown, so it is not guessed.
   */
  private static String label(int type) {
    return type == PT_HEADING_TEXT ? RegionLabels.TITLE : RegionLabels.TEXT;
  }
}
