package org.groundedocr.solr.page;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.solr.request.SolrQueryRequest;
import org.apache.solr.response.SolrQueryResponse;
import org.apache.solr.update.AddUpdateCommand;
import org.apache.solr.update.processor.UpdateRequestProcessor;
import org.apache.solr.update.processor.UpdateRequestProcessorFactory;

/**
 * Test only: sits before {@code DistributedUpdateProcessorFactory} and, when the armed document's
 * {@code after}-th add (chunk, page or record) comes by, runs the armed action (the test kills the
 * node that holds the document's shard) before passing the add on. Static because the test and the
 * cluster's nodes share the JVM, and the processor is created by Solr, not by the test.
 */
public class KillSwitchUpdateProcessorFactory extends UpdateRequestProcessorFactory {

  record Armed(String documentId, int after, Runnable action) {}

  static final AtomicReference<Armed> ARMED = new AtomicReference<>();
  static final AtomicInteger SEEN = new AtomicInteger();

  @Override
  public UpdateRequestProcessor getInstance(SolrQueryRequest req, SolrQueryResponse rsp, UpdateRequestProcessor next) {
    return new UpdateRequestProcessor(next) {
      @Override
      public void processAdd(AddUpdateCommand cmd) throws IOException {
        Armed armed = ARMED.get();
        Object id = cmd.getSolrInputDocument().getFieldValue("id");
        if (armed != null && id != null && (id.toString().equals(armed.documentId())
            || id.toString().startsWith(armed.documentId() + "!"))) {
          if (SEEN.incrementAndGet() == armed.after() && ARMED.compareAndSet(armed, null)) {
            armed.action().run();
          }
        }
        super.processAdd(cmd);
      }
    };
  }
}
