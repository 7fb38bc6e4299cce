package org.groundedocr.format.alto;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.groundedocr.format.RegionLines;
import org.groundedocr.format.WordBoxes;
import org.groundedocr.format.XmlIds;
import org.groundedocr.model.Box;
import org.groundedocr.model.GroundedDocument;
import org.groundedocr.model.GroundedPage;
import org.groundedocr.model.Region;
import org.groundedocr.model.RegionLabels;
import org.groundedocr.model.TextLine;
import org.groundedocr.model.Word;

/**
 * Writes grounded pages as ALTO 4.4 in page pixels: one {@code LayoutTag} per label, referenced by
 * each block's {@code TAGREFS}; a {@code ReadingOrder} listing the blocks in our reading order;
 * text regions as {@code TextBlock}, pictures as {@code Illustration}, tables as a
 * {@code ComposedBlock TYPE="table"} around a {@code TextBlock}; lines as {@code TextLine} of
 * {@code String}s with their boxes and {@code WC} (when the word has a confidence), {@code SP}
 * between them and {@code HYP} for a line that ends in a hyphenated word.
 *
 * <p>Where the engine gave no line or word boxes they are estimated ({@link RegionLines},
 * {@link WordBoxes}).
 */
public final class AltoWriter {

  public static final String NS = "http://www.loc.gov/standards/alto/ns-v4#";
  static final String XSI = "http://www.w3.org/2001/XMLSchema-instance";
  static final String SCHEMA_LOCATION = NS + " http://www.loc.gov/standards/alto/v4/alto-4-4.xsd";

  private AltoWriter() {}

  public static void write(GroundedDocument doc, OutputStream out) throws XMLStreamException {
    XMLStreamWriter w = XMLOutputFactory.newFactory()
        .createXMLStreamWriter(out, StandardCharsets.UTF_8.name());
    Map<String, String> tags = tagIds(doc);
    w.writeStartDocument(StandardCharsets.UTF_8.name(), "1.0");
    w.writeStartElement("alto");
    w.writeDefaultNamespace(NS);
    w.writeNamespace("xsi", XSI);
    w.writeAttribute(XSI, "schemaLocation", SCHEMA_LOCATION);
    w.writeAttribute("SCHEMAVERSION", "4.4");

    w.writeStartElement("Description");
    element(w, "MeasurementUnit", "pixel");
    if (!doc.source().isEmpty()) {
      w.writeStartElement("sourceImageInformation");
      element(w, "fileName", doc.source());
      w.writeEndElement();
    }
    w.writeStartElement("OCRProcessing");
    w.writeAttribute("ID", "ocr_1");
    w.writeStartElement("ocrProcessingStep");
    w.writeStartElement("processingSoftware");
    element(w, "softwareName", "grounded-ocr" + (doc.engine().isEmpty() ? "" : " (" + doc.engine() + ")"));
    w.writeEndElement();
    w.writeEndElement();
    w.writeEndElement();
    w.writeEndElement(); // Description

    if (!tags.isEmpty()) {
      w.writeStartElement("Tags");
      for (Map.Entry<String, String> t : tags.entrySet()) {
        w.writeEmptyElement("LayoutTag");
        w.writeAttribute("ID", t.getValue());
        w.writeAttribute("LABEL", t.getKey());
      }
      w.writeEndElement();
    }

    boolean anyBlock = doc.pages().stream().anyMatch(p -> !p.regions().isEmpty());
    if (anyBlock) {
      w.writeStartElement("ReadingOrder");
      w.writeStartElement("OrderedGroup");
      w.writeAttribute("ID", "ro_1");
      for (GroundedPage p : doc.pages()) {
        for (int r = 0; r < p.regions().size(); r++) {
          w.writeEmptyElement("ElementRef");
          w.writeAttribute("ID", "ro_" + blockId(p, r));
          w.writeAttribute("REF", blockId(p, r));
        }
      }
      w.writeEndElement();
      w.writeEndElement();
    }

    w.writeStartElement("Layout");
    for (GroundedPage p : doc.pages()) {
      page(w, p, tags);
    }
    w.writeEndElement();
    w.writeEndElement();
    w.writeEndDocument();
    w.flush();
    w.close();
  }

