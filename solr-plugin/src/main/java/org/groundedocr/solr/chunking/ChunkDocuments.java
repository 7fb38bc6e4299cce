package org.groundedocr.solr.chunking;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.solr.common.SolrInputDocument;
import org.apache.solr.common.SolrInputField;
import org.groundedocr.chunking.Chunk;
import org.groundedocr.chunking.ChunkLine;
import org.groundedocr.chunking.ChunkRegion;
import org.groundedocr.chunking.PageSize;
import org.groundedocr.grounding.GroundedMarkdown;
import org.groundedocr.model.Box;
import org.groundedocr.model.GroundedDocument;
import org.groundedocr.model.GroundedPage;
import org.groundedocr.model.PageStats;
import org.groundedocr.model.Region;
import org.groundedocr.model.RegionLabels;
import org.groundedocr.solr.IndexFields;

/** Builds the Solr documents of a chunked document: fills in the parent and makes the chunks. */
final class ChunkDocuments {

  private static final ObjectMapper JSON = new ObjectMapper();

  private ChunkDocuments() {}

  /**
   * Sets the fields the parent gets from its grounded pages. Fields the caller already set
   * ({@code title}, {@code content}, {@code ocr_engine} from literals) are kept.
   */
  static void fillParent(SolrInputDocument parent, GroundedDocument doc, int chunkCount, String chunker) {
    parent.setField(IndexFields.DOC_TYPE, IndexFields.TYPE_DOCUMENT);
    parent.setField(IndexFields.PAGE_COUNT, doc.pages().size());
    parent.setField(IndexFields.CHUNK_COUNT, chunkCount);
    parent.setField(IndexFields.CHUNKER, chunker);
    String engine = doc.engine();
    String mode = "";
    long millis = 0;
    long vision = 0;
    long generated = 0;
    List<Integer> unfinished = new ArrayList<>();
    for (GroundedPage p : doc.pages()) {
      PageStats s = p.stats();
      if (engine.isEmpty()) {
        engine = s.engine();
      }
      if (mode.isEmpty()) {
        mode = s.mode();
      }
      millis += s.millis();
      vision += s.visionTokens();
      generated += s.generatedTokens();
      if (!s.finished()) {
        unfinished.add(p.page());
      }
    }
    setIfAbsent(parent, IndexFields.OCR_ENGINE, engine);
    setIfAbsent(parent, IndexFields.OCR_MODE, mode);
    parent.setField(IndexFields.OCR_MILLIS, millis);
    parent.setField(IndexFields.OCR_VISION_TOKENS, vision);
    parent.setField(IndexFields.OCR_GENERATED_TOKENS, generated);
    parent.removeField(IndexFields.OCR_UNFINISHED_PAGES);
    for (int p : unfinished) {
      parent.addField(IndexFields.OCR_UNFINISHED_PAGES, p);
    }
    setIfAbsent(parent, IndexFields.TITLE, firstTitle(doc));
    if (parent.getFieldValue(IndexFields.CONTENT) == null) {
      StringBuilder sb = new StringBuilder();
      for (GroundedPage p : doc.pages()) {
        String md = GroundedMarkdown.toMarkdown(p);
        if (!md.isEmpty()) {
          sb.append(sb.length() > 0 ? "\n\n" : "").append(md);
        }
      }
      if (sb.length() > 0) {
        parent.setField(IndexFields.CONTENT, sb.toString());
      }
    }
  }

  private static void setIfAbsent(SolrInputDocument doc, String field, String value) {
    if (doc.getFieldValue(field) == null && value != null && !value.isEmpty()) {
      doc.setField(field, value);
    }
  }

  private static String firstTitle(GroundedDocument doc) {
    for (GroundedPage p : doc.pages()) {
      for (Region r : p.regions()) {
        if (RegionLabels.TITLE.equals(r.label()) && !r.text().isBlank()) {
          return r.text().strip().replaceFirst("^#+\\s*", "");
        }
      }
    }
    return null;
  }

