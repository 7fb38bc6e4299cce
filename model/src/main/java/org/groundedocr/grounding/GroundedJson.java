package org.groundedocr.grounding;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.groundedocr.model.Box;
import org.groundedocr.model.GroundedDocument;
import org.groundedocr.model.GroundedPage;
import org.groundedocr.model.PageStats;
import org.groundedocr.model.Region;
import org.groundedocr.model.TextLine;
import org.groundedocr.model.Word;

/**
 * The JSON form of the document model (schema in the README):
 *
 * <pre>{@code
 * {"source", "engine", "pages": [{"page", "width", "height", "markdown",
 *   "regions": [{"label", "bbox": [x1,y1,x2,y2], "boxes": [[...]], "text",
 *                "lines": [{"bbox", "text", "words": [{"bbox", "text", "conf"}]}]}],
 *   "stats": {"engine", "mode", "visionTokens", "generatedTokens", "millis", "finished"}}]}
 * }</pre>
 *
 * {@code bbox} is the union of the region's boxes and is omitted when it has none; {@code markdown}
 * is derived and ignored when reading; {@code words} is omitted when a line's words are not known,
 * {@code conf} when a word has no confidence. Written through Jackson's tree model so the schema is
 * explicit here rather than implied by record accessors.
 */
public final class GroundedJson {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final ObjectMapper PRETTY =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private GroundedJson() {}

  public static String write(GroundedDocument doc, boolean pretty) {
    return serialize(toTree(doc), pretty);
  }

  public static String write(GroundedPage page, boolean pretty) {
    return serialize(toTree(page), pretty);
  }

  public static ObjectNode toTree(GroundedDocument doc) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("source", doc.source());
    n.put("engine", doc.engine());
    ArrayNode pages = n.putArray("pages");
    doc.pages().forEach(p -> pages.add(toTree(p)));
    return n;
  }

  public static ObjectNode toTree(GroundedPage page) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("page", page.page());
    n.put("width", page.width());
    n.put("height", page.height());
    n.put("markdown", page.markdown());
    ArrayNode regions = n.putArray("regions");
    for (Region r : page.regions()) {
      ObjectNode rn = regions.addObject();
      rn.put("label", r.label());
      Box bbox = r.bbox();
      if (bbox != null) {
        rn.set("bbox", box(bbox));
      }
      ArrayNode boxes = rn.putArray("boxes");
      r.boxes().forEach(b -> boxes.add(box(b)));
      rn.put("text", r.text());
      if (!r.lines().isEmpty()) {
        ArrayNode lines = rn.putArray("lines");
        for (TextLine l : r.lines()) {
          ObjectNode ln = lines.addObject();
          ln.set("bbox", box(l.bbox()));
          ln.put("text", l.text());
          if (!l.words().isEmpty()) {
            ArrayNode words = ln.putArray("words");
            for (Word w : l.words()) {
              ObjectNode wn = words.addObject();
              wn.set("bbox", box(w.bbox()));
              wn.put("text", w.text());
              if (w.hasConfidence()) {
                wn.put("conf", w.confidence());
              }
            }
          }
        }
      }
    }
    PageStats s = page.stats();
    ObjectNode sn = n.putObject("stats");
    sn.put("engine", s.engine());
    sn.put("mode", s.mode());
    sn.put("visionTokens", s.visionTokens());
    sn.put("generatedTokens", s.generatedTokens());
    sn.put("millis", s.millis());
    sn.put("finished", s.finished());
    return n;
  }

  public static GroundedDocument readDocument(String json) {
    JsonNode n = parse(json);
    List<GroundedPage> pages = new ArrayList<>();
    for (JsonNode p : n.path("pages")) {
      pages.add(fromTree(p));
    }
    return new GroundedDocument(n.path("source").asText(""), n.path("engine").asText(""), pages);
  }

  public static GroundedPage readPage(String json) {
    return fromTree(parse(json));
  }

  public static GroundedPage fromTree(JsonNode p) {
    List<Region> regions = new ArrayList<>();
    for (JsonNode r : p.path("regions")) {
      List<Box> boxes = new ArrayList<>();
      for (JsonNode b : r.path("boxes")) {
        boxes.add(box(b));
      }
      if (boxes.isEmpty() && r.has("bbox")) {
        boxes.add(box(r.get("bbox")));
      }
      List<TextLine> lines = new ArrayList<>();
      for (JsonNode l : r.path("lines")) {
        List<Word> words = new ArrayList<>();
        for (JsonNode w : l.path("words")) {
          words.add(new Word(box(w.path("bbox")), w.path("text").asText(""),
              w.path("conf").asDouble(Word.UNKNOWN_CONFIDENCE)));
        }
        lines.add(new TextLine(box(l.path("bbox")), l.path("text").asText(""), words));
      }
      regions.add(new Region(r.path("label").asText("text"), boxes, r.path("text").asText(""), lines));
    }
    JsonNode s = p.path("stats");
    PageStats stats =
        new PageStats(
            s.path("engine").asText(""),
            s.path("mode").asText(""),
            s.path("visionTokens").asInt(0),
            s.path("generatedTokens").asInt(0),
            s.path("millis").asLong(0),
            s.path("finished").asBoolean(true));
    return new GroundedPage(
        p.path("page").asInt(1), p.path("width").asInt(0), p.path("height").asInt(0), regions, stats);
  }

  private static ArrayNode box(Box b) {
    ArrayNode a = MAPPER.createArrayNode();
    a.add(b.x1()).add(b.y1()).add(b.x2()).add(b.y2());
    return a;
  }

  private static Box box(JsonNode a) {
    if (!a.isArray() || a.size() != 4) {
      throw new IllegalArgumentException("a box is [x1, y1, x2, y2], got " + a);
    }
    return Box.normalised(a.get(0).asInt(), a.get(1).asInt(), a.get(2).asInt(), a.get(3).asInt());
  }

  private static JsonNode parse(String json) {
    try {
      return MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not grounded-page JSON: " + e.getOriginalMessage(), e);
    }
  }

  private static String serialize(JsonNode n, boolean pretty) {
    try {
      return (pretty ? PRETTY : MAPPER).writeValueAsString(n);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
