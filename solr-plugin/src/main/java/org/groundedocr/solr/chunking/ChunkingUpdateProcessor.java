package org.groundedocr.solr.chunking;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.apache.solr.common.SolrException;
import org.apache.solr.common.SolrInputDocument;
import org.apache.solr.request.SolrQueryRequest;
import org.apache.solr.update.AddUpdateCommand;
import org.apache.solr.update.DeleteUpdateCommand;
import org.apache.solr.update.processor.UpdateRequestProcessor;
import org.groundedocr.chunking.Chunk;
import org.groundedocr.grounding.GroundedJson;
import org.groundedocr.model.GroundedDocument;
import org.groundedocr.solr.IndexFields;

/**
 * Per request: a document with grounded-page JSON becomes delete-old-chunks, its new chunks, and
 * the document record last, in that order (so re-ingesting never leaves a stale chunk behind, and
 * a cut-short ingest leaves no record: {@link DocumentGeneration}); deleting a document by id
 * deletes its chunks.
 */
final class ChunkingUpdateProcessor extends UpdateRequestProcessor {

  private final ChunkingUpdateProcessorFactory factory;
  private final SolrQueryRequest req;

  ChunkingUpdateProcessor(
      ChunkingUpdateProcessorFactory factory, SolrQueryRequest req, UpdateRequestProcessor next) {
    super(next);
    this.factory = factory;
    this.req = req;
  }

  @Override
  public void processAdd(AddUpdateCommand cmd) throws IOException {
    SolrInputDocument doc = cmd.getSolrInputDocument();
    String field = factory.groundedJsonField();
    Object value = doc.getFieldValue(field);
    if (value == null) {
      super.processAdd(cmd);
      return;
    }
    if (value instanceof Map) {
      throw new SolrException(
          SolrException.ErrorCode.BAD_REQUEST,
          field + " cannot be changed by an atomic update: send the whole document to re-chunk it");
    }
    Object idValue = doc.getFieldValue(IndexFields.ID);
    if (idValue == null || idValue.toString().isBlank()) {
      throw new SolrException(
          SolrException.ErrorCode.BAD_REQUEST, "a document with " + field + " needs an " + IndexFields.ID);
    }
    String id = idValue.toString();
    GroundedDocument grounded;
    try {
      grounded = GroundedJson.readDocument(value.toString());
    } catch (IllegalArgumentException e) {
      throw new SolrException(
          SolrException.ErrorCode.BAD_REQUEST, field + " of document " + id + " is not grounded-page JSON: " + e.getMessage(), e);
    }
    List<Chunk> chunks = factory.chunker().chunk(grounded);
    ChunkDocuments.fillParent(doc, grounded, chunks.size(), factory.chunker().describe());

    // all or nothing: old chunks out, new chunks in, the record last (see DocumentGeneration)
    String key = DocumentGeneration.assign(doc, id);
    deleteChunksOf(id, cmd.commitWithin);
    for (Chunk c : chunks) {
      AddUpdateCommand add = new AddUpdateCommand(req);
      add.solrDoc = ChunkDocuments.chunkDocument(id, c, doc, factory.inherit());
      add.solrDoc.removeField(DocumentGeneration.KEY_FIELD); // inherited by *_s: only the record has it
      add.solrDoc.setField(DocumentGeneration.PARENT_KEY_FIELD, key);
      add.commitWithin = cmd.commitWithin;
      add.overwrite = cmd.overwrite;
      super.processAdd(add);
    }
    super.processAdd(cmd);
    factory.countDocument(chunks.size());
  }

  @Override
  public void processDelete(DeleteUpdateCommand cmd) throws IOException {
    super.processDelete(cmd);
    if (cmd.isDeleteById()) {
      // the id may be a document's: its chunks go with it (a chunk's id matches no parent_id)
      deleteChunksOf(cmd.getId(), cmd.commitWithin);
      factory.countCascadingDelete();
    }
  }

  private void deleteChunksOf(String parentId, int commitWithin) throws IOException {
    DeleteUpdateCommand del = new DeleteUpdateCommand(req);
    del.query = "{!term f=" + IndexFields.PARENT_ID + "}" + parentId;
    del.commitWithin = commitWithin;
    super.processDelete(del);
  }
}
