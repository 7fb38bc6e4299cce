package org.groundedocr.solr.page;

import java.util.ArrayList;
import java.util.List;
import org.apache.solr.common.SolrException.ErrorCode;
import org.apache.solr.common.SolrException;
import org.apache.solr.common.params.SolrParams;
import org.apache.solr.common.util.NamedList;
import org.apache.solr.core.SolrCore;
import org.apache.solr.request.SolrQueryRequest;
import org.apache.solr.response.SolrQueryResponse;
import org.apache.solr.schema.BinaryField;
import org.apache.solr.schema.IndexSchema;
import org.apache.solr.schema.SchemaField;
import org.apache.solr.update.processor.UpdateRequestProcessor;
import org.apache.solr.update.processor.UpdateRequestProcessorFactory;
import org.apache.solr.util.plugin.SolrCoreAware;
import org.groundedocr.solr.IndexFields;

/**
 * Stores the page images that {@link PageImageScanUpdateRequestHandler} rendered for a document as
 * page documents ({@code doc_type:page}, id {@code <doc>!page-<n>}), one per page, routed with the
 * document: the images live in the index, so they are replicated, backed up and deleted with it,
 * and any node can serve them ({@link PageRequestHandler}).
 *
 * <pre>{@code
 * <updateRequestProcessorChain name="grounded-ocr" default="true">
 *   <processor class="org.groundedocr.solr.page.PageImageUpdateProcessorFactory">
 *     <str name="groundedJsonField">grounded_json</str>
 *     <str name="inheritFields">source,content_type,title</str>
 *   </processor>
 *   <processor class="org.groundedocr.solr.chunking.ChunkingUpdateProcessorFactory">…</processor>
 *   …
 *   <processor class="solr.DistributedUpdateProcessorFactory"/>
 *   <processor class="solr.RunUpdateProcessorFactory"/>
 * </updateRequestProcessorChain>
 * }</pre>
 *
 * <p>Place it before {@code DistributedUpdateProcessorFactory} (the images exist only on the node
 * that parsed the file). A document that arrives with images replaces the page documents it had
 * (delete by {@code page_of}, then add); one that arrives without (a re-chunk from stored grounded
 * JSON, an atomic update) keeps them. Deleting a document by id deletes its pages.
 *
 * <p>Parameters: {@code groundedJsonField} (default {@code grounded_json}): where the page regions
 * come from (copied onto each page document, for {@code /page?region=i}); {@code inheritFields}
 * (default {@code source,content_type,title}): fields copied from the document.
 */
public final class PageImageUpdateProcessorFactory extends UpdateRequestProcessorFactory
    implements SolrCoreAware {

  public static final String GROUNDED_JSON_FIELD = "groundedJsonField";
  public static final String INHERIT_FIELDS = "inheritFields";

  private String groundedJsonField = IndexFields.GROUNDED_JSON;
  private List<String> inheritFields = List.of(IndexFields.SOURCE, IndexFields.CONTENT_TYPE, IndexFields.TITLE);

  @Override
  public void init(NamedList<?> args) {
    SolrParams p = args.toSolrParams();
    groundedJsonField = p.get(GROUNDED_JSON_FIELD, groundedJsonField).strip();
    if (groundedJsonField.isEmpty()) {
      throw new SolrException(ErrorCode.SERVER_ERROR, GROUNDED_JSON_FIELD + " must not be empty");
    }
    String inherit = p.get(INHERIT_FIELDS);
    if (inherit != null) {
      List<String> fields = new ArrayList<>();
      for (String f : inherit.split(",")) {
        if (!f.isBlank()) {
          fields.add(f.strip());
        }
      }
      inheritFields = List.copyOf(fields);
    }
    super.init(args);
  }

  @Override
  public void inform(SolrCore core) {
    IndexSchema schema = core.getLatestSchema();
    for (String f : IndexFields.PAGE_FIELDS) {
      if (schema.getFieldOrNull(f) == null) {
        throw new SolrException(ErrorCode.SERVER_ERROR,
            "PageImageUpdateProcessorFactory needs field '" + f + "' in the schema");
      }
    }
    SchemaField image = schema.getFieldOrNull(IndexFields.PAGE_IMAGE);
    if (image == null || !image.stored() || !(image.getType() instanceof BinaryField)) {
      throw new SolrException(ErrorCode.SERVER_ERROR, "PageImageUpdateProcessorFactory needs a stored"
          + " BinaryField '" + IndexFields.PAGE_IMAGE + "' in the schema");
    }
  }

  String groundedJsonField() {
    return groundedJsonField;
  }

  List<String> inheritFields() {
    return inheritFields;
  }

  @Override
  public UpdateRequestProcessor getInstance(
      SolrQueryRequest req, SolrQueryResponse rsp, UpdateRequestProcessor next) {
    return new PageImageUpdateProcessor(this, req, next);
  }
}
