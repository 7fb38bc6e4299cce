package org.groundedocr.tika.xhtml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.sax.ToXMLContentHandler;
import org.apache.tika.sax.XHTMLContentHandler;
import org.groundedocr.model.Box;
import org.groundedocr.model.GroundedPage;
import org.groundedocr.model.PageStats;
import org.groundedocr.model.Region;
import org.junit.jupiter.api.Test;

/** Region content as XHTML: Markdown through commonmark, model HTML through the whitelist. */
class GroundedXhtmlTest {

  private static String render(Region... regions) throws Exception {
    ToXMLContentHandler handler = new ToXMLContentHandler();
    XHTMLContentHandler xhtml = new XHTMLContentHandler(handler, new Metadata());
    xhtml.startDocument();
    new GroundedXhtml(xhtml).page(
        new GroundedPage(3, 800, 600, List.of(regions), PageStats.of("ppocr", "", 5)), "ocr");
    xhtml.endDocument();
    String out = handler.toString();
    // must be well-formed XML whatever the model wrote
    javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(new java.io.ByteArrayInputStream(out.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    return out.substring(out.indexOf("<body>") + 6, out.indexOf("</body>")).replaceAll("\\s*\n\\s*", "").replace("\t", "");
  }

  private static Region region(String label, String text) {
    return new Region(label, List.of(new Box(10, 20, 300, 60)), text);
  }

  @Test
  void pageAndRegionAttributes() throws Exception {
    String out = render(new Region("text", List.of(new Box(10, 20, 100, 40), new Box(10, 50, 90, 70)), "Hello"),
        new Region("text", List.of(), "No box"));
    assertTrue(out.startsWith(
        "<div class=\"page\" data-page=\"3\" data-width=\"800\" data-height=\"600\" data-source=\"ocr\">"), out);
    assertTrue(out.contains(
        "<div class=\"ocr_region\" data-label=\"text\" data-bbox=\"10 20 100 70\" data-boxes=\"10 20 100 40;10 50 90 70\"><p>Hello</p></div>"), out);
    assertTrue(out.contains("<div class=\"ocr_region\" data-label=\"text\"><p>No box</p></div>"), out);
  }

  @Test
  void markdownBlocks() throws Exception {
    assertEquals("<h2>Results</h2>", inner(render(region("sub_title", "## Results"))));
    assertEquals("<h1>Plain title</h1>", inner(render(region("title", "Plain title"))));
    assertEquals("<h2>Two line sub title</h2>", inner(render(region("sub_title", "Two line\nsub title"))));
    assertEquals("<ul><li>one</li><li>two <em>three</em></li></ul>", inner(render(region("list", "- one\n- two *three*"))));
    assertEquals("<ol start=\"3\"><li>c</li><li>d</li></ol>", inner(render(region("list", "3. c\n4. d"))));
    assertEquals("<p>a <strong>b</strong> <code>c</code></p>", inner(render(region("text", "a **b** `c`"))));
    assertEquals(
        "<table><thead><tr><th>Item</th><th>Qty</th></tr></thead><tbody><tr><td>Pens</td><td>12</td></tr></tbody></table>",
        inner(render(region("table", "| Item | Qty |\n| --- | --- |\n| Pens | 12 |"))));
    assertEquals("<p>\\frac{a}{b} = c_1</p>", inner(render(region("equation", "\\frac{a}{b} = c_1"))));
    assertEquals("<p>H<sub>2</sub>O</p>", inner(render(region("text", "H<sub>2</sub>O"))));
    assertEquals("", inner(render(region("image", ""))));
  }

  @Test
  void deepSeekHtmlTablesBecomeTableElements() throws Exception {
    String html = "<table><tr><td colspan=\"2\">Total</td></tr><tr><td>a</td><td rowspan=\"x\">b</td></tr>\n\n<tr><td>c</td></tr></table>";
    assertEquals(
        "<table><tbody><tr><td colspan=\"2\">Total</td></tr><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></tbody></table>",
        inner(render(region("table", html))));
    // cut off by the token limit: repaired, still a table
    assertEquals("<table><tbody><tr><td>a</td><td>b</td></tr></tbody></table>",
        inner(render(region("table", "<table><tr><td>a<td>b"))));
  }

  @Test
  void modelOutputCannotInjectMarkup() throws Exception {
    String out = render(region("table",
        "<table onclick=\"x()\"><tr><td style=\"a\"><script>alert(1)</script><a href=\"javascript:x\">link</a><img src=x onerror=y></td></tr></table>"));
    assertFalse(out.contains("script"), out);
    assertFalse(out.contains("onclick"), out);
    assertFalse(out.contains("style"), out);
    assertFalse(out.contains("<img"), out);
    assertFalse(out.contains("javascript"), out);
    assertTrue(out.contains("<td>link</td>"), out);

    String text = render(region("text", "before <b>bold *mixed</b> after* <iframe src=x></iframe> [x](javascript:alert(1)) [ok](https://example.org)"));
    assertFalse(text.contains("iframe"), text);
    assertFalse(text.contains("javascript"), text);
    assertTrue(text.contains("<a href=\"https://example.org\">ok</a>"), text);
  }

  private static String inner(String body) {
    if (body.contains("data-bbox=\"10 20 300 60\" />")) {
      return ""; // an empty region element
    }
    int open = body.indexOf("data-bbox=\"10 20 300 60\">");
    int start = body.indexOf('>', open) + 1;
    int end = body.lastIndexOf("</div></div>");
    return body.substring(start, end);
  }
}
