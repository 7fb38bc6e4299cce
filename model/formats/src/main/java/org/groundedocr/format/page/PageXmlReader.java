package org.groundedocr.format.page;

import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
import org.groundedocr.model.RegionLabels;
import org.groundedocr.model.TextLine;
import org.groundedocr.model.Word;

/**
 * Reads PAGE-XML (any version from 2009 on: elements matched by local name) into a grounded
 * page. {@code TextRegion}s become regions labelled by {@code @custom} {@code structure {type:…}}
 * when it names a label we know, else by {@code @type} ({@link LayoutLabels}); image, graphic,
 * line-drawing and chart regions pictures; a {@code TableRegion} one table region (its nested
 * text regions' lines). {@code Word}s become words, with their polygon's bounding box and
 * {@code TextEquiv/@conf}; a line without words keeps its text with no word boxes. Regions follow
 * the {@code ReadingOrder}.
 */
public final class PageXmlReader {

  public static final String ENGINE = "page-xml";

  private static final Set<String> PICTURE_REGIONS =
      Set.of("ImageRegion", "GraphicRegion", "LineDrawingRegion", "ChartRegion");
  private static final Pattern STRUCTURE_TYPE = Pattern.compile("structure\\s*\\{[^}]*type:([^;}]+)");

  private final String name;
  private final Map<String, Integer> order = new HashMap<>();
  private final Deque<String> path = new ArrayDeque<>();
  private PageDraft page;
  private String imageFilename = "";
  private PageDraft.Block table;
  private PageDraft.Block block;
  private Box lineBox;
  private String lineText;
  private List<Word> words;
  private Box wordBox;
  private String wordText;
  private double wordConf = Word.UNKNOWN_CONFIDENCE;
  private double equivConf = Word.UNKNOWN_CONFIDENCE;

  private PageXmlReader(ImportOptions options) {
    this.name = options.sourceName();
  }

  public static ImportedDocument read(InputStream in, ImportOptions options) throws FormatException {
    return new PageXmlReader(options).run(in);
  }

  private ImportedDocument run(InputStream in) throws FormatException {
    XMLStreamReader r = XmlInput.open(in, name);
    try {
      boolean root = true;
      while (r.hasNext()) {
        int ev = r.next();
        if (ev == XMLStreamConstants.START_ELEMENT) {
          if (root && !"PcGts".equals(r.getLocalName())) {
            throw new FormatException(name + ": not PAGE-XML (root element <" + r.getLocalName()
                + ">, expected <PcGts>)");
          }
          root = false;
          start(r);
          if (r.isEndElement()) {
            // getElementText() consumed the element up to its end tag
            end(r.getLocalName());
          } else {
            path.push(r.getLocalName());
          }
        } else if (ev == XMLStreamConstants.END_ELEMENT) {
          path.pop();
          end(r.getLocalName());
        }
      }
    } catch (XMLStreamException e) {
      throw XmlInput.notXml(name, e);
    }
    if (page == null) {
      throw new FormatException(name + ": the PAGE-XML file has no <Page>; nothing to index");
    }
    return new ImportedDocument(new GroundedDocument(imageFilename.isEmpty() ? name : imageFilename, ENGINE,
        List.of(page.build(order, ENGINE, name))), List.of(imageFilename));
  }

  private void start(XMLStreamReader r) throws XMLStreamException, FormatException {
    String el = r.getLocalName();
    switch (el) {
      case "Page" -> {
        double w = XmlInput.number(r, "imageWidth");
        double h = XmlInput.number(r, "imageHeight");
        String file = r.getAttributeValue(null, "imageFilename");
        imageFilename = file == null ? "" : file;
        page = new PageDraft(1, Double.isNaN(w) ? 0 : (int) w, Double.isNaN(h) ? 0 : (int) h);
      }
      case "RegionRefIndexed", "RegionRef", "OrderedGroupIndexed", "OrderedGroup" -> {
        String ref = r.getAttributeValue(null, "regionRef");
        if (ref != null) {
          order.putIfAbsent(ref, order.size());
        }
      }
      case "TableRegion" -> {
        requirePage(el);
        table = page.block(r.getAttributeValue(null, "id"), RegionLabels.TABLE, null);
        block = table;
      }
      case "TextRegion" -> {
        requirePage(el);
        if (table == null) {
          block = page.block(r.getAttributeValue(null, "id"), labelOf(r), null);
        } else {
          block = table;
        }
      }
      case "TextLine" -> {
        lineBox = null;
        lineText = null;
        words = new ArrayList<>();
      }
      case "Word" -> {
        wordBox = null;
        wordText = null;
        wordConf = Word.UNKNOWN_CONFIDENCE;
      }
      case "Coords" -> coords(r);
      case "TextEquiv" -> {
        double c = XmlInput.number(r, "conf");
        equivConf = Double.isNaN(c) || c < 0 || c > 1 ? Word.UNKNOWN_CONFIDENCE : c;
      }
      case "Unicode" -> unicode(r.getElementText());
      default -> {
        if (PICTURE_REGIONS.contains(el) && page != null && table == null) {
          block = page.block(r.getAttributeValue(null, "id"), pictureLabel(r), null);
        }
      }
    }
  }

