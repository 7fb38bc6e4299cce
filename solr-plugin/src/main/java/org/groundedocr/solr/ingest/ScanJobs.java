package org.groundedocr.solr.ingest;

import java.io.Closeable;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.solr.common.SolrException;
import org.apache.solr.common.SolrException.ErrorCode;
import org.apache.solr.common.params.SolrParams;
import org.apache.solr.common.util.ExecutorUtil;
import org.apache.solr.common.util.SimpleOrderedMap;
import org.apache.solr.common.util.SolrNamedThreadFactory;
import org.apache.solr.core.CoreContainer;
import org.apache.solr.core.SolrCore;
import org.apache.solr.request.LocalSolrQueryRequest;
import org.apache.solr.request.SolrQueryRequest;
import org.apache.solr.request.SolrRequestInfo;
import org.apache.solr.response.SolrQueryResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's asynchronous ingest jobs ({@code /update/scan?async=true}): one per node (Solr's
 * node-level object cache; closed with the node), a fixed number of workers and a bounded number
 * of jobs accepted and not yet finished; a request over the bound is refused at once (the handler
 * answers 503 with {@code Retry-After}) before its upload is read. Job state lives in ZooKeeper
 * ({@link ScanJobStore}), so the status is answered from any node.
 *
 * <p>A job runs as the user who submitted it (its inter-node updates carry that user, as the
 * synchronous request's would), with the request's parameters, on a core reference it holds until
 * it ends.
 */
final class ScanJobs implements Closeable {

  private static final Logger log = LoggerFactory.getLogger(ScanJobs.class);

  /** Files one asynchronous request may carry: a job's record must fit a ZooKeeper node. */
  static final int MAX_FILES_PER_JOB = 1000;
  /** Upper bound of the {@code asyncQueueSize} and {@code asyncWorkers} init parameters. */
  static final int MAX_QUEUE = 10_000;
  /** What a refused request is told to wait: about one small document's OCR on a busy node. */
  static final int RETRY_AFTER_SECONDS = 5;
  /** Page progress is written at most this often (a document's start and end always are). */
  static final long PROGRESS_WRITE_MILLIS = 1000;
  /** How long a stopping node waits for its running jobs to notice the interrupt. */
  private static final long CLOSE_WAIT_SECONDS = 10;

  private static final SecureRandom RANDOM = new SecureRandom();

  /** What a job does with its uploads, on its worker thread (the handler's per-file ingest). */
  @FunctionalInterface
  interface Work {
    void run(SolrQueryRequest req, SolrQueryResponse rsp, List<Upload> uploads, Recorder recorder) throws Exception;
  }

  private final ScanJobStore store;
  private final String node;
  private final String incarnation;
  private final int queueSize;
  private final Semaphore slots;
  private final ExecutorService workers;

  private ScanJobs(ScanJobStore store, String node, int queueSize, int workerCount) {
    this.store = store;
    this.node = node;
    this.queueSize = queueSize;
    this.slots = new Semaphore(queueSize);
    byte[] b = new byte[8];
    RANDOM.nextBytes(b);
    this.incarnation = System.currentTimeMillis() + "-" + HexFormat.of().formatHex(b);
    this.workers = ExecutorUtil.newMDCAwareFixedThreadPool(workerCount, new SolrNamedThreadFactory("groundedocr-scan-job"));
    store.registerNode(node, incarnation);
  }

  /**
   * The node's job runner, or null outside SolrCloud (no ZooKeeper to keep job state where every
   * node sees it). The first handler to ask sets the sizes; a later one asking others is told so in
   * the log.
   */
  static ScanJobs of(CoreContainer container, int queueSize, int workers) {
    if (!container.isZooKeeperAware()) {
      return null;
    }
    ScanJobs jobs = container.getObjectCache().computeIfAbsent(ScanJobs.class.getName(), ScanJobs.class,
        k -> new ScanJobs(new ScanJobStore(container.getZkController().getZkClient()),
            container.getZkController().getNodeName(), queueSize, workers));
    if (jobs.queueSize != queueSize) {
      log.warn("/update/scan: this node's job queue holds {} jobs (set by the first handler to load); {} asked for {}",
          jobs.queueSize, ScanUpdateRequestHandler.ASYNC_QUEUE_SIZE_PARAM, queueSize);
    }
    return jobs;
  }

  /** Takes a place in the queue, or returns false when it is full. */
  boolean reserve() {
    return slots.tryAcquire();
  }

  /** Gives back a place taken by {@link #reserve} for a job that was not submitted. */
  void release() {
    slots.release();
  }

  int queueSize() {
    return queueSize;
  }

  /**
   * Records a queued job and hands it to a worker; the caller holds a place ({@link #reserve}), which
   * the job gives back when it ends. On failure the place is given back and the caller keeps its
   * uploads.
   *
   * @param user the submitting user's name, or null (no authentication)
   * @return the job's id
   */
  String submit(SolrCore core, SolrParams params, String user, List<Upload> uploads, Work work) {
    String collection = collection(core);
    String jobId = newJobId();
    long now = System.currentTimeMillis();
    store.expire(collection, now);
    ScanJobState state = ScanJobState.queued(jobId, collection, node, incarnation,
        uploads.stream().map(Upload::name).toList(), now);
    store.create(collection, jobId, state);
    core.open(); // the job's own reference: the core stays open until the job ends
    try {
      workers.execute(() -> run(core, params, user, uploads, work, new Recorder(collection, jobId, state)));
    } catch (RejectedExecutionException e) {
      core.close();
      store.delete(collection, jobId);
      throw new SolrException(ErrorCode.SERVICE_UNAVAILABLE, "this node is shutting down; send the files to another node");
    }
    return jobId;
  }

  private void run(SolrCore core, SolrParams params, String user, List<Upload> uploads, Work work, Recorder recorder) {
    try (LocalSolrQueryRequest req = new LocalSolrQueryRequest(core, params)) {
      if (user != null) {
        req.setUserPrincipalName(user);
      }
      SolrQueryResponse rsp = new SolrQueryResponse();
      rsp.addResponseHeader(new SimpleOrderedMap<>()); // the update chain writes into it, as in a request
      SolrRequestInfo.setRequestInfo(new SolrRequestInfo(req, rsp));
      try {
        work.run(req, rsp, uploads, recorder);
        recorder.end();
      } finally {
        SolrRequestInfo.clearRequestInfo();
      }
    } catch (InterruptedException e) {
      log.warn("/update/scan job {}: cut short, the node is stopping", recorder.jobId);
      recorder.abort("cut short: node " + node + " stopped before this document was indexed;"
          + " send the file again (the same bytes replace the same document)");
    } catch (Exception e) {
      log.error("/update/scan job {} ended abnormally", recorder.jobId, e);
      recorder.abort("the job ended before this document was indexed: " + ScanMessages.rootMessage(e));
    } finally {
      uploads.forEach(Upload::delete);
      core.close();
      slots.release();
    }
  }

  private static String collection(SolrCore core) {
    var cd = core.getCoreDescriptor().getCloudDescriptor();
    return cd != null ? cd.getCollectionName() : core.getName();
  }

  private static String newJobId() {
    byte[] b = new byte[16];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  @Override
  public void close() {
    workers.shutdownNow();
    try {
      if (!workers.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS)) {
        log.warn("/update/scan: jobs still running at shutdown; their status reports them cut short");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A job's progress, written to the store as it happens (pages at most once a second). */
  final class Recorder {
    private final String collection;
    private final String jobId;
    private final ScanJobState state;
    private long lastWrite;

    private Recorder(String collection, String jobId, ScanJobState state) {
      this.collection = collection;
      this.jobId = jobId;
      this.state = state;
    }

    void started(int document) {
      state.running(document, System.currentTimeMillis());
      write();
    }

    void page(int document, boolean failed) {
      long now = System.currentTimeMillis();
      state.page(document, failed, now);
      if (now - lastWrite >= PROGRESS_WRITE_MILLIS) {
        write();
      }
    }

    void finished(int document, ScanResult result) {
      state.finished(document, result, System.currentTimeMillis());
      write();
    }

    private void end() {
      state.end(System.currentTimeMillis());
      write();
    }

    private void abort(String why) {
      state.cutShort(why);
      write();
    }

    private void write() {
      lastWrite = System.currentTimeMillis();
      try {
        store.write(collection, jobId, state);
      } catch (SolrException e) {
        // progress not recorded this time; the next write carries it
        log.warn("/update/scan job {}: could not record progress: {}", jobId, e.getMessage());
      }
    }
  }
}
