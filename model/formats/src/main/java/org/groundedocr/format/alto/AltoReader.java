package org.groundedocr.format.alto;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.groundedocr.format.FormatException;
import org.groundedocr.format.ImportOptions;
import org.groundedocr.format.ImportedDocument;
import org.groundedocr.format.LayoutLabels;
import org.groundedocr.format.PageDraft;
import org.groundedocr.format.XmlInput;
import org.groundedocr.model.Box;
import org.groundedocr.model.GroundedDocument;
import org.groundedocr.model.GroundedPage;
import org.groundedocr.model.RegionLabels;
import org.groundedocr.model.TextLine;
import org.groundedocr.model.Word;

/**
 * Reads ALTO (versions 1 to 4, any namespace: elements are matched by local name) into grounded
 * pages: {@code TextBlock}s become regions labelled through their {@code TAGREFS}
 * ({@link LayoutLabels}), {@code Illustration}s pictures, a {@code ComposedBlock} of type
 * {@code table} one table region; {@code String}s become words with their boxes and {@code WC},
 * a line's {@code HYP} is kept at the end of its last word. Blocks follow the file's
 * {@code ReadingOrder} when it has one, else the file order. Measurements in {@code mm10} and
 * {@code inch1200} are turned into pixels at {@link ImportOptions#dpi()}.
 */
public final class AltoReader {

  /** The engine name imported pages carry in their stats. */
  public static final String ENGINE = "alto";

  private final ImportOptions options;
  private final String name;
  private double scale = 1;
  private final Map<String, String> tagLabels = new HashMap<>();
  private final Map<String, Integer> order = new HashMap<>();
  private final List<GroundedPage> pages = new ArrayList<>();
  private String sourceImage = "";

  private PageDraft page;
  private PageDraft.Block block;
  /** Open ComposedBlocks: the table block they feed, or null for one that only groups blocks. */
  private final List<PageDraft.Block> composed = new ArrayList<>();
  private Box lineBox;
  private List<Word> lineWords;

  private AltoReader(ImportOptions options) {
    this.options = options;
    this.name = options.sourceName();
  }

  public static ImportedDocument read(InputStream in, ImportOptions options) throws FormatException {
    return new AltoReader(options).run(in);
  }

  private ImportedDocument run(InputStream in) throws FormatException {
    XMLStreamReader r = XmlInput.open(in, name);
    try {
      boolean root = true;
      while (r.hasNext()) {
        int ev = r.next();
        if (ev == XMLStreamConstants.START_ELEMENT) {
          if (root) {
            if (!"alto".equals(r.getLocalName())) {
              throw new FormatException(name + ": not ALTO (root element <" + r.getLocalName()
                  + ">, expected <alto>)");
            }
            root = false;
          }
          start(r);
        } else if (ev == XMLStreamConstants.END_ELEMENT) {
          end(r.getLocalName());
        }
      }
    } catch (XMLStreamException e) {
      throw XmlInput.notXml(name, e);
    }
    if (pages.isEmpty()) {
      throw new FormatException(name + ": the ALTO file has no <Page>; nothing to index");
    }
    GroundedDocument doc = new GroundedDocument(sourceImage.isEmpty() ? name : sourceImage, ENGINE, pages);
    // ALTO names one image per file: it is the page's only when the file has one page
    return ImportedDocument.sameImage(doc, pages.size() == 1 ? sourceImage : "");
  }

