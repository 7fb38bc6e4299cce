package org.groundedocr.solr.ingest;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.solr.common.SolrException;
import org.apache.solr.common.SolrException.ErrorCode;
import org.apache.solr.common.cloud.SolrZkClient;
import org.apache.solr.common.cloud.ZkStateReader;
import org.apache.solr.common.util.Utils;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;

/**
 * Asynchronous ingest jobs in ZooKeeper, where every node of the cluster reads them at once (no
 * commit, no search, no inter-node request): {@code /groundedocr/scan-jobs/<collection>/<jobId>}
 * holds a job's {@link ScanJobState} as JSON. {@code /groundedocr/scan-nodes/<node>} holds the
 * incarnation of the node's job runner, written when it starts: a job whose node is not among
 * Solr's live nodes, or runs another incarnation (it restarted), was cut short.
 *
 * <p>Why ZooKeeper rather than job documents in the collection: a status must be right the moment
 * it is written and from every node, without a commit per page or a real-time get routed to a
 * shard; job documents would also have to be kept out of every search path ({@code /select},
 * {@code /rag}, IIIF search, the viewer). A job record is small (at most
 * {@link ScanJobs#MAX_FILES_PER_JOB} documents, errors cut at {@link ScanJobState#MAX_ERROR_CHARS})
 * and is removed {@link #RETENTION_MILLIS} after its last change.
 */
final class ScanJobStore {

  static final String ROOT = "/groundedocr";
  static final String JOBS = ROOT + "/scan-jobs";
  static final String NODES = ROOT + "/scan-nodes";
  /** How long a job's status stays readable after its last change. */
  static final long RETENTION_MILLIS = 24L * 60 * 60 * 1000;

  /** What {@link ScanJobs} makes job ids of; anything else never reaches a ZooKeeper path. */
  static final java.util.regex.Pattern JOB_ID = java.util.regex.Pattern.compile("[0-9a-f]{32}");

  private final SolrZkClient zk;

  ScanJobStore(SolrZkClient zk) {
    this.zk = zk;
  }

  /** Records that {@code node} now runs jobs as {@code incarnation}. */
  void registerNode(String node, String incarnation) {
    String path = NODES + "/" + node;
    byte[] data = incarnation.getBytes(StandardCharsets.UTF_8);
    call(() -> {
      if (Boolean.TRUE.equals(zk.exists(path, true))) {
        zk.setData(path, data, true);
      } else {
        zk.makePath(path, data, CreateMode.PERSISTENT, true);
      }
      return null;
    });
  }

  void create(String collection, String jobId, ScanJobState state) {
    String path = path(collection, jobId);
    call(() -> {
      zk.makePath(path, Utils.toJSON(state.json()), CreateMode.PERSISTENT, true);
      return null;
    });
  }

  void write(String collection, String jobId, ScanJobState state) {
    String path = path(collection, jobId);
    call(() -> zk.setData(path, Utils.toJSON(state.json()), true));
  }

  void delete(String collection, String jobId) {
    call(() -> {
      try {
        zk.delete(path(collection, jobId), -1, true);
      } catch (KeeperException.NoNodeException e) {
        // already gone
      }
      return null;
    });
  }

  /**
   * The job's state as a reader must see it: as stored, but cut short ({@link ScanJobState#cutShort})
   * when its node is gone or restarted; null when there is no such job (never was, or expired).
   */
  ScanJobState status(String collection, String jobId) {
    ScanJobState state = read(collection, jobId);
    if (state != null && !state.finished()) {
      String gone = ownerGone(state);
      if (gone != null) {
        state.cutShort(gone);
      }
    }
    return state;
  }

  /** The job's state as stored, or null when there is no such job (never was, or expired). */
  @SuppressWarnings("unchecked")
  ScanJobState read(String collection, String jobId) {
    return call(() -> {
      try {
        byte[] b = zk.getData(path(collection, jobId), null, null, true);
        return ScanJobState.of((Map<String, Object>) Utils.fromJSON(b));
      } catch (KeeperException.NoNodeException e) {
        return null;
      }
    });
  }

  /**
   * Why the job's owner can no longer finish it (left the cluster, or restarted), or null while it
   * runs the incarnation that took the job.
   */
  String ownerGone(ScanJobState state) {
    String node = state.node();
    return call(() -> {
      if (!Boolean.TRUE.equals(zk.exists(ZkStateReader.LIVE_NODES_ZKNODE + "/" + node, true))) {
        return "cut short: node " + node + " left the cluster (stopped or lost) before this document was indexed;"
            + " send the file again (the same bytes replace the same document)";
      }
      try {
        byte[] b = zk.getData(NODES + "/" + node, null, null, true);
        if (!new String(b, StandardCharsets.UTF_8).equals(state.incarnation())) {
          return "cut short: node " + node + " restarted before this document was indexed;"
              + " send the file again (the same bytes replace the same document)";
        }
        return null;
      } catch (KeeperException.NoNodeException e) {
        return "cut short: node " + node + " no longer runs ingest jobs; send the file again";
      }
    });
  }

  /** Removes the collection's jobs whose last change is older than {@link #RETENTION_MILLIS}. */
  void expire(String collection, long now) {
    String dir = JOBS + "/" + collection;
    call(() -> {
      List<String> children;
      try {
        children = zk.getChildren(dir, null, true);
      } catch (KeeperException.NoNodeException e) {
        return null;
      }
      for (String c : children) {
        Stat stat = zk.exists(dir + "/" + c, null, true);
        if (stat != null && now - stat.getMtime() > RETENTION_MILLIS) {
          try {
            zk.delete(dir + "/" + c, stat.getVersion(), true);
          } catch (KeeperException.NoNodeException | KeeperException.BadVersionException e) {
            // removed or changed meanwhile
          }
        }
      }
      return null;
    });
  }

  private static String path(String collection, String jobId) {
    return JOBS + "/" + collection + "/" + jobId;
  }

  private interface ZkCall<T> {
    T call() throws KeeperException, InterruptedException;
  }

  private static <T> T call(ZkCall<T> c) {
    try {
      return c.call();
    } catch (KeeperException e) {
      throw new SolrException(ErrorCode.SERVICE_UNAVAILABLE, "ingest job store (ZooKeeper): " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SolrException(ErrorCode.SERVICE_UNAVAILABLE, "interrupted while reading or writing an ingest job", e);
    }
  }
}
