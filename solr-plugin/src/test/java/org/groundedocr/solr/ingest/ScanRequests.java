package org.groundedocr.solr.ingest;

import java.util.ArrayList;
import java.util.List;
import org.apache.solr.common.params.ModifiableSolrParams;
import org.apache.solr.common.util.ContentStream;
import org.apache.solr.common.util.ContentStreamBase;
import org.apache.solr.core.SolrCore;
import org.apache.solr.request.LocalSolrQueryRequest;
import org.apache.solr.response.SolrQueryResponse;

/** {@code /update/scan} requests against a test core, as a multipart upload would make them. */
final class ScanRequests {

  private ScanRequests() {}

  /** One uploaded file of a multipart request. */
  static ContentStream file(String name, String type, byte[] bytes) {
    ContentStreamBase.ByteArrayStream s = new ContentStreamBase.ByteArrayStream(bytes, name, type);
    s.setName("file");
    return s;
  }

  /** Posts {@code files} to the core's {@code /update/scan} with {@code params} (name, value, …). */
  static SolrQueryResponse scan(SolrCore core, List<ContentStream> files, String... params) {
    ModifiableSolrParams p = new ModifiableSolrParams();
    for (int i = 0; i < params.length; i += 2) {
      p.add(params[i], params[i + 1]);
    }
    SolrQueryResponse rsp = new SolrQueryResponse();
    try (LocalSolrQueryRequest req = new LocalSolrQueryRequest(core, p)) {
      req.setContentStreams(new ArrayList<>(files));
      core.execute(core.getRequestHandler("/update/scan"), req, rsp);
    }
    return rsp;
  }
}