  private void start(XMLStreamReader r) throws XMLStreamException, FormatException {
    String el = r.getLocalName();
    switch (el) {
      case "MeasurementUnit" -> scale = scaleOf(r.getElementText().strip());
      case "fileName" -> sourceImage = r.getElementText().strip();
      case "LayoutTag", "StructureTag", "RoleTag", "NamedEntityTag", "OtherTag" -> {
        String id = r.getAttributeValue(null, "ID");
        String label = r.getAttributeValue(null, "LABEL");
        if (id != null) {
          tagLabels.put(id, label == null ? r.getAttributeValue(null, "TYPE") : label);
        }
      }
      case "ElementRef" -> {
        String refs = r.getAttributeValue(null, "REF");
        if (refs != null) {
          for (String ref : refs.strip().split("\\s+")) {
            order.putIfAbsent(ref, order.size());
          }
        }
      }
      case "Page" -> {
        double w = XmlInput.number(r, "WIDTH");
        double h = XmlInput.number(r, "HEIGHT");
        page = new PageDraft(pages.size() + 1,
            Double.isNaN(w) ? 0 : (int) Math.round(w * scale),
            Double.isNaN(h) ? 0 : (int) Math.round(h * scale));
      }
      case "ComposedBlock" -> {
        requirePage(el);
        String type = r.getAttributeValue(null, "TYPE");
        String tagged = label(r, null);
        boolean table = (type != null && type.toLowerCase(Locale.ROOT).contains("table"))
            || RegionLabels.TABLE.equals(tagged);
        composed.add(table && tableBlock() == null
            ? page.block(r.getAttributeValue(null, "ID"), RegionLabels.TABLE, XmlInput.altoBox(r, scale))
            : null);
      }
      case "TextBlock" -> {
        requirePage(el);
        PageDraft.Block table = tableBlock();
        block = table != null ? table
            : page.block(r.getAttributeValue(null, "ID"), label(r, RegionLabels.TEXT),
                XmlInput.altoBox(r, scale));
      }
      case "Illustration" -> {
        requirePage(el);
        if (tableBlock() == null) {
          page.block(r.getAttributeValue(null, "ID"), label(r, RegionLabels.IMAGE),
              XmlInput.altoBox(r, scale));
        }
      }
      case "TextLine" -> {
        lineBox = XmlInput.altoBox(r, scale);
        lineWords = new ArrayList<>();
      }
      case "String" -> {
        if (lineWords == null) {
          return;
        }
        String content = r.getAttributeValue(null, "CONTENT");
        Box box = XmlInput.altoBox(r, scale);
        if (content == null || content.isBlank()) {
          return;
        }
        if (box == null) {
          box = lineBox;
        }
        if (box == null) {
          throw new FormatException(name + ": page " + page.number() + ", String '" + content
              + "' has no HPOS/VPOS/WIDTH/HEIGHT and neither has its TextLine; word boxes are needed to highlight hits");
        }
        double wc = XmlInput.number(r, "WC");
        lineWords.add(new Word(box, content.strip(),
            Double.isNaN(wc) || wc < 0 || wc > 1 ? Word.UNKNOWN_CONFIDENCE : wc));
      }
      case "HYP" -> {
        String content = r.getAttributeValue(null, "CONTENT");
        if (lineWords != null && !lineWords.isEmpty() && content != null) {
          Word last = lineWords.remove(lineWords.size() - 1);
          lineWords.add(new Word(last.bbox(), last.text() + content, last.confidence()));
        }
      }
      default -> {
        // other elements (Styles, Shape, Glyph, margins) carry nothing a grounded page keeps
      }
    }
  }

  private void end(String el) throws FormatException {
    switch (el) {
      case "TextLine" -> {
        if (block != null && lineWords != null) {
          block.add(PageDraft.line(lineBox, lineWords));
        }
        lineWords = null;
        lineBox = null;
      }
      case "TextBlock" -> block = null;
      case "ComposedBlock" -> composed.remove(composed.size() - 1);
      case "Page" -> {
        pages.add(page.build(order, ENGINE, name));
        page = null;
      }
      default -> {
        // nothing to close
      }
    }
  }

  private PageDraft.Block tableBlock() {
    for (PageDraft.Block b : composed) {
      if (b != null) {
        return b;
      }
    }
    return null;
  }

  private void requirePage(String el) throws FormatException {
    if (page == null) {
      throw new FormatException(name + ": <" + el + "> outside a <Page>; the ALTO file is not laid out as Layout/Page/PrintSpace");
    }
  }

  /** Our label for the element's first tag that maps to one, else {@code fallback}. */
  private String label(XMLStreamReader r, String fallback) {
    String refs = r.getAttributeValue(null, "TAGREFS");
    if (refs != null) {
      for (String ref : refs.strip().split("\\s+")) {
        String known = LayoutLabels.known(tagLabels.get(ref));
        if (known != null) {
          return known;
        }
      }
    }
    return fallback;
  }

  private double scaleOf(String unit) throws FormatException {
    return switch (unit) {
      case "pixel" -> 1;
      case "mm10" -> options.dpi() / 254.0;
      case "inch1200" -> options.dpi() / 1200.0;
      default -> throw new FormatException(name + ": unknown ALTO MeasurementUnit '" + unit
          + "'; ALTO allows pixel, mm10 and inch1200");
    };
  }
}