  /** The chunk's document, with the parent's fields that {@code inherit} accepts copied onto it. */
  static SolrInputDocument chunkDocument(
      String parentId, Chunk chunk, SolrInputDocument parent, Predicate<String> inherit) {
    SolrInputDocument d = new SolrInputDocument();
    for (SolrInputField f : parent) {
      if (inherit.test(f.getName())) {
        d.setField(f.getName(), f.getValue());
      }
    }
    d.setField(IndexFields.ID, IndexFields.chunkId(parentId, chunk.ordinal()));
    d.setField(IndexFields.DOC_TYPE, IndexFields.TYPE_CHUNK);
    d.setField(IndexFields.PARENT_ID, parentId);
    d.setField(IndexFields.CHUNK_ORDINAL, chunk.ordinal());
    d.setField(IndexFields.CHUNK_TEXT, chunk.text());
    d.setField(IndexFields.RETRIEVAL_TEXT, chunk.retrievalText());
    if (!chunk.breadcrumbs().isEmpty()) {
      d.setField(IndexFields.BREADCRUMBS, chunk.breadcrumbs());
    }
    for (String h : chunk.headings()) {
      d.addField(IndexFields.HEADINGS, h);
    }
    d.setField(IndexFields.TOKEN_COUNT, chunk.tokenCount());
    d.setField(IndexFields.OVERLAP_CHARS, chunk.overlapChars());
    List<Integer> pages = chunk.pageNumbers();
    for (int p : pages) {
      d.addField(IndexFields.PAGES, p);
    }
    if (!pages.isEmpty()) {
      d.setField(IndexFields.PAGE_START, pages.get(0));
      d.setField(IndexFields.PAGE_END, pages.get(pages.size() - 1));
    }
    for (String l : chunk.labels()) {
      d.addField(IndexFields.LABELS, l);
    }
    d.setField(IndexFields.REGIONS, regionsJson(chunk.regions()));
    d.setField(IndexFields.PAGE_SIZES, pageSizesJson(chunk.pages()));
    Set<String> areas = new LinkedHashSet<>();
    for (ChunkRegion r : chunk.regions()) {
      PageSize size = chunk.pages().stream().filter(p -> p.page() == r.page()).findFirst().orElse(null);
      if (size == null) {
        continue;
      }
      for (Box b : r.boxes()) {
        String env = PageAreas.envelope(r.page(), b, size.width(), size.height());
        if (env != null) {
          areas.add(env);
        }
      }
    }
    for (String a : areas) {
      d.addField(IndexFields.REGION_AREA, a);
    }
    for (String p : chunk.printedPages()) {
      d.addField(IndexFields.PRINTED_PAGES, p);
    }
    for (String f : chunk.furniture()) {
      d.addField(IndexFields.FURNITURE_TEXT, f);
    }
    d.setField(IndexFields.OCR_UNFINISHED, chunk.unfinished());
    return d;
  }

  /** The {@code regions} field: see README.md, "Solr: index layout". */
  static String regionsJson(List<ChunkRegion> regions) {
    ArrayNode a = JSON.createArrayNode();
    for (ChunkRegion r : regions) {
      ObjectNode o = a.addObject();
      o.put("page", r.page());
      o.put("region", r.region());
      o.put("label", r.label());
      Box bbox = r.bbox();
      if (bbox != null) {
        o.set("bbox", box(bbox));
      }
      ArrayNode boxes = o.putArray("boxes");
      r.boxes().forEach(b -> boxes.add(box(b)));
      o.put("start", r.start());
      o.put("end", r.end());
      o.put("partial", r.partial());
      if (!r.lines().isEmpty()) {
        ArrayNode lines = o.putArray("lines");
        for (ChunkLine l : r.lines()) {
          ObjectNode ln = lines.addObject();
          ln.set("bbox", box(l.bbox()));
          ln.put("start", l.start());
          ln.put("end", l.end());
        }
      }
    }
    return write(a);
  }

  static String pageSizesJson(List<PageSize> pages) {
    ArrayNode a = JSON.createArrayNode();
    for (PageSize p : pages) {
      a.addObject().put("page", p.page()).put("width", p.width()).put("height", p.height());
    }
    return write(a);
  }

  private static ArrayNode box(Box b) {
    return JSON.createArrayNode().add(b.x1()).add(b.y1()).add(b.x2()).add(b.y2());
  }

  private static String write(ArrayNode a) {
    try {
      return JSON.writeValueAsString(a);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