  private void end(String el) throws FormatException {
    switch (el) {
      case "Word" -> {
        if (words != null && wordText != null && !wordText.isBlank()) {
          Box box = wordBox != null ? wordBox : lineBox;
          if (box == null) {
            throw new FormatException(name + ": Word '" + wordText
                + "' has no Coords and neither has its TextLine; word boxes are needed to highlight hits");
          }
          words.add(new Word(box, wordText.strip(), wordConf));
        }
        wordBox = null;
        wordText = null;
      }
      case "TextLine" -> {
        if (block != null && words != null) {
          if (!words.isEmpty()) {
            block.add(PageDraft.line(lineBox, words));
          } else if (lineText != null && !lineText.isBlank() && lineBox != null) {
            block.add(new TextLine(lineBox, lineText.strip()));
          }
        }
        words = null;
        lineBox = null;
      }
      case "TextRegion" -> block = table;
      case "TableRegion" -> {
        table = null;
        block = null;
      }
      default -> {
        if (PICTURE_REGIONS.contains(el) && table == null) {
          block = null;
        }
      }
    }
  }

  /** Coords belong to the innermost open Word, TextLine or region. */
  private void coords(XMLStreamReader r) {
    Box box = polygonBox(r.getAttributeValue(null, "points"));
    if (box == null) {
      return;
    }
    String parent = path.peek();
    if ("Word".equals(parent)) {
      wordBox = box;
    } else if ("TextLine".equals(parent)) {
      lineBox = box;
    } else if (block != null && parent != null && parent.endsWith("Region")
        && (block != table || "TableRegion".equals(parent))) {
      block.box(box);
    }
  }

  private void unicode(String text) {
    // path: ..., X, TextEquiv (Unicode itself is consumed by getElementText)
    String owner = path.size() >= 2 ? path.stream().skip(1).findFirst().orElse("") : "";
    if ("Word".equals(owner)) {
      if (wordText == null) {
        wordText = text;
        wordConf = equivConf;
      }
    } else if ("TextLine".equals(owner) && lineText == null) {
      lineText = text;
    }
  }

  private String labelOf(XMLStreamReader r) {
    String custom = r.getAttributeValue(null, "custom");
    if (custom != null) {
      Matcher m = STRUCTURE_TYPE.matcher(custom);
      if (m.find()) {
        String known = LayoutLabels.known(m.group(1).strip());
        if (known != null) {
          return known;
        }
      }
    }
    return LayoutLabels.of(r.getAttributeValue(null, "type"));
  }

  private static String pictureLabel(XMLStreamReader r) {
    String custom = r.getAttributeValue(null, "custom");
    if (custom != null) {
      Matcher m = STRUCTURE_TYPE.matcher(custom);
      if (m.find() && RegionLabels.PICTURES.contains(m.group(1).strip())) {
        return m.group(1).strip();
      }
    }
    return RegionLabels.IMAGE;
  }

  /** The bounding box of a PAGE polygon ({@code "x,y x,y …"}), {@code null} when it has none. */
  static Box polygonBox(String points) {
    if (points == null || points.isBlank()) {
      return null;
    }
    int x1 = Integer.MAX_VALUE;
    int y1 = Integer.MAX_VALUE;
    int x2 = Integer.MIN_VALUE;
    int y2 = Integer.MIN_VALUE;
    for (String pt : points.strip().split("\\s+")) {
      String[] xy = pt.split(",");
      if (xy.length != 2) {
        continue;
      }
      try {
        int x = (int) Math.round(Double.parseDouble(xy[0]));
        int y = (int) Math.round(Double.parseDouble(xy[1]));
        x1 = Math.min(x1, x);
        y1 = Math.min(y1, y);
        x2 = Math.max(x2, x);
        y2 = Math.max(y2, y);
      } catch (NumberFormatException e) {
        // a malformed point is skipped; the others still bound the region
      }
    }
    return x1 == Integer.MAX_VALUE ? null : new Box(x1, y1, x2, y2);
  }

  private void requirePage(String el) throws FormatException {
    if (page == null) {
      throw new FormatException(name + ": <" + el + "> outside a <Page>; not laid out as PcGts/Page");
    }
  }
}
