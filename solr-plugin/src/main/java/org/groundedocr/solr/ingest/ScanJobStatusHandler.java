package org.groundedocr.solr.ingest;

import org.apache.solr.common.SolrException;
import org.apache.solr.common.SolrException.ErrorCode;
import org.apache.solr.core.CoreContainer;
import org.apache.solr.handler.RequestHandlerBase;
import org.apache.solr.request.SolrQueryRequest;
import org.apache.solr.response.SolrQueryResponse;
import org.apache.solr.security.AuthorizationContext;
import org.apache.solr.security.PermissionNameProvider;

/**
 * The status of an asynchronous ingest job, from any node of the cluster (job state is in
 * ZooKeeper, {@link ScanJobStore}): {@code GET /solr/<collection>/update/scan/jobs?id=<jobId>}
 * answers {@code jobId}, {@code state} ({@code queued}, {@code running}, {@code done},
 * {@code failed}), {@code node}, {@code pagesDone}, {@code pagesFailed}, {@code submitted} and
 * {@code updated} (epoch ms), and {@code documents}: per file its {@code name}, {@code id},
 * {@code state}, {@code pagesDone}, {@code pagesFailed} ({@code failedPages}: their numbers),
 * {@code pages}, {@code chunks}, {@code error}. A job whose node left the cluster or restarted
 * before it ended is answered {@code failed}, its unfinished documents {@code failed} with the
 * reason. Reading a status needs the {@code read} permission.
 *
 * <pre>{@code
 * <requestHandler name="/update/scan/jobs" class="org.groundedocr.solr.ingest.ScanJobStatusHandler"/>
 * }</pre>
 *
 * A handler of its own, not a sub-path of {@code /update/scan}: Solr resolves
 * {@code /update/scan/jobs} to the implicit {@code /update} handler before a nested one.
 */
public final class ScanJobStatusHandler extends RequestHandlerBase implements PermissionNameProvider {

  public static final String ID_PARAM = "id";

  @Override
  public void handleRequestBody(SolrQueryRequest req, SolrQueryResponse rsp) {
    CoreContainer container = req.getCoreContainer();
    var cloud = req.getCore().getCoreDescriptor().getCloudDescriptor();
    if (!container.isZooKeeperAware() || cloud == null) {
      throw new SolrException(ErrorCode.BAD_REQUEST, "no asynchronous ingest jobs outside SolrCloud");
    }
    String id = req.getParams().required().get(ID_PARAM);
    if (!ScanJobStore.JOB_ID.matcher(id).matches()) {
      throw new SolrException(ErrorCode.BAD_REQUEST,
          "not a job id: " + id + " (32 hex digits, as /update/scan?async=true answered)");
    }
    String collection = cloud.getCollectionName();
    ScanJobState state = new ScanJobStore(container.getZkController().getZkClient()).status(collection, id);
    if (state == null) {
      throw new SolrException(ErrorCode.NOT_FOUND, "no ingest job " + id + " in collection " + collection
          + " (never submitted, or its last change was more than "
          + ScanJobStore.RETENTION_MILLIS / 3_600_000 + " h ago)");
    }
    state.json().forEach(rsp::add);
  }

  @Override
  public String getDescription() {
    return "Status of an asynchronous /update/scan job";
  }

  @Override
  public Name getPermissionName(AuthorizationContext request) {
    return Name.READ_PERM;
  }
}
