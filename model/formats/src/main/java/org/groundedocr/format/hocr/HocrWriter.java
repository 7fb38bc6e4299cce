package org.groundedocr.format.hocr;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.groundedocr.format.RegionLines;
import org.groundedocr.format.WordBoxes;
import org.groundedocr.model.Box;
import org.groundedocr.model.GroundedDocument;
import org.groundedocr.model.GroundedPage;
import org.groundedocr.model.Region;
import org.groundedocr.model.RegionLabels;
import org.groundedocr.model.TextLine;
import org.groundedocr.model.Word;

/**
 * Writes grounded pages as hOCR 1.2 (XHTML): an {@code ocr_page} per page, an {@code ocr_carea}
 * per text region with an {@code ocr_par} of {@code ocr_line}s of {@code ocrx_word}s, each with
 * its {@code bbox} and (when known) {@code x_wconf}; pictures as {@code ocr_photo}, tables as
 * {@code ocr_table}, equations as {@code ocr_math}. Our label is kept in the engine-specific
 * property {@code x_label} (hOCR reserves {@code x_} properties for engines) so a round trip
 * keeps it. The {@code ocr-capabilities} meta lists the classes used, as the spec requires.
 */
public final class HocrWriter {

  static final String XHTML = "http://www.w3.org/1999/xhtml";
  static final String CAPABILITIES =
      "ocr_page ocr_carea ocr_par ocr_line ocrx_word ocr_photo ocr_table ocr_math ocrp_wconf";

  private HocrWriter() {}

  public static void write(GroundedDocument doc, OutputStream out) throws XMLStreamException {
    XMLStreamWriter w = XMLOutputFactory.newFactory()
        .createXMLStreamWriter(out, StandardCharsets.UTF_8.name());
    w.writeStartDocument(StandardCharsets.UTF_8.name(), "1.0");
    w.writeDTD("<!DOCTYPE html>");
    w.writeStartElement("html");
    w.writeDefaultNamespace(XHTML);
    w.writeStartElement("head");
    element(w, "title", doc.source().isEmpty() ? "grounded-ocr" : doc.source());
    meta(w, "ocr-system", "grounded-ocr" + (doc.engine().isEmpty() ? "" : " " + doc.engine()));
    meta(w, "ocr-capabilities", CAPABILITIES);
    meta(w, "ocr-number-of-pages", Integer.toString(doc.pages().size()));
    w.writeEndElement();
    w.writeStartElement("body");
    for (GroundedPage p : doc.pages()) {
      page(w, p, doc.source());
    }
    w.writeEndElement();
    w.writeEndElement();
    w.writeEndDocument();
    w.flush();
    w.close();
  }

  private static void page(XMLStreamWriter w, GroundedPage p, String source) throws XMLStreamException {
    w.writeStartElement("div");
    w.writeAttribute("class", "ocr_page");
    w.writeAttribute("id", "page_" + p.page());
    String image = source.isEmpty() ? "" : "image " + quoted(source) + "; ";
    w.writeAttribute("title", image + "bbox 0 0 " + p.width() + " " + p.height()
        + "; ppageno " + (p.page() - 1));
    for (int r = 0; r < p.regions().size(); r++) {
      region(w, p, r);
    }
    w.writeEndElement();
  }

  private static void region(XMLStreamWriter w, GroundedPage p, int index) throws XMLStreamException {
    Region region = p.regions().get(index);
    String id = "block_" + p.page() + "_" + (index + 1);
    Box box = RegionLines.boxOf(region, p);
    String props = bbox(box) + "; x_label " + region.label();
    if (RegionLabels.PICTURES.contains(region.label())) {
      // not an empty element: HTML parsers read <div/> as an open div that swallows what follows
      w.writeStartElement("div");
      w.writeAttribute("class", "ocr_photo");
      w.writeAttribute("id", id);
      w.writeAttribute("title", props);
      w.writeCharacters("");
      w.writeEndElement();
      return;
    }
    String cls = RegionLabels.TABLE.equals(region.label()) ? "ocr_table"
        : RegionLabels.EQUATION.equals(region.label()) ? "ocr_math" : "ocr_carea";
    w.writeStartElement("div");
    w.writeAttribute("class", cls);
    w.writeAttribute("id", id);
    w.writeAttribute("title", props);
    w.writeStartElement("p");
    w.writeAttribute("class", "ocr_par");
    w.writeAttribute("id", "par_" + p.page() + "_" + (index + 1));
    w.writeAttribute("title", bbox(box));
    List<TextLine> lines = RegionLines.of(region, p);
    for (int l = 0; l < lines.size(); l++) {
      line(w, id + "_" + (l + 1), lines.get(l));
    }
    w.writeEndElement();
    w.writeEndElement();
  }

  private static void line(XMLStreamWriter w, String id, TextLine line) throws XMLStreamException {
    List<Word> words = WordBoxes.of(line);
    w.writeStartElement("span");
    w.writeAttribute("class", "ocr_line");
    w.writeAttribute("id", "line_" + id);
    w.writeAttribute("title", bbox(line.bbox()));
    for (int i = 0; i < words.size(); i++) {
      if (i > 0) {
        w.writeCharacters(" ");
      }
      Word word = words.get(i);
      w.writeStartElement("span");
      w.writeAttribute("class", "ocrx_word");
      w.writeAttribute("id", "word_" + id + "_" + (i + 1));
      String title = bbox(word.bbox());
      if (word.hasConfidence()) {
        title += "; x_wconf " + Math.round(word.confidence() * 100);
      }
      w.writeAttribute("title", title);
      w.writeCharacters(word.text());
      w.writeEndElement();
    }
    w.writeEndElement();
  }

  static String bbox(Box b) {
    return "bbox " + b.x1() + " " + b.y1() + " " + b.x2() + " " + b.y2();
  }

  /** hOCR's quoted-string property value: backslash and double quote escaped. */
  private static String quoted(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private static void meta(XMLStreamWriter w, String name, String content) throws XMLStreamException {
    w.writeEmptyElement("meta");
    w.writeAttribute("name", name);
    w.writeAttribute("content", content);
  }

  private static void element(XMLStreamWriter w, String name, String text) throws XMLStreamException {
    w.writeStartElement(name);
    w.writeCharacters(text);
    w.writeEndElement();
  }
}
