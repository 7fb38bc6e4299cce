package org.groundedocr.solr.highlight;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.Font;
import java.awt.font.FontRenderContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.solr.common.SolrInputDocument;
import org.groundedocr.model.Box;

/**
 * A chunk laid out the way a page prints it: words set in a real proportional font (Java2D
 * metrics), wrapped into lines and stacked into regions, so every word's box on the page is known
 * exactly. {@link #toDocument} gives the chunk document in the index layout of the README
 * ("Solr: index layout"): {@code chunk_text} with the regions' and lines' character spans.
 */
final class RenderedChunk {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final FontRenderContext FRC = new FontRenderContext(null, true, true);

  /** A word as printed: its span in the chunk text and its box on its page. */
  record Word(String text, int page, int start, int end, Box box, int region) {}

  record Line(Box box, int start, int end) {}

  record Region(int page, int index, String label, Box box, int start, int end, List<Line> lines) {}

  final String id;
  final String parentId;
  final StringBuilder text = new StringBuilder();
  final List<Word> words = new ArrayList<>();
  final List<Region> regions = new ArrayList<>();
  final Map<Integer, int[]> pageSizes = new LinkedHashMap<>();
  private final Font font;
  private final int lineHeight;
  private final Map<Integer, Integer> nextY = new LinkedHashMap<>();
  private final Map<Integer, Integer> regionsOnPage = new LinkedHashMap<>();

  RenderedChunk(String id, String parentId, Font font) {
    this.id = id;
    this.parentId = parentId;
    this.font = font;
    this.lineHeight = Math.round(font.getSize() * 1.4f);
  }

  RenderedChunk page(int page, int width, int height) {
    pageSizes.put(page, new int[] {width, height});
    nextY.put(page, 80);
    return this;
  }

  /** Adds a region of {@code paragraph} on {@code page}, wrapped at {@code width} pixels from x 60. */
  RenderedChunk region(int page, String label, String paragraph, int width, boolean withLines) {
    if (text.length() > 0) {
      text.append("\n\n");
    }
    int x0 = 60;
    int y = nextY.get(page);
    int regionStart = text.length();
    List<Line> lines = new ArrayList<>();
    String[] tokens = paragraph.trim().split("\\s+");
    int lineStart = -1;
    double x = x0;
    Box lineBox = null;
    double space = font.getStringBounds(" ", FRC).getWidth();
    int regionIndex = regionsOnPage.merge(page, 1, Integer::sum) - 1;
    for (String token : tokens) {
      double w = font.getStringBounds(token, FRC).getWidth();
      if (lineStart >= 0 && x + w > x0 + width) {
        lines.add(new Line(lineBox, lineStart, text.length()));
        text.append('\n');
        y += lineHeight;
        x = x0;
        lineStart = -1;
        lineBox = null;
      }
      if (lineStart < 0) {
        lineStart = text.length();
      } else {
        text.append(' ');
        x += space;
      }
      int start = text.length();
      text.append(token);
      Box box = new Box((int) Math.round(x), y, (int) Math.round(x + w), y + font.getSize());
      words.add(new Word(token, page, start, text.length(), box, regions.size()));
      lineBox = lineBox == null ? box : lineBox.union(box);
      x += w;
    }
    lines.add(new Line(lineBox, lineStart, text.length()));
    Box regionBox = Box.union(lines.stream().map(Line::box).toList());
    regions.add(new Region(page, regionIndex, label, regionBox, regionStart, text.length(),
        withLines ? lines : List.of()));
    nextY.put(page, y + lineHeight * 2);
    return this;
  }

  Word word(String token, int occurrence) {
    int seen = 0;
    for (Word w : words) {
      if (w.text().equals(token) && seen++ == occurrence) {
        return w;
      }
    }
    throw new IllegalArgumentException("no word " + token);
  }

  SolrInputDocument toDocument() {
    SolrInputDocument d = new SolrInputDocument();
    d.addField("id", id);
    d.addField("doc_type", "chunk");
    d.addField("parent_id", parentId);
    d.addField("chunk_text", text.toString());
    d.addField("retrieval_text", text.toString());
    ArrayNode rs = MAPPER.createArrayNode();
    for (Region r : regions) {
      ObjectNode n = rs.addObject();
      n.put("page", r.page());
      n.put("region", r.index());
      n.put("label", r.label());
      n.set("bbox", box(r.box()));
      n.putArray("boxes").add(box(r.box()));
      n.put("start", r.start());
      n.put("end", r.end());
      n.put("partial", false);
      if (!r.lines().isEmpty()) {
        ArrayNode ls = n.putArray("lines");
        for (Line l : r.lines()) {
          ObjectNode ln = ls.addObject();
          ln.set("bbox", box(l.box()));
          ln.put("start", l.start());
          ln.put("end", l.end());
        }
      }
      d.addField("labels", r.label());
    }
    d.addField("regions", rs.toString());
    ArrayNode ps = MAPPER.createArrayNode();
    pageSizes.forEach((p, wh) -> ps.addObject().put("page", p).put("width", wh[0]).put("height", wh[1]));
    d.addField("page_sizes", ps.toString());
    pageSizes.keySet().forEach(p -> d.addField("pages", p));
    return d;
  }

  private static ArrayNode box(Box b) {
    ArrayNode a = MAPPER.createArrayNode();
    a.add(b.x1()).add(b.y1()).add(b.x2()).add(b.y2());
    return a;
  }
}
