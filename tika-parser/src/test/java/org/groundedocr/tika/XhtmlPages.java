package org.groundedocr.tika;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.groundedocr.model.Box;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The pages and regions of the parser's XHTML, read back with a DOM parser (so it must be well-formed). */
public final class XhtmlPages {

  public record RegionElement(String label, Box bbox, String text, Element element) {}

  public record PageElement(int page, int width, int height, String source, String failed, List<RegionElement> regions) {
    public String text() {
      StringBuilder sb = new StringBuilder();
      regions.forEach(r -> sb.append(r.text()).append('\n'));
      return sb.toString();
    }
  }

  private XhtmlPages() {}

  public static List<PageElement> read(String xhtml) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    Document doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(xhtml.getBytes(StandardCharsets.UTF_8)));
    List<PageElement> pages = new ArrayList<>();
    NodeList divs = doc.getElementsByTagNameNS("*", "div");
    for (int i = 0; i < divs.getLength(); i++) {
      Element div = (Element) divs.item(i);
      if (!"page".equals(div.getAttribute("class"))) {
        continue;
      }
      List<RegionElement> regions = new ArrayList<>();
      NodeList inner = div.getElementsByTagNameNS("*", "div");
      for (int j = 0; j < inner.getLength(); j++) {
        Element r = (Element) inner.item(j);
        if (!"ocr_region".equals(r.getAttribute("class"))) {
          continue;
        }
        Box box = null;
        if (r.hasAttribute("data-bbox")) {
          String[] c = r.getAttribute("data-bbox").trim().split(" ");
          box = new Box(Integer.parseInt(c[0]), Integer.parseInt(c[1]), Integer.parseInt(c[2]), Integer.parseInt(c[3]));
        }
        regions.add(new RegionElement(r.getAttribute("data-label"), box, r.getTextContent(), r));
      }
      pages.add(new PageElement(
          Integer.parseInt(div.getAttribute("data-page")),
          div.hasAttribute("data-width") ? Integer.parseInt(div.getAttribute("data-width")) : -1,
          div.hasAttribute("data-height") ? Integer.parseInt(div.getAttribute("data-height")) : -1,
          div.getAttribute("data-source"),
          div.hasAttribute("data-failed") ? div.getAttribute("data-failed") : null,
          regions));
    }
    return pages;
  }
}
