package org.groundedocr.format.hocr;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.groundedocr.format.FormatException;
import org.groundedocr.format.ImportOptions;
import org.groundedocr.format.ImportedDocument;
import org.groundedocr.format.LayoutLabels;
import org.groundedocr.format.PageDraft;
import org.groundedocr.model.Box;
import org.groundedocr.model.GroundedDocument;
import org.groundedocr.model.GroundedPage;
import org.groundedocr.model.RegionLabels;
import org.groundedocr.model.Word;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.parser.Parser;

/**
 * Reads hOCR (Tesseract's, OCRopus', ours) into grounded pages. hOCR is HTML, and what engines
 * write is not always well-formed XML, so it goes through jsoup's HTML parser. Each
 * {@code ocr_page} is a page ({@code bbox} gives its size); each {@code ocr_carea} (or a bare
 * {@code ocr_par}) a region, labelled by its {@code x_label} when we wrote it, else by its class
 * ({@code ocr_photo}/{@code ocr_image} a picture, {@code ocr_table}, {@code ocr_math},
 * {@code ocr_header}, {@code ocr_footer}, {@code ocr_pageno}); {@code ocr_line} and its kin lines;
 * {@code ocrx_word} words with {@code bbox} and {@code x_wconf}.
 */
public final class HocrReader {

  public static final String ENGINE = "hocr";

  private static final Map<String, String> CLASS_LABELS = Map.of(
      "ocr_photo", RegionLabels.IMAGE,
      "ocr_image", RegionLabels.IMAGE,
      "ocr_linedrawing", RegionLabels.IMAGE,
      "ocr_table", RegionLabels.TABLE,
      "ocr_math", RegionLabels.EQUATION,
      "ocr_header", RegionLabels.HEADER,
      "ocr_footer", RegionLabels.FOOTER,
      "ocr_pageno", RegionLabels.PAGE_NUMBER,
      "ocr_caption", RegionLabels.IMAGE_CAPTION);

  private static final String BLOCKS = ".ocr_carea, .ocr_photo, .ocr_image, .ocr_linedrawing, "
      + ".ocr_table, .ocr_math, .ocr_header, .ocr_footer, .ocr_pageno";
  private static final String LINES =
      ".ocr_line, .ocr_header, .ocr_footer, .ocr_caption, .ocr_textfloat, .ocrx_line";

  private HocrReader() {}

  public static ImportedDocument read(InputStream in, ImportOptions options) throws FormatException {
    String name = options.sourceName();
    Document html;
    try {
      html = Jsoup.parse(in, null, "", Parser.htmlParser());
    } catch (IOException e) {
      throw new FormatException(name + ": cannot read the hOCR file: " + e.getMessage(), e);
    }
    List<GroundedPage> pages = new ArrayList<>();
    List<String> images = new ArrayList<>();
    for (Element pageEl : html.select(".ocr_page")) {
      int number = pages.size() + 1;
      images.add(unquote(stringProperty(pageEl, "image")));
      Box size = bbox(pageEl);
      PageDraft page = new PageDraft(number, size == null ? 0 : size.x2(), size == null ? 0 : size.y2());
      List<Element> blocks = new ArrayList<>();
      for (Element b : pageEl.select(BLOCKS)) {
        // a class such as ocr_header is a block or a line; it is a block when it holds lines
        if (b.parents().stream().noneMatch(blocks::contains)
            && (isAreaClass(b) || !b.select(LINES).isEmpty())) {
          blocks.add(b);
        }
      }
      if (blocks.isEmpty()) {
        blocks.addAll(pageEl.select(".ocr_par"));
      }
      for (int i = 0; i < blocks.size(); i++) {
        Element b = blocks.get(i);
        PageDraft.Block block = page.block("b" + i, labelOf(b), bbox(b));
        for (Element line : b.select(LINES)) {
          if (line == b) {
            continue;
          }
          List<Word> words = new ArrayList<>();
          for (Element w : line.select(".ocrx_word")) {
            String text = w.text().strip();
            Box wb = bbox(w);
            if (text.isEmpty()) {
              continue;
            }
            if (wb == null) {
              throw new FormatException(name + ": page " + number + ", word '" + text
                  + "' has no bbox in its title; hOCR words need 'bbox x0 y0 x1 y1'");
            }
            double conf = property(w, "x_wconf");
            words.add(new Word(wb, text, Double.isNaN(conf) ? Word.UNKNOWN_CONFIDENCE
                : Math.max(0, Math.min(1, conf / 100))));
          }
          if (words.isEmpty() && !line.text().isBlank() && bbox(line) != null) {
            // lines without word spans: one word box per line is all the file knows
            words.add(new Word(bbox(line), line.text().strip()));
          }
          block.add(PageDraft.line(bbox(line), words));
        }
      }
      pages.add(page.build(Map.of(), ENGINE, name));
    }
    if (pages.isEmpty()) {
      throw new FormatException(name + ": no element of class ocr_page; not hOCR");
    }
    return new ImportedDocument(new GroundedDocument(name, ENGINE, pages), images);
  }

  /** An hOCR string property without its quotes ({@code image "p1.png"}), {@code ""} for none. */
  private static String unquote(String v) {
    if (v == null) {
      return "";
    }
    String s = v.strip();
    if (s.length() >= 2 && (s.charAt(0) == '"' || s.charAt(0) == '\'') && s.charAt(s.length() - 1) == s.charAt(0)) {
      s = s.substring(1, s.length() - 1);
    }
    return s.strip();
  }

  private static boolean isAreaClass(Element e) {
    return e.hasClass("ocr_carea") || e.hasClass("ocr_photo") || e.hasClass("ocr_image")
        || e.hasClass("ocr_linedrawing") || e.hasClass("ocr_table") || e.hasClass("ocr_math");
  }

  private static String labelOf(Element block) {
    String x = stringProperty(block, "x_label");
    if (x != null) {
      return LayoutLabels.of(x);
    }
    for (String cls : block.classNames()) {
      String l = CLASS_LABELS.get(cls);
      if (l != null) {
        return l;
      }
    }
    return RegionLabels.TEXT;
  }

  /** The {@code bbox} property of an element's title, or {@code null}. */
  static Box bbox(Element e) {
    String v = stringProperty(e, "bbox");
    if (v == null) {
      return null;
    }
    String[] p = v.strip().split("\\s+");
    if (p.length != 4) {
      return null;
    }
    try {
      return Box.normalised(Integer.parseInt(p[0]), Integer.parseInt(p[1]),
          Integer.parseInt(p[2]), Integer.parseInt(p[3]));
    } catch (NumberFormatException ex) {
      return null;
    }
  }

  private static double property(Element e, String name) {
    String v = stringProperty(e, name);
    if (v == null) {
      return Double.NaN;
    }
    try {
      return Double.parseDouble(v.strip().split("\\s+")[0]);
    } catch (NumberFormatException ex) {
      return Double.NaN;
    }
  }

  /** A property of the hOCR {@code title} ({@code name value; name value}). */
  private static String stringProperty(Element e, String name) {
    String title = e.attr("title");
    for (String part : title.split(";")) {
      String s = part.strip();
      if (s.startsWith(name + " ") || s.equals(name)) {
        return s.substring(name.length()).strip();
      }
    }
    return null;
  }
}
