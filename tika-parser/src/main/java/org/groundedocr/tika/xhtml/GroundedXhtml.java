package org.groundedocr.tika.xhtml;

import java.util.Locale;
import java.util.StringJoiner;
import org.apache.tika.sax.XHTMLContentHandler;
import org.groundedocr.model.Box;
import org.groundedocr.model.GroundedPage;
import org.groundedocr.model.Region;
import org.groundedocr.model.RegionLabels;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.AttributesImpl;

/**
 * The XHTML form of grounded pages, in Tika's conventions:
 *
 * <pre>{@code
 * <div class="page" data-page="1" data-width="1190" data-height="1684" data-source="ocr">
 *   <div class="ocr_region" data-label="title" data-bbox="96 120 980 160"><h1>Annual report</h1></div>
 *   <div class="ocr_region" data-label="text" data-bbox="96 200 1090 420"><p>Revenue grew…</p></div>
 *   <div class="ocr_region" data-label="table" data-bbox="…"><table><tr><td>…</td></tr></table></div>
 * </div>
 * }</pre>
 *
 * {@code data-bbox} is the union of the region's boxes in page pixels ({@code x1 y1 x2 y2},
 * top-left origin); a region with several boxes also has {@code data-boxes} ({@code ;}-separated);
 * a region without a box has neither. The content is the region's Markdown as XHTML
 * ({@link MarkdownXhtml}); tables written as HTML go through {@link HtmlFragmentXhtml}; equations
 * (LaTeX) are kept verbatim in a {@code <p>}; a {@code title}/{@code sub_title} whose text is not
 * a Markdown heading is written as {@code <h1>}/{@code <h2>}. A page that failed is an empty
 * {@code <div class="page" data-page="N" data-failed="reason">}.
 */
public final class GroundedXhtml {

  public static final String PAGE_CLASS = "page";
  public static final String REGION_CLASS = "ocr_region";

  private final XHTMLContentHandler xhtml;

  public GroundedXhtml(XHTMLContentHandler xhtml) {
    this.xhtml = xhtml;
  }

  /** Writes a page and its regions. {@code source} is {@code ocr} or {@code text}. */
  public void page(GroundedPage page, String source) throws SAXException {
    AttributesImpl attrs = new AttributesImpl();
    add(attrs, "class", PAGE_CLASS);
    add(attrs, "data-page", Integer.toString(page.page()));
    add(attrs, "data-width", Integer.toString(page.width()));
    add(attrs, "data-height", Integer.toString(page.height()));
    add(attrs, "data-source", source);
    if (!page.stats().finished()) {
      add(attrs, "data-finished", "false");
    }
    xhtml.startElement("div", attrs);
    for (Region r : page.regions()) {
      region(r);
    }
    xhtml.endElement("div");
  }

  /** Writes the empty page element of a page that failed. */
  public void failedPage(int pageNumber, String reason) throws SAXException {
    AttributesImpl attrs = new AttributesImpl();
    add(attrs, "class", PAGE_CLASS);
    add(attrs, "data-page", Integer.toString(pageNumber));
    add(attrs, "data-failed", reason);
    xhtml.startElement("div", attrs);
    xhtml.endElement("div");
  }

  private void region(Region r) throws SAXException {
    AttributesImpl attrs = new AttributesImpl();
    add(attrs, "class", REGION_CLASS);
    add(attrs, "data-label", r.label());
    Box bbox = r.bbox();
    if (bbox != null) {
      add(attrs, "data-bbox", coordinates(bbox));
      if (r.boxes().size() > 1) {
        StringJoiner boxes = new StringJoiner(";");
        r.boxes().forEach(b -> boxes.add(coordinates(b)));
        add(attrs, "data-boxes", boxes.toString());
      }
    }
    xhtml.startElement("div", attrs);
    content(r);
    xhtml.endElement("div");
  }

  private void content(Region r) throws SAXException {
    String text = r.text().strip();
    if (text.isEmpty()) {
      return;
    }
    String label = r.label().toLowerCase(Locale.ROOT);
    if (RegionLabels.EQUATION.equals(label)) {
      xhtml.element("p", text);
      return;
    }
    if (text.regionMatches(true, 0, "<table", 0, 6)
        || (RegionLabels.TABLE.equals(label) && text.toLowerCase(Locale.ROOT).contains("<table"))) {
      // HTML tables as a whole: blank lines inside would split a Markdown HTML block
      HtmlFragmentXhtml.write(text, xhtml);
      return;
    }
    if (!text.startsWith("#")) {
      if (RegionLabels.TITLE.equals(label)) {
        text = "# " + oneLine(text);
      } else if (RegionLabels.SUB_TITLE.equals(label)) {
        text = "## " + oneLine(text);
      }
    }
    MarkdownXhtml.write(text, xhtml);
  }

  private static String oneLine(String text) {
    return text.replaceAll("\\s*\\R\\s*", " ");
  }

  /** {@code "x1 y1 x2 y2"}, the {@code data-bbox} form. */
  public static String coordinates(Box b) {
    return b.x1() + " " + b.y1() + " " + b.x2() + " " + b.y2();
  }

  private static void add(AttributesImpl attrs, String name, String value) {
    attrs.addAttribute("", name, name, "CDATA", value);
  }
}
