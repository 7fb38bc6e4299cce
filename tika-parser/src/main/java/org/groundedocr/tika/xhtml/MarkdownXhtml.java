package org.groundedocr.tika.xhtml;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.tika.sax.XHTMLContentHandler;
import org.commonmark.ext.gfm.tables.TableBlock;
import org.commonmark.ext.gfm.tables.TableBody;
import org.commonmark.ext.gfm.tables.TableCell;
import org.commonmark.ext.gfm.tables.TableHead;
import org.commonmark.ext.gfm.tables.TableRow;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.BlockQuote;
import org.commonmark.node.BulletList;
import org.commonmark.node.Code;
import org.commonmark.node.CustomBlock;
import org.commonmark.node.CustomNode;
import org.commonmark.node.Emphasis;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.HardLineBreak;
import org.commonmark.node.Heading;
import org.commonmark.node.HtmlBlock;
import org.commonmark.node.HtmlInline;
import org.commonmark.node.Image;
import org.commonmark.node.IndentedCodeBlock;
import org.commonmark.node.Link;
import org.commonmark.node.ListBlock;
import org.commonmark.node.ListItem;
import org.commonmark.node.Node;
import org.commonmark.node.OrderedList;
import org.commonmark.node.Paragraph;
import org.commonmark.node.SoftLineBreak;
import org.commonmark.node.StrongEmphasis;
import org.commonmark.node.Text;
import org.commonmark.node.ThematicBreak;
import org.commonmark.parser.Parser;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.AttributesImpl;

/**
 * Writes a region's Markdown as XHTML SAX events through commonmark-java's syntax tree (with GFM
 * tables): headings, paragraphs, lists, block quotes, code, emphasis, tables as {@code <table>}.
 * HTML blocks (DeepSeek-OCR's tables) go through {@link HtmlFragmentXhtml}'s whitelist; inline
 * HTML keeps only a few harmless inline elements ({@code sub}, {@code sup}, {@code b}, {@code i},
 * {@code u}, {@code br}…) and only when they nest properly. Links keep their text and an
 * {@code href} only for {@code http(s)} and {@code mailto}; images are left out (their files are
 * not part of the parse). Nothing is written as raw markup, so the output is always well-formed.
 */
public final class MarkdownXhtml {

  private static final Parser PARSER =
      Parser.builder().extensions(List.of(TablesExtension.create())).build();

  private static final Set<String> INLINE_HTML =
      Set.of("b", "strong", "i", "em", "u", "sub", "sup", "code");

  private static final Pattern INLINE_TAG =
      Pattern.compile("^<\\s*(/?)\\s*([a-zA-Z][a-zA-Z0-9]*)[^>]*?(/?)\\s*>$");

  private static final Pattern SAFE_HREF = Pattern.compile("(?i)^(https?://|mailto:)[^\\s<>\"]+$");

  private MarkdownXhtml() {}

  /** Writes {@code markdown} into {@code xhtml}. */
  public static void write(String markdown, XHTMLContentHandler xhtml) throws SAXException {
    Node document = PARSER.parse(markdown);
    try {
      document.accept(new Emitter(xhtml));
    } catch (HtmlFragmentXhtml.UncheckedSax e) {
      throw e.getCause();
    }
  }

  private static final class Emitter extends AbstractVisitor {
    private final XHTMLContentHandler xhtml;
    /** Inline HTML elements opened and not yet closed, innermost last. */
    private final Deque<String> openInline = new ArrayDeque<>();
    /** How many of {@link #openInline} belong to enclosing elements (must not be closed here). */
    private int inlineBase;

    Emitter(XHTMLContentHandler xhtml) {
      this.xhtml = xhtml;
    }

    @Override
    public void visit(Heading heading) {
      element("h" + Math.max(1, Math.min(6, heading.getLevel())), heading, null);
    }

    @Override
    public void visit(Paragraph paragraph) {
      // commonmark's tight lists render items without <p>; do the same
      Node parent = paragraph.getParent();
      if (parent instanceof ListItem && parent.getParent() instanceof ListBlock list && list.isTight()) {
        children(paragraph);
      } else {
        element("p", paragraph, null);
      }
    }

    @Override
    public void visit(BulletList list) {
      element("ul", list, null);
    }

    @Override
    public void visit(OrderedList list) {
      AttributesImpl attrs = null;
      Integer start = list.getMarkerStartNumber();
      if (start != null && start != 1) {
        attrs = attributes("start", Integer.toString(start));
      }
      element("ol", list, attrs);
    }

