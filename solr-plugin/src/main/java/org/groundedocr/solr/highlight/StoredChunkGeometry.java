package org.groundedocr.solr.highlight;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.groundedocr.chunking.ChunkLine;
import org.groundedocr.chunking.ChunkRegion;
import org.groundedocr.chunking.PageSize;
import org.groundedocr.model.Box;

/**
 * Reads the geometry a chunk document stores (README, "Solr: index layout"): {@code regions}, a
 * JSON array of {@code {"page", "region", "label", "bbox", "boxes", "start", "end", "partial",
 * "lines": [{"bbox", "start", "end"}]}}, and {@code page_sizes}, {@code [{"page", "width",
 * "height"}]}. Lenient: an entry it cannot read is skipped (its text then gets no box), never a
 * failed query.
 */
public final class StoredChunkGeometry {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private StoredChunkGeometry() {}

  public static List<ChunkRegion> regions(String json) throws IOException {
    List<ChunkRegion> out = new ArrayList<>();
    if (json == null || json.isBlank()) {
      return out;
    }
    for (JsonNode r : MAPPER.readTree(json)) {
      int page = r.path("page").asInt(0);
      int start = r.path("start").asInt(0);
      int end = r.path("end").asInt(start);
      if (page < 1 || start < 0 || end < start) {
        continue;
      }
      List<Box> boxes = new ArrayList<>();
      for (JsonNode b : r.path("boxes")) {
        Box box = box(b);
        if (box != null) {
          boxes.add(box);
        }
      }
      Box bbox = box(r.path("bbox"));
      if (boxes.isEmpty() && bbox != null) {
        boxes.add(bbox);
      }
      List<ChunkLine> lines = new ArrayList<>();
      for (JsonNode l : r.path("lines")) {
        Box box = box(l.path("bbox"));
        int ls = l.path("start").asInt(-1);
        int le = l.path("end").asInt(-1);
        if (box != null && ls >= 0 && le >= ls) {
          lines.add(new ChunkLine(box, ls, le));
        }
      }
      out.add(new ChunkRegion(page, r.path("region").asInt(-1), r.path("label").asText("text"),
          boxes, start, end, r.path("partial").asBoolean(false), lines));
    }
    return out;
  }

  public static List<PageSize> pageSizes(String json) throws IOException {
    List<PageSize> out = new ArrayList<>();
    if (json == null || json.isBlank()) {
      return out;
    }
    for (JsonNode p : MAPPER.readTree(json)) {
      int page = p.path("page").asInt(0);
      int w = p.path("width").asInt(-1);
      int h = p.path("height").asInt(-1);
      if (page >= 1 && w >= 0 && h >= 0) {
        out.add(new PageSize(page, w, h));
      }
    }
    return out;
  }

  static Box box(JsonNode a) {
    if (!a.isArray() || a.size() != 4) {
      return null;
    }
    return Box.normalised(a.get(0).asInt(), a.get(1).asInt(), a.get(2).asInt(), a.get(3).asInt());
  }
}
