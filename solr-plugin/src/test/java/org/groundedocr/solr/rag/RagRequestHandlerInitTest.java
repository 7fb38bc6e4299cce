package org.groundedocr.solr.rag;

import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import org.apache.solr.common.SolrException;
import org.apache.solr.common.util.NamedList;
import org.junit.Test;

/** The former copy of the complete-documents filter in solrconfig.xml is refused at core load. */
public class RagRequestHandlerInitTest {

  @Test
  public void theOldFilterCopyIsRefusedNamingItsSuccessor() {
    NamedList<Object> args = new NamedList<>();
    args.add("completeFilter", "{!join from=gen_key_s to=parent_gen_s}doc_type:document");
    SolrException e = assertThrows(SolrException.class, () -> new RagRequestHandler().init(args));
    assertTrue(e.getMessage(), e.getMessage().contains(RagRequestHandler.COMPLETE_DOCUMENTS_PARAM));
  }

  @Test
  public void theSwitchIsAccepted() {
    NamedList<Object> args = new NamedList<>();
    args.add(RagRequestHandler.COMPLETE_DOCUMENTS_PARAM, true);
    new RagRequestHandler().init(args);
  }
}
