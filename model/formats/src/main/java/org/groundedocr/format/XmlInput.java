package org.groundedocr.format;

import java.io.InputStream;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.groundedocr.model.Box;

/** StAX reading shared by the XML formats: a reader that resolves no DTD or external entity. */
public final class XmlInput {

  private XmlInput() {}

  public static XMLStreamReader open(InputStream in, String name) throws FormatException {
    XMLInputFactory f = XMLInputFactory.newFactory();
    // OCR files come from outside: no DTDs, no external entities (XXE)
    f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    f.setProperty(XMLInputFactory.IS_COALESCING, true);
    try {
      return f.createXMLStreamReader(in);
    } catch (XMLStreamException e) {
      throw notXml(name, e);
    }
  }

  public static FormatException notXml(String name, XMLStreamException e) {
    String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNumber();
    return new FormatException(
        name + ": not well-formed XML" + where + " (" + e.getMessage()
            + "); check that the file is complete and in UTF-8 or declares its encoding", e);
  }

  /** A numeric attribute, {@code NaN} when absent or not a number. */
  public static double number(XMLStreamReader r, String attr) {
    String v = r.getAttributeValue(null, attr);
    if (v == null || v.isBlank()) {
      return Double.NaN;
    }
    try {
      return Double.parseDouble(v.strip());
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  /**
   * The box of an element with {@code HPOS/VPOS/WIDTH/HEIGHT} in units of {@code scale} pixels,
   * or {@code null} when one is missing.
   */
  public static Box altoBox(XMLStreamReader r, double scale) {
    double h = number(r, "HPOS");
    double v = number(r, "VPOS");
    double w = number(r, "WIDTH");
    double ht = number(r, "HEIGHT");
    if (Double.isNaN(h) || Double.isNaN(v) || Double.isNaN(w) || Double.isNaN(ht)) {
      return null;
    }
    return Box.normalised(
        (int) Math.round(h * scale), (int) Math.round(v * scale),
        (int) Math.round((h + w) * scale), (int) Math.round((v + ht) * scale));
  }
}
