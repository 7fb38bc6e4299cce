package org.groundedocr.solr;

import java.security.Principal;
import org.apache.solr.client.solrj.response.QueryResponse;
import org.apache.solr.common.SolrException;
import org.apache.solr.common.SolrException.ErrorCode;
import org.apache.solr.common.params.SolrParams;
import org.apache.solr.common.util.NamedList;
import org.apache.solr.core.SolrCore;
import org.apache.solr.request.LocalSolrQueryRequest;
import org.apache.solr.request.SolrQueryRequest;
import org.apache.solr.request.SolrRequestHandler;
import org.apache.solr.request.SolrRequestInfo;
import org.apache.solr.response.BinaryResponseWriter;
import org.apache.solr.response.SolrQueryResponse;

/**
 * Runs a handler's sub-queries ({@code /select}, {@code /get}) in this core as the user of the
 * request that caused them ({@code /rag}, the IIIF handlers).
 *
 * <p>Why not {@code EmbeddedSolrServer}: it builds a request without a user, and in SolrCloud the
 * distributed part of a sub-query goes to the shards through Solr's shard handler, whose
 * {@code PKIAuthenticationPlugin} signs a request only for the user of the current
 * {@link SolrRequestInfo}. Without a user the shard requests carry no credentials and a secured
 * cluster answers 401 (issue 16). Here the sub-request reports the caller's principal, so the
 * shards see the caller, and rule-based authorization applies the caller's permissions to the
 * sub-queries too: no stored password, no privilege the caller does not have.
 */
public final class LocalSubQueries {

  private final SolrQueryRequest caller;
  private final SolrRequestHandler handler;
  private final String path;

  public LocalSubQueries(SolrQueryRequest caller, String path) {
    this.caller = caller;
    this.path = path;
    this.handler = caller.getCore().getRequestHandler(path);
    if (handler == null) {
      throw new SolrException(ErrorCode.SERVER_ERROR, "no request handler at " + path + " in core " + caller.getCore().getName());
    }
  }

  public QueryResponse query(SolrParams params) {
    return new QueryResponse(request(params), null);
  }

  /** The sub-request's response, its documents as {@link org.apache.solr.common.SolrDocument}s. */
  public NamedList<Object> request(SolrParams params) {
    SolrCore core = caller.getCore();
    Principal principal = caller.getUserPrincipal();
    SolrQueryResponse rsp = new SolrQueryResponse();
    try (LocalSolrQueryRequest sub = new LocalSolrQueryRequest(core, params) {
          @Override
          public Principal getUserPrincipal() {
            return principal;
          }
        }) {
      SolrRequestInfo.setRequestInfo(new SolrRequestInfo(sub, rsp));
      try {
        core.execute(handler, sub, rsp);
        Exception failure = rsp.getException();
        if (failure != null) {
          if (failure instanceof SolrException se) {
            throw new SolrException(ErrorCode.getErrorCode(se.code()), "sub-query to " + path + " failed: " + se.getMessage(), se);
          }
          throw new SolrException(ErrorCode.SERVER_ERROR, "sub-query to " + path + " failed", failure);
        }
        return BinaryResponseWriter.getParsedResponse(sub, rsp);
      } finally {
        SolrRequestInfo.clearRequestInfo();
      }
    }
  }
}
