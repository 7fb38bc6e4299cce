package org.groundedocr.tesseract;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.groundedocr.model.Box;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The ground truth of an ALTO file (any version; the namespace is ignored): page size, text blocks
 * with their boxes and lines in document order, as {@code extract_text.py} in the test data reads
 * them (String contents of a line joined by a space).
 */
record AltoTruth(int width, int height, List<Block> blocks) {

  record Block(Box box, List<String> lines) {}

  static AltoTruth read(Path file) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    Document doc = f.newDocumentBuilder().parse(file.toFile());
    Element page = (Element) doc.getElementsByTagNameNS("*", "Page").item(0);
    List<Block> blocks = new ArrayList<>();
    NodeList tbs = doc.getElementsByTagNameNS("*", "TextBlock");
    for (int i = 0; i < tbs.getLength(); i++) {
      Element tb = (Element) tbs.item(i);
      List<String> lines = new ArrayList<>();
      for (Node n = tb.getFirstChild(); n != null; n = n.getNextSibling()) {
        if (n instanceof Element tl && "TextLine".equals(tl.getLocalName())) {
          List<String> words = new ArrayList<>();
          for (Node s = tl.getFirstChild(); s != null; s = s.getNextSibling()) {
            if (s instanceof Element se && "String".equals(se.getLocalName())) {
              words.add(se.getAttribute("CONTENT"));
            }
          }
          lines.add(String.join(" ", words));
        }
      }
      if (!lines.isEmpty()) {
        blocks.add(new Block(box(tb), lines));
      }
    }
    return new AltoTruth(num(page, "WIDTH"), num(page, "HEIGHT"), blocks);
  }

  /** Lines joined by newline, blocks by an empty line: {@code extract_text.py}'s output. */
  String text() {
    List<String> out = new ArrayList<>();
    for (Block b : blocks) {
      out.add(String.join("\n", b.lines()));
    }
    return String.join("\n\n", out);
  }

  private static Box box(Element e) {
    int x = num(e, "HPOS");
    int y = num(e, "VPOS");
    return new Box(x, y, x + num(e, "WIDTH"), y + num(e, "HEIGHT"));
  }

  private static int num(Element e, String attr) {
    String v = e.getAttribute(attr);
    return v.isEmpty() ? 0 : (int) Math.round(Double.parseDouble(v));
  }
}
