package org.groundedocr.solr.iiif;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.solr.common.SolrDocument;
import org.apache.solr.common.SolrDocumentList;
import org.apache.solr.common.SolrException.ErrorCode;
import org.apache.solr.common.SolrException;
import org.apache.solr.common.params.ModifiableSolrParams;
import org.apache.solr.common.util.NamedList;
import org.apache.solr.request.SolrQueryRequest;
import org.groundedocr.grounding.GroundedJson;
import org.groundedocr.model.GroundedDocument;
import org.groundedocr.solr.IndexFields;
import org.groundedocr.solr.LocalSubQueries;

/**
 * Stored documents read through the collection's request handlers ({@code /get} routes an id to
 * its shard, {@code /select} is distributed), so any node answers for the whole collection and
 * the caller's credentials and permissions apply as they do to any search: the sub-requests run
 * as the caller ({@link LocalSubQueries}), so that under BasicAuth the shards see the caller.
 */
final class StoredDocuments {

  private StoredDocuments() {}

  /** The document {@code id} with {@code fields}, or a 404 naming it. */
  static SolrDocument document(SolrQueryRequest req, String id, String fields) throws IOException {
    ModifiableSolrParams p = new ModifiableSolrParams();
    p.set("id", id);
    p.set("fl", fields);
    NamedList<Object> rsp = request(req, "/get", p);
    Object d = rsp.get("doc");
    if (!(d instanceof SolrDocument doc)) {
      throw new SolrException(ErrorCode.NOT_FOUND, "no document '" + id + "' in this collection");
    }
    return doc;
  }

  /** The document's grounded pages, or a 404 when it has none stored. */
  static GroundedDocument grounded(SolrDocument doc, String id) {
    Object json = doc.getFirstValue(IndexFields.GROUNDED_JSON);
    if (json == null) {
      throw new SolrException(ErrorCode.NOT_FOUND, "document '" + id
          + "' has no stored " + IndexFields.GROUNDED_JSON + " (not ingested through /update/scan)");
    }
    return GroundedJson.readDocument(json.toString());
  }

  /** Which of {@code ids} exist (one real-time get). */
  static List<String> existing(SolrQueryRequest req, List<String> ids) throws IOException {
    List<String> out = new ArrayList<>();
    if (ids.isEmpty()) {
      return out;
    }
    ModifiableSolrParams p = new ModifiableSolrParams();
    p.set("ids", String.join(",", ids));
    p.set("fl", IndexFields.ID);
    Object docs = request(req, "/get", p).get("response");
    if (docs instanceof SolrDocumentList list) {
      list.forEach(d -> out.add(d.getFirstValue(IndexFields.ID).toString()));
    }
    return out;
  }

  static NamedList<Object> request(SolrQueryRequest req, String path, ModifiableSolrParams p)
      throws IOException {
    if (req.getCore().getRequestHandler(path) == null) {
      throw new SolrException(ErrorCode.SERVER_ERROR, "this handler needs " + path + " in solrconfig.xml");
    }
    return new LocalSubQueries(req, path).request(p);
  }
}
