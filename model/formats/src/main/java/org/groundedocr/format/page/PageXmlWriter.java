package org.groundedocr.format.page;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.groundedocr.format.RegionLines;
import org.groundedocr.format.WordBoxes;
import org.groundedocr.model.Box;
import org.groundedocr.model.GroundedPage;
import org.groundedocr.model.Region;
import org.groundedocr.model.RegionLabels;
import org.groundedocr.model.TextLine;
import org.groundedocr.model.Word;

/**
 * Writes a grounded page as PAGE-XML 2019-07-15 (one page per file, as PAGE is): a
 * {@code ReadingOrder/OrderedGroup} of the regions in our order; text regions as
 * {@code TextRegion} with the nearest PAGE {@code @type} and our exact label in
 * {@code @custom="structure {type:…;}"} (the Transkribus convention, read back by
 * {@link PageXmlReader}); pictures as {@code ImageRegion}; tables as a {@code TableRegion} holding
 * a {@code TextRegion}; lines as {@code TextLine} with {@code Coords}, {@code Word}s and
 * {@code TextEquiv}.
 */
public final class PageXmlWriter {

  public static final String NS = "http://schema.primaresearch.org/PAGE/gts/pagecontent/2019-07-15";
  static final String XSI = "http://www.w3.org/2001/XMLSchema-instance";

  /** Our labels that have a PAGE text type of their own; the rest are {@code other}. */
  private static final Map<String, String> TYPES = Map.ofEntries(
      Map.entry(RegionLabels.TITLE, "heading"),
      Map.entry(RegionLabels.SUB_TITLE, "heading"),
      Map.entry(RegionLabels.TEXT, "paragraph"),
      Map.entry(RegionLabels.ABSTRACT, "paragraph"),
      Map.entry(RegionLabels.LIST, "paragraph"),
      Map.entry(RegionLabels.REFERENCE, "paragraph"),
      Map.entry(RegionLabels.HEADER, "header"),
      Map.entry(RegionLabels.FOOTER, "footer"),
      Map.entry(RegionLabels.PAGE_NUMBER, "page-number"),
      Map.entry(RegionLabels.FOOTNOTE, "footnote"),
      Map.entry(RegionLabels.MARGIN_NOTE, "marginalia"),
      Map.entry(RegionLabels.IMAGE_CAPTION, "caption"),
      Map.entry(RegionLabels.TABLE_CAPTION, "caption"),
      Map.entry(RegionLabels.FIGURE_TITLE, "caption"),
      Map.entry(RegionLabels.TABLE_TITLE, "caption"),
      Map.entry(RegionLabels.IMAGE_FOOTNOTE, "footnote"),
      Map.entry(RegionLabels.TABLE_FOOTNOTE, "footnote"));

  private PageXmlWriter() {}

  /**
   * @param imageFilename the page image's file name or URL, required by PAGE; the page number
   *     stands in when it is unknown
   */
  public static void write(GroundedPage p, String imageFilename, String creator, OutputStream out)
      throws XMLStreamException {
    XMLStreamWriter w = XMLOutputFactory.newFactory()
        .createXMLStreamWriter(out, StandardCharsets.UTF_8.name());
    w.writeStartDocument(StandardCharsets.UTF_8.name(), "1.0");
    w.writeStartElement("PcGts");
    w.writeDefaultNamespace(NS);
    w.writeNamespace("xsi", XSI);
    w.writeAttribute(XSI, "schemaLocation", NS + " " + NS + "/pagecontent.xsd");
    w.writeAttribute("pcGtsId", "page_" + p.page());
    w.writeStartElement("Metadata");
    String now = DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(
        Instant.now().truncatedTo(ChronoUnit.SECONDS).atOffset(ZoneOffset.UTC));
    element(w, "Creator", creator);
    element(w, "Created", now);
    element(w, "LastChange", now);
    w.writeEndElement();

    w.writeStartElement("Page");
    w.writeAttribute("imageFilename",
        imageFilename == null || imageFilename.isBlank() ? "page_" + p.page() : imageFilename);
    w.writeAttribute("imageWidth", Integer.toString(p.width()));
    w.writeAttribute("imageHeight", Integer.toString(p.height()));
    if (!p.regions().isEmpty()) {
      w.writeStartElement("ReadingOrder");
      w.writeStartElement("OrderedGroup");
      w.writeAttribute("id", "ro_" + p.page());
      for (int r = 0; r < p.regions().size(); r++) {
        w.writeEmptyElement("RegionRefIndexed");
        w.writeAttribute("index", Integer.toString(r));
        w.writeAttribute("regionRef", regionId(p, r));
      }
      w.writeEndElement();
      w.writeEndElement();
    }
    for (int r = 0; r < p.regions().size(); r++) {
      region(w, p, r);
    }
    w.writeEndElement();
    w.writeEndElement();
    w.writeEndDocument();
    w.flush();
    w.close();
  }

