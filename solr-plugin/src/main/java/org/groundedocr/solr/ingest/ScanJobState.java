package org.groundedocr.solr.ingest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The state of one asynchronous ingest job, as kept in ZooKeeper and answered by
 * {@code /update/scan/jobs}: a plain map (JSON) so that every node reads it without this class's
 * version mattering. Mutated only by the job's own thread ({@link ScanJobs}); readers get a copy.
 */
final class ScanJobState {

  static final String QUEUED = "queued";
  static final String RUNNING = "running";
  static final String DONE = "done";
  static final String FAILED = "failed";

  /** Longest error kept per document: job records live in ZooKeeper, whose nodes hold 1 MB. */
  static final int MAX_ERROR_CHARS = 500;

  private final Map<String, Object> job;
  private final List<Map<String, Object>> documents;

  private ScanJobState(Map<String, Object> job, List<Map<String, Object>> documents) {
    this.job = job;
    this.documents = documents;
  }

  /** A new job of {@code names}, queued on {@code node} (incarnation {@code incarnation}). */
  static ScanJobState queued(String jobId, String collection, String node, String incarnation, List<String> names,
      long now) {
    Map<String, Object> job = new LinkedHashMap<>();
    job.put("jobId", jobId);
    job.put("collection", collection);
    job.put("node", node);
    job.put("incarnation", incarnation);
    job.put("state", QUEUED);
    job.put("submitted", now);
    job.put("updated", now);
    job.put("pagesDone", 0L);
    job.put("pagesFailed", 0L);
    List<Map<String, Object>> docs = new ArrayList<>();
    for (String n : names) {
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("name", n);
      d.put("state", QUEUED);
      d.put("pagesDone", 0L);
      d.put("pagesFailed", 0L);
      docs.add(d);
    }
    job.put("documents", docs);
    return new ScanJobState(job, docs);
  }

  /** The state read back from its JSON map. */
  @SuppressWarnings("unchecked")
  static ScanJobState of(Map<String, Object> json) {
    Map<String, Object> job = new LinkedHashMap<>(json);
    List<Map<String, Object>> docs = new ArrayList<>();
    Object d = job.get("documents");
    if (d instanceof List<?> list) {
      for (Object o : list) {
        docs.add(new LinkedHashMap<>((Map<String, Object>) o));
      }
    }
    job.put("documents", docs);
    return new ScanJobState(job, docs);
  }

  Map<String, Object> json() {
    return job;
  }

  String state() {
    return (String) job.get("state");
  }

  String node() {
    return (String) job.get("node");
  }

  String incarnation() {
    return (String) job.get("incarnation");
  }

  boolean finished() {
    return DONE.equals(state()) || FAILED.equals(state());
  }

  void running(int document, long now) {
    job.put("state", RUNNING);
    documents.get(document).put("state", RUNNING);
    job.put("updated", now);
  }

  void page(int document, boolean failed, long now) {
    String key = failed ? "pagesFailed" : "pagesDone";
    documents.get(document).merge(key, 1L, (a, b) -> ((Number) a).longValue() + 1);
    job.merge(key, 1L, (a, b) -> ((Number) a).longValue() + 1);
    job.put("updated", now);
  }

  /** Document {@code document} ended with {@code result}; its page counts become the parser's own. */
  void finished(int document, ScanResult result, long now) {
    Map<String, Object> d = documents.get(document);
    long seenDone = ((Number) d.get("pagesDone")).longValue();
    long seenFailed = ((Number) d.get("pagesFailed")).longValue();
    long failed = result.failedPages().size();
    long done = result.ok() ? result.pages() : 0; // pages() counts the pages read, not the failed ones
    if (!result.ok()) {
      failed = seenFailed; // pages the engine failed on before the file failed as a whole
    }
    job.put("pagesDone", ((Number) job.get("pagesDone")).longValue() - seenDone + done);
    job.put("pagesFailed", ((Number) job.get("pagesFailed")).longValue() - seenFailed + failed);
    d.put("pagesDone", done);
    d.put("pagesFailed", failed);
    if (result.id() != null) {
      d.put("id", result.id());
    }
    d.put("state", result.ok() ? DONE : FAILED);
    if (result.ok()) {
      d.put("pages", result.pages());
      d.put("chunks", result.chunks());
    }
    if (result.ok() && !result.failedPages().isEmpty()) {
      d.put("failedPages", List.copyOf(result.failedPages()));
    }
    if (result.warning() != null) {
      d.put("warning", abbreviate(result.warning()));
    }
    if (result.error() != null) {
      d.put("error", abbreviate(result.error()));
    }
    d.put("millis", result.millis());
    job.put("updated", now);
  }

  /** Every document has ended: the job is {@code done}, or {@code failed} when no document was indexed. */
  void end(long now) {
    boolean anyOk = documents.stream().anyMatch(d -> DONE.equals(d.get("state")));
    job.put("state", anyOk ? DONE : FAILED);
    job.put("updated", now);
  }

  /**
   * The job as a reader must see it when its node is gone or restarted ({@code why}): documents
   * not indexed are failed, and so is the job (the documents indexed before stay {@code done}).
   */
  void cutShort(String why) {
    if (finished()) {
      return;
    }
    for (Map<String, Object> d : documents) {
      Object s = d.get("state");
      if (QUEUED.equals(s) || RUNNING.equals(s)) {
        d.put("state", FAILED);
        d.put("error", why);
      }
    }
    job.put("state", FAILED);
    job.put("error", why);
  }

  private static String abbreviate(String s) {
    return s.length() <= MAX_ERROR_CHARS ? s : s.substring(0, MAX_ERROR_CHARS) + "…";
  }
}
