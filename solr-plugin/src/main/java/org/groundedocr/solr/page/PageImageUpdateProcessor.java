package org.groundedocr.solr.page;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.apache.solr.common.SolrInputDocument;
import org.apache.solr.common.SolrInputField;
import org.apache.solr.request.SolrQueryRequest;
import org.apache.solr.update.AddUpdateCommand;
import org.apache.solr.update.DeleteUpdateCommand;
import org.apache.solr.update.processor.UpdateRequestProcessor;
import org.groundedocr.solr.chunking.DocumentGeneration;
import org.groundedocr.grounding.GroundedJson;
import org.groundedocr.model.Box;
import org.groundedocr.model.GroundedDocument;
import org.groundedocr.model.GroundedPage;
import org.groundedocr.model.Region;
import org.groundedocr.solr.IndexFields;

/** Per request: see {@link PageImageUpdateProcessorFactory}. */
final class PageImageUpdateProcessor extends UpdateRequestProcessor {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final PageImageUpdateProcessorFactory factory;
  private final SolrQueryRequest req;

  PageImageUpdateProcessor(PageImageUpdateProcessorFactory factory, SolrQueryRequest req,
      UpdateRequestProcessor next) {
    super(next);
    this.factory = factory;
    this.req = req;
  }

  @Override
  public void processAdd(AddUpdateCommand cmd) throws IOException {
    SolrInputDocument doc = cmd.getSolrInputDocument();
    PageImageStash stash = PageImageStash.of(req);
    Object idValue = doc.getFieldValue(IndexFields.ID);
    // only a document record carries the grounded JSON; chunks (which come down the chain before
    // their record) never take the stashed pages
    if (stash == null || idValue == null || doc.getFieldValue(factory.groundedJsonField()) == null) {
      super.processAdd(cmd);
      return;
    }
    String id = idValue.toString();
    SortedMap<Integer, PageImageStash.Stashed> pages = stash.takeFor(id);
    if (pages.isEmpty()) {
      super.processAdd(cmd);
      return;
    }
    // regions per page, read before the chain below may change the document
    Map<Integer, String> regionsByPage = pageRegions(doc);
    // pages first, the record (written by the chain below, after its chunks) last: DocumentGeneration
    String key = DocumentGeneration.assign(doc, id);
    DeleteUpdateCommand del = new DeleteUpdateCommand(req);
    del.query = "{!term f=" + IndexFields.PAGE_OF + "}" + id;
    del.commitWithin = cmd.commitWithin;
    super.processDelete(del);
    for (Map.Entry<Integer, PageImageStash.Stashed> e : pages.entrySet()) {
      int page = e.getKey();
      PageImageStash.Stashed img = e.getValue();
      SolrInputDocument p = new SolrInputDocument();
      for (String f : factory.inheritFields()) {
        SolrInputField field = doc.getField(f);
        if (field != null) {
          p.setField(f, field.getValue());
        }
      }
      p.setField(IndexFields.ID, IndexFields.pageId(id, page));
      p.setField(IndexFields.DOC_TYPE, IndexFields.TYPE_PAGE);
      p.setField(IndexFields.PAGE_OF, id);
      p.setField(IndexFields.PAGES, page);
      ArrayNode size = JSON.createArrayNode();
      size.addObject().put("page", page).put("width", img.pageWidth()).put("height", img.pageHeight());
      p.setField(IndexFields.PAGE_SIZES, size.toString());
      p.setField(IndexFields.REGIONS, regionsByPage.getOrDefault(page, "[]"));
      p.setField(IndexFields.PAGE_IMAGE, img.read());
      p.setField(IndexFields.PAGE_IMAGE_TYPE, img.mimeType());
      p.setField(IndexFields.PAGE_IMAGE_WIDTH, img.width());
      p.setField(IndexFields.PAGE_IMAGE_HEIGHT, img.height());
      p.setField(DocumentGeneration.PARENT_KEY_FIELD, key);
      AddUpdateCommand add = new AddUpdateCommand(req);
      add.solrDoc = p;
      add.commitWithin = cmd.commitWithin;
      add.overwrite = cmd.overwrite;
      super.processAdd(add);
    }
    super.processAdd(cmd);
  }

  /** Each page's regions as JSON ({@code [{"page","region","label","bbox","boxes"}]}), from the grounded JSON. */
  private Map<Integer, String> pageRegions(SolrInputDocument doc) {
    Object json = doc.getFieldValue(factory.groundedJsonField());
    Map<Integer, String> out = new HashMap<>();
    if (json == null) {
      return out;
    }
    GroundedDocument grounded;
    try {
      grounded = GroundedJson.readDocument(json.toString());
    } catch (RuntimeException e) {
      return out; // the chunker reports unreadable grounded JSON; the images are still stored
    }
    for (GroundedPage page : grounded.pages()) {
      ArrayNode regions = JSON.createArrayNode();
      List<Region> rs = page.regions();
      for (int i = 0; i < rs.size(); i++) {
        Region r = rs.get(i);
        ObjectNode n = regions.addObject();
        n.put("page", page.page());
        n.put("region", i);
        n.put("label", r.label());
        Box b = r.bbox();
        if (b != null) {
          n.set("bbox", box(b));
        }
        ArrayNode boxes = n.putArray("boxes");
        r.boxes().forEach(x -> boxes.add(box(x)));
      }
      out.put(page.page(), regions.toString());
    }
    return out;
  }

  private static ArrayNode box(Box b) {
    ArrayNode a = JSON.createArrayNode();
    a.add(b.x1()).add(b.y1()).add(b.x2()).add(b.y2());
    return a;
  }

  @Override
  public void processDelete(DeleteUpdateCommand cmd) throws IOException {
    super.processDelete(cmd);
    if (cmd.isDeleteById()) {
      DeleteUpdateCommand del = new DeleteUpdateCommand(req);
      del.query = "{!term f=" + IndexFields.PAGE_OF + "}" + cmd.getId();
      del.commitWithin = cmd.commitWithin;
      super.processDelete(del);
    }
  }
}
