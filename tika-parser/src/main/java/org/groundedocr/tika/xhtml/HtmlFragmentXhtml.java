package org.groundedocr.tika.xhtml;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.tika.sax.XHTMLContentHandler;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeFilter;
import org.jsoup.select.NodeTraversor;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.AttributesImpl;

/**
 * Writes an HTML fragment from model output (DeepSeek-OCR writes tables as HTML) as XHTML SAX
 * events. The fragment is parsed with jsoup, which repairs whatever the model produced (unclosed
 * cells, stray tags, a table cut off by the token limit) the way browsers do; then only a
 * whitelist of structural elements is re-emitted, with only {@code colspan}/{@code rowspan}
 * (digits) as attributes. Other elements are replaced by their content; {@code script},
 * {@code style} and similar are dropped with their content. Nothing the model writes can inject
 * markup, attributes or scripts into the parser's output.
 */
public final class HtmlFragmentXhtml {

  private static final Set<String> ALLOWED =
      Set.of(
          "table", "caption", "colgroup", "col", "thead", "tbody", "tfoot", "tr", "th", "td",
          "p", "br", "b", "strong", "i", "em", "u", "sub", "sup", "ul", "ol", "li",
          "h1", "h2", "h3", "h4", "h5", "h6", "pre", "code", "blockquote");

  private static final Set<String> DROPPED_WITH_CONTENT =
      Set.of("script", "style", "iframe", "object", "embed", "template", "noscript", "head",
          "title", "svg", "math");

  /** Attributes kept, each with the pattern its value must match. */
  private static final Map<String, String> ALLOWED_ATTRIBUTES =
      Map.of("colspan", "[0-9]{1,4}", "rowspan", "[0-9]{1,4}");

  private static final Set<String> EMPTY = Set.of("br", "col");

  private HtmlFragmentXhtml() {}

  /** Writes {@code html} (a fragment, possibly malformed) into {@code xhtml}. */
  public static void write(String html, XHTMLContentHandler xhtml) throws SAXException {
    Element body = Jsoup.parseBodyFragment(html).body();
    // iterative traversal: model output may nest deeply, recursion must not overflow the stack
    try {
      NodeTraversor.filter(new Emitter(xhtml, body), body);
    } catch (UncheckedSax e) {
      throw e.getCause();
    }
  }

  private static final class Emitter implements NodeFilter {
    private final XHTMLContentHandler xhtml;
    private final Element root;

    Emitter(XHTMLContentHandler xhtml, Element root) {
      this.xhtml = xhtml;
      this.root = root;
    }

    @Override
    public FilterResult head(Node node, int depth) {
      if (node == root) {
        return FilterResult.CONTINUE;
      }
      try {
        if (node instanceof TextNode text) {
          String s = text.getWholeText();
          if (!s.isEmpty()) {
            xhtml.characters(s);
          }
          return FilterResult.CONTINUE;
        }
        if (!(node instanceof Element el)) {
          return FilterResult.SKIP_ENTIRELY; // comments, doctypes, data nodes
        }
        String name = name(el);
        if (DROPPED_WITH_CONTENT.contains(name)) {
          return FilterResult.SKIP_ENTIRELY;
        }
        if (ALLOWED.contains(name)) {
          AttributesImpl attrs = new AttributesImpl();
          for (var a : el.attributes()) {
            String key = a.getKey().toLowerCase(Locale.ROOT);
            String pattern = ALLOWED_ATTRIBUTES.get(key);
            String value = a.getValue().trim();
            if (pattern != null && value.matches(pattern)) {
              attrs.addAttribute("", key, key, "CDATA", value);
            }
          }
          xhtml.startElement(name, attrs);
        }
        return EMPTY.contains(name) ? FilterResult.SKIP_CHILDREN : FilterResult.CONTINUE;
      } catch (SAXException e) {
        throw new UncheckedSax(e);
      }
    }

    @Override
    public FilterResult tail(Node node, int depth) {
      if (node != root && node instanceof Element el && ALLOWED.contains(name(el))) {
        try {
          xhtml.endElement(name(el));
        } catch (SAXException e) {
          throw new UncheckedSax(e);
        }
      }
      return FilterResult.CONTINUE;
    }

    private static String name(Element el) {
      return el.normalName().toLowerCase(Locale.ROOT);
    }
  }

  /** Carries a SAXException through jsoup's traversal. */
  static final class UncheckedSax extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UncheckedSax(SAXException cause) {
      super(cause);
    }

    @Override
    public synchronized SAXException getCause() {
      return (SAXException) super.getCause();
    }
  }
}
