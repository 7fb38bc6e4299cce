package org.groundedocr.solr.ingest;

import org.apache.solr.SolrTestCase;
import org.apache.solr.common.SolrException;
import org.apache.solr.common.util.NamedList;
import org.junit.Test;

/** {@code asyncQueueSize} and {@code asyncWorkers} are checked at core load, naming the parameter. */
public class AsyncInitParamsTest extends SolrTestCase {

  private static int read(Object value) {
    NamedList<Object> args = new NamedList<>();
    if (value != null) {
      args.add(ScanUpdateRequestHandler.ASYNC_QUEUE_SIZE_PARAM, value);
    }
    return ScanUpdateRequestHandler.positiveInit(args, ScanUpdateRequestHandler.ASYNC_QUEUE_SIZE_PARAM, 16);
  }

  @Test
  public void acceptsASizeInRangeAndRefusesTheRestByName() {
    assertEquals(16, read(null));
    assertEquals(3, read(3));
    assertEquals(5, read(" 5 "));
    for (Object bad : new Object[] {0, -1, ScanJobs.MAX_QUEUE + 1, "many", "2.5"}) {
      SolrException e = expectThrows(SolrException.class, () -> read(bad));
      assertEquals(500, e.code());
      assertTrue(e.getMessage(), e.getMessage().contains(ScanUpdateRequestHandler.ASYNC_QUEUE_SIZE_PARAM));
    }
  }
}