    @Override
    public void visit(ListItem item) {
      element("li", item, null);
    }

    @Override
    public void visit(BlockQuote quote) {
      element("blockquote", quote, null);
    }

    @Override
    public void visit(FencedCodeBlock code) {
      text("pre", code.getLiteral());
    }

    @Override
    public void visit(IndentedCodeBlock code) {
      text("pre", code.getLiteral());
    }

    @Override
    public void visit(ThematicBreak thematicBreak) {
      start("hr", null);
      end("hr");
    }

    @Override
    public void visit(HtmlBlock block) {
      try {
        HtmlFragmentXhtml.write(block.getLiteral(), xhtml);
      } catch (SAXException e) {
        throw new HtmlFragmentXhtml.UncheckedSax(e);
      }
    }

    @Override
    public void visit(HtmlInline html) {
      Matcher m = INLINE_TAG.matcher(html.getLiteral().trim());
      if (!m.matches()) {
        return; // comments, processing instructions, malformed tags: dropped
      }
      String name = m.group(2).toLowerCase(Locale.ROOT);
      boolean closing = !m.group(1).isEmpty();
      if ("br".equals(name)) {
        start("br", null);
        end("br");
      } else if (INLINE_HTML.contains(name)) {
        if (!closing && m.group(3).isEmpty()) {
          start(name, null);
          openInline.addLast(name);
        } else if (closing && openInline.size() > inlineBase && name.equals(openInline.peekLast())) {
          openInline.removeLast();
          end(name);
        }
      }
    }

    @Override
    public void visit(Text text) {
      characters(text.getLiteral());
    }

    @Override
    public void visit(Code code) {
      text("code", code.getLiteral());
    }

    @Override
    public void visit(Emphasis emphasis) {
      element("em", emphasis, null);
    }

    @Override
    public void visit(StrongEmphasis strong) {
      element("strong", strong, null);
    }

    @Override
    public void visit(Link link) {
      String href = link.getDestination();
      if (href != null && SAFE_HREF.matcher(href).matches()) {
        element("a", link, attributes("href", href));
      } else {
        children(link);
      }
    }

    @Override
    public void visit(Image image) {
      // the picture is not part of the parse; its alt text is not page text either
    }

    @Override
    public void visit(SoftLineBreak softLineBreak) {
      characters("\n");
    }

    @Override
    public void visit(HardLineBreak hardLineBreak) {
      start("br", null);
      end("br");
    }

    @Override
    public void visit(CustomBlock block) {
      if (block instanceof TableBlock) {
        element("table", block, null);
      } else {
        children(block);
      }
    }

    @Override
    public void visit(CustomNode node) {
      if (node instanceof TableHead) {
        element("thead", node, null);
      } else if (node instanceof TableBody) {
        element("tbody", node, null);
      } else if (node instanceof TableRow) {
        element("tr", node, null);
      } else if (node instanceof TableCell cell) {
        element(cell.isHeader() ? "th" : "td", node, null);
      } else {
        children(node);
      }
    }

    /** {@code <name>} children {@code </name>}, closing inline HTML left open inside it. */
    private void element(String name, Node node, AttributesImpl attrs) {
      start(name, attrs);
      children(node);
      end(name);
    }

    private void children(Node node) {
      int outerBase = inlineBase;
      inlineBase = openInline.size();
      Node child = node.getFirstChild();
      while (child != null) {
        Node next = child.getNext();
        child.accept(this);
        child = next;
      }
      while (openInline.size() > inlineBase) {
        end(openInline.removeLast());
      }
      inlineBase = outerBase;
    }

    private void text(String name, String literal) {
      start(name, null);
      characters(literal);
      end(name);
    }

    private void start(String name, AttributesImpl attrs) {
      try {
        xhtml.startElement(name, attrs == null ? new AttributesImpl() : attrs);
      } catch (SAXException e) {
        throw new HtmlFragmentXhtml.UncheckedSax(e);
      }
    }

    private void end(String name) {
      try {
        xhtml.endElement(name);
      } catch (SAXException e) {
        throw new HtmlFragmentXhtml.UncheckedSax(e);
      }
    }

    private void characters(String s) {
      if (s == null || s.isEmpty()) {
        return;
      }
      try {
        xhtml.characters(s);
      } catch (SAXException e) {
        throw new HtmlFragmentXhtml.UncheckedSax(e);
      }
    }

    private static AttributesImpl attributes(String name, String value) {
      AttributesImpl attrs = new AttributesImpl();
      attrs.addAttribute("", name, name, "CDATA", value);
      return attrs;
    }
  }
}