  private static void region(XMLStreamWriter w, GroundedPage p, int index) throws XMLStreamException {
    Region region = p.regions().get(index);
    String id = regionId(p, index);
    Box box = RegionLines.boxOf(region, p);
    String custom = "structure {type:" + region.label() + ";}";
    if (RegionLabels.PICTURES.contains(region.label())) {
      w.writeStartElement("ImageRegion");
      w.writeAttribute("id", id);
      w.writeAttribute("custom", custom);
      coords(w, box);
      w.writeEndElement();
    } else if (RegionLabels.TABLE.equals(region.label())) {
      w.writeStartElement("TableRegion");
      w.writeAttribute("id", id);
      w.writeAttribute("custom", custom);
      coords(w, box);
      textRegion(w, id + "_t", box, "paragraph", null, RegionLines.of(region, p));
      w.writeEndElement();
    } else {
      textRegion(w, id, box, TYPES.getOrDefault(region.label(), "other"), custom,
          RegionLines.of(region, p));
    }
  }

  private static void textRegion(XMLStreamWriter w, String id, Box box, String type, String custom,
      List<TextLine> lines) throws XMLStreamException {
    w.writeStartElement("TextRegion");
    w.writeAttribute("id", id);
    if (custom != null) {
      w.writeAttribute("custom", custom);
    }
    w.writeAttribute("type", type);
    coords(w, box);
    StringBuilder text = new StringBuilder();
    for (int l = 0; l < lines.size(); l++) {
      TextLine line = lines.get(l);
      String lineId = id + "_l" + (l + 1);
      w.writeStartElement("TextLine");
      w.writeAttribute("id", lineId);
      coords(w, line.bbox());
      List<Word> words = WordBoxes.of(line);
      for (int i = 0; i < words.size(); i++) {
        Word word = words.get(i);
        w.writeStartElement("Word");
        w.writeAttribute("id", lineId + "_w" + (i + 1));
        coords(w, word.bbox());
        textEquiv(w, word.text(), word.hasConfidence() ? word.confidence() : -1);
        w.writeEndElement();
      }
      textEquiv(w, line.text(), -1);
      w.writeEndElement();
      if (text.length() > 0) {
        text.append('\n');
      }
      text.append(line.text());
    }
    if (!lines.isEmpty()) {
      textEquiv(w, text.toString(), -1);
    }
    w.writeEndElement();
  }

  private static void textEquiv(XMLStreamWriter w, String text, double conf) throws XMLStreamException {
    w.writeStartElement("TextEquiv");
    if (conf >= 0) {
      w.writeAttribute("conf", String.format(Locale.ROOT, "%.4f", conf));
    }
    element(w, "Unicode", text);
    w.writeEndElement();
  }

  /** The box as PAGE's polygon, clockwise from the top-left corner. */
  private static void coords(XMLStreamWriter w, Box b) throws XMLStreamException {
    w.writeEmptyElement("Coords");
    w.writeAttribute("points", b.x1() + "," + b.y1() + " " + b.x2() + "," + b.y1() + " "
        + b.x2() + "," + b.y2() + " " + b.x1() + "," + b.y2());
  }

  static String regionId(GroundedPage p, int region) {
    return "r" + p.page() + "_" + (region + 1);
  }

  private static void element(XMLStreamWriter w, String name, String text) throws XMLStreamException {
    w.writeStartElement(name);
    w.writeCharacters(text);
    w.writeEndElement();
  }
}
