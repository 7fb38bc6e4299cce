package org.groundedocr.solr.ingest;

import java.io.IOException;
import org.apache.solr.common.SolrException;
import org.apache.solr.common.SolrException.ErrorCode;
import org.apache.solr.common.SolrInputDocument;
import org.apache.solr.common.params.SolrParams;
import org.apache.solr.common.params.UpdateParams;
import org.apache.solr.request.SolrQueryRequest;
import org.apache.solr.response.SolrQueryResponse;
import org.apache.solr.update.AddUpdateCommand;
import org.apache.solr.update.DeleteUpdateCommand;
import org.apache.solr.update.processor.UpdateRequestProcessor;
import org.apache.solr.update.processor.UpdateRequestProcessorChain;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a document record down the update chain, each file with its own processor instance so one
 * file's failure never fails the others; after a failed write, removes what was written of it.
 */
final class ScanDocumentWriter {

  private static final Logger log = LoggerFactory.getLogger(ScanDocumentWriter.class);

  private final UpdateRequestProcessorChain chain;

  ScanDocumentWriter(UpdateRequestProcessorChain chain) {
    this.chain = chain;
  }

  /** Adds {@code doc} (id {@code id}) with the request's {@code commitWithin} and {@code overwrite}. */
  void add(SolrQueryRequest req, SolrQueryResponse rsp, SolrInputDocument doc, String id) {
    SolrParams params = req.getParams();
    AddUpdateCommand cmd = new AddUpdateCommand(req);
    cmd.solrDoc = doc;
    cmd.commitWithin = params.getInt(UpdateParams.COMMIT_WITHIN, -1);
    cmd.overwrite = params.getBool(UpdateParams.OVERWRITE, true);
    UpdateRequestProcessor processor = chain.createProcessor(req, rsp);
    try {
      processor.processAdd(cmd);
      processor.finish();
    } catch (SolrException | IOException e) {
      String cleanup = removeLeftovers(req, rsp, id);
      throw new SolrException(e instanceof SolrException se ? ErrorCode.getErrorCode(se.code()) : ErrorCode.SERVER_ERROR,
          "indexing failed: " + ScanMessages.rootMessage(e) + "; " + cleanup, e);
    } finally {
      try {
        processor.close();
      } catch (IOException e) {
        log.warn("/update/scan: closing the processor of {}", id, e);
      }
    }
  }

  /** The request's {@code commit}/{@code softCommit}, once all files are written. */
  void commit(SolrQueryRequest req, SolrQueryResponse rsp) throws IOException {
    UpdateRequestProcessor processor = chain.createProcessor(req, rsp);
    try {
      org.apache.solr.handler.RequestHandlerUtils.handleCommit(req, processor, req.getParams(), false);
      processor.finish();
    } finally {
      processor.close();
    }
  }

  /**
   * After a failed write: deletes what was written of document {@code id} (its record, chunks and
   * pages, by the chain's cascading delete). Either way nothing of it is visible (the record is
   * written last; searches, /rag and /page keep to complete documents), and the next ingest of
   * the same id replaces any leftovers. Returns what happened, for the client.
   */
  private String removeLeftovers(SolrQueryRequest req, SolrQueryResponse rsp, String id) {
    UpdateRequestProcessor processor = chain.createProcessor(req, rsp);
    try {
      DeleteUpdateCommand del = new DeleteUpdateCommand(req);
      del.setId(id);
      processor.processDelete(del);
      processor.finish();
      return "nothing of document " + id + " was kept; send the file again";
    } catch (IOException | RuntimeException e) {
      log.warn("/update/scan: could not remove the leftovers of {}", id, e);
      return "document " + id + " stays invisible (incomplete); send the file again to replace it";
    } finally {
      try {
        processor.close();
      } catch (IOException e) {
        log.warn("/update/scan: closing the cleanup processor of {}", id, e);
      }
    }
  }
}