  private static void page(XMLStreamWriter w, GroundedPage p, Map<String, String> tags)
      throws XMLStreamException {
    w.writeStartElement("Page");
    w.writeAttribute("ID", "p" + p.page());
    w.writeAttribute("PHYSICAL_IMG_NR", Integer.toString(p.page()));
    w.writeAttribute("WIDTH", Integer.toString(p.width()));
    w.writeAttribute("HEIGHT", Integer.toString(p.height()));
    w.writeStartElement("PrintSpace");
    position(w, new Box(0, 0, p.width(), p.height()));
    for (int r = 0; r < p.regions().size(); r++) {
      Region region = p.regions().get(r);
      String id = blockId(p, r);
      Box box = RegionLines.boxOf(region, p);
      String tag = tags.get(region.label());
      if (RegionLabels.PICTURES.contains(region.label())) {
        w.writeEmptyElement("Illustration");
        w.writeAttribute("ID", id);
        position(w, box);
        w.writeAttribute("TAGREFS", tag);
      } else if (RegionLabels.TABLE.equals(region.label())) {
        w.writeStartElement("ComposedBlock");
        w.writeAttribute("ID", id);
        position(w, box);
        w.writeAttribute("TAGREFS", tag);
        w.writeAttribute("TYPE", "table");
        textBlock(w, id + "_t", box, null, RegionLines.of(region, p));
        w.writeEndElement();
      } else {
        textBlock(w, id, box, tag, RegionLines.of(region, p));
      }
    }
    w.writeEndElement();
    w.writeEndElement();
  }

  private static void textBlock(
      XMLStreamWriter w, String id, Box box, String tag, List<TextLine> lines)
      throws XMLStreamException {
    w.writeStartElement("TextBlock");
    w.writeAttribute("ID", id);
    position(w, box);
    if (tag != null) {
      w.writeAttribute("TAGREFS", tag);
    }
    for (int l = 0; l < lines.size(); l++) {
      line(w, id + "_l" + (l + 1), lines.get(l));
    }
    w.writeEndElement();
  }

  private static void line(XMLStreamWriter w, String id, TextLine line) throws XMLStreamException {
    List<Word> words = WordBoxes.of(line);
    if (words.isEmpty()) {
      return; // ALTO wants at least one String per TextLine
    }
    w.writeStartElement("TextLine");
    w.writeAttribute("ID", id);
    position(w, line.bbox());
    String hyphen = null;
    for (int i = 0; i < words.size(); i++) {
      Word word = words.get(i);
      String content = word.text();
      boolean last = i == words.size() - 1;
      if (last && content.length() > 1 && content.endsWith("-")) {
        // a word broken across lines: ALTO keeps the hyphen apart so a reader can join the halves
        hyphen = "-";
        content = content.substring(0, content.length() - 1);
      }
      if (i > 0) {
        Word prev = words.get(i - 1);
        w.writeEmptyElement("SP");
        int gapStart = prev.bbox().x2();
        w.writeAttribute("HPOS", Integer.toString(gapStart));
        w.writeAttribute("VPOS", Integer.toString(prev.bbox().y1()));
        w.writeAttribute("WIDTH", Integer.toString(Math.max(0, word.bbox().x1() - gapStart)));
      }
      w.writeEmptyElement("String");
      w.writeAttribute("ID", id + "_w" + (i + 1));
      position(w, word.bbox());
      w.writeAttribute("CONTENT", content);
      if (word.hasConfidence()) {
        w.writeAttribute("WC", String.format(Locale.ROOT, "%.4f", word.confidence()));
      }
    }
    if (hyphen != null) {
      w.writeEmptyElement("HYP");
      w.writeAttribute("CONTENT", hyphen);
    }
    w.writeEndElement();
  }

  /** One tag per label in first-use order, so the file reads like the document. */
  private static Map<String, String> tagIds(GroundedDocument doc) {
    Map<String, String> tags = new LinkedHashMap<>();
    for (GroundedPage p : doc.pages()) {
      for (Region r : p.regions()) {
        tags.computeIfAbsent(r.label(), l -> XmlIds.ncName("label_", l) + "_" + (tags.size() + 1));
      }
    }
    return tags;
  }

  static String blockId(GroundedPage p, int region) {
    return "p" + p.page() + "_b" + (region + 1);
  }

  private static void position(XMLStreamWriter w, Box b) throws XMLStreamException {
    w.writeAttribute("HPOS", Integer.toString(b.x1()));
    w.writeAttribute("VPOS", Integer.toString(b.y1()));
    w.writeAttribute("WIDTH", Integer.toString(b.width()));
    w.writeAttribute("HEIGHT", Integer.toString(b.height()));
  }

  private static void element(XMLStreamWriter w, String name, String text) throws XMLStreamException {
    w.writeStartElement(name);
    w.writeCharacters(text);
    w.writeEndElement();
  }
}
