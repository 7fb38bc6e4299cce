package org.groundedocr.it.tika;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The page and region elements of the parser's XHTML as Tika printed it. */
final class XhtmlRegions {

  record Region(int page, String label, int[] bbox, String text) {}

  record Page(int page, int width, int height, List<Region> regions) {}

  private XhtmlRegions() {}

  static List<Page> read(String xhtml) throws Exception {
    // tika-server writes an empty <title> as "&#0;" for every document type (not only ours), which
    // is not well-formed XML; it is no part of what we check
    xhtml = xhtml.replace("&#0;", "");
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    Document doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(xhtml.getBytes(StandardCharsets.UTF_8)));
    List<Page> pages = new ArrayList<>();
    NodeList divs = doc.getElementsByTagNameNS("*", "div");
    for (int i = 0; i < divs.getLength(); i++) {
      Element div = (Element) divs.item(i);
      if (!"page".equals(div.getAttribute("class"))) {
        continue;
      }
      int n = Integer.parseInt(div.getAttribute("data-page"));
      List<Region> regions = new ArrayList<>();
      NodeList inner = div.getElementsByTagNameNS("*", "div");
      for (int j = 0; j < inner.getLength(); j++) {
        Element r = (Element) inner.item(j);
        if (!"ocr_region".equals(r.getAttribute("class"))) {
          continue;
        }
        int[] box = null;
        if (r.hasAttribute("data-bbox")) {
          String[] c = r.getAttribute("data-bbox").trim().split(" ");
          box = new int[] {Integer.parseInt(c[0]), Integer.parseInt(c[1]), Integer.parseInt(c[2]), Integer.parseInt(c[3])};
        }
        regions.add(new Region(n, r.getAttribute("data-label"), box, r.getTextContent()));
      }
      pages.add(new Page(n, Integer.parseInt(div.getAttribute("data-width")),
          Integer.parseInt(div.getAttribute("data-height")), regions));
    }
    return pages;
  }
}
