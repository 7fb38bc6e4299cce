package org.groundedocr.solr.rag;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.apache.solr.common.SolrException.ErrorCode;
import org.apache.solr.common.SolrException;
import org.apache.solr.common.SolrInputDocument;
import org.apache.solr.common.util.SimpleOrderedMap;
import org.apache.solr.request.SolrQueryRequest;
import org.apache.solr.response.SolrQueryResponse;
import org.apache.solr.update.AddUpdateCommand;
import org.apache.solr.update.CommitUpdateCommand;
import org.apache.solr.update.DeleteUpdateCommand;
import org.apache.solr.update.MergeIndexesCommand;
import org.apache.solr.update.RollbackUpdateCommand;
import org.apache.solr.update.processor.UpdateRequestProcessor;
import org.groundedocr.embed.EmbeddingException;
import org.groundedocr.solr.IndexFields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per request: holds chunk adds back until a batch is full or a document's chunks are complete,
 * embeds the batch in one call, and sends the commands on in their original order with the
 * vectors set. Any other command first flushes what is held, so the order of commands is kept.
 *
 * <p>A batch that fails is retried document by document; the documents that still fail are not
 * indexed (a document announced with its chunk count is deleted with all its chunks, since its
 * previous chunks are already gone), and the call fails with their ids and the cause. A chunk is
 * never indexed without its vector unless its text is blank ({@code blankText=skip}), which the
 * response lists.
 */
final class EmbeddingUpdateProcessor extends UpdateRequestProcessor {

  private static final Logger log = LoggerFactory.getLogger(EmbeddingUpdateProcessor.class);

  /** A held add; {@code text == null} when it goes on as is (a blank chunk). */
  private record Held(AddUpdateCommand cmd, String id, String text, String group) {}

  private final EmbeddingUpdateProcessorFactory factory;
  private final SolrQueryRequest req;
  private final SolrQueryResponse rsp;
  private final List<Held> held = new ArrayList<>();
  private int heldTexts;
  /** Documents whose chunks are still arriving: id -> chunks still expected. */
  private final Map<String, Integer> openDocuments = new HashMap<>();
  private final List<String> blankChunks = new ArrayList<>();
  private int embedded;

  EmbeddingUpdateProcessor(
      EmbeddingUpdateProcessorFactory factory,
      SolrQueryRequest req,
      SolrQueryResponse rsp,
      UpdateRequestProcessor next) {
    super(next);
    this.factory = factory;
    this.req = req;
    this.rsp = rsp;
  }

  @Override
  public void processAdd(AddUpdateCommand cmd) throws IOException {
    SolrInputDocument doc = cmd.getSolrInputDocument();
    Object raw = doc.getFieldValue(factory.textField());
    if (raw == null) {
      flush();
      expectChunksOf(doc);
      super.processAdd(cmd);
      return;
    }
    String id = cmd.getPrintableId();
    String text = retrievalText(doc, raw, id);
    String group = factory.parentField() == null ? null : stringValue(doc.getFieldValue(factory.parentField()));
    // the loaders reuse their command objects: hold a copy
    AddUpdateCommand copy = (AddUpdateCommand) cmd.clone();
    if (text.isBlank()) {
      if (factory.blankIsError()) {
        throw new SolrException(
            ErrorCode.BAD_REQUEST,
            "chunk " + id + ": " + factory.textField() + " is blank, nothing to embed (blankText=error)");
      }
      doc.removeField(factory.vectorField());
      held.add(new Held(copy, id, null, group));
    } else {
      held.add(new Held(copy, id, text, group));
      heldTexts++;
    }
    boolean documentComplete = false;
    if (group != null && openDocuments.containsKey(group)) {
      int left = openDocuments.merge(group, -1, Integer::sum);
      if (left <= 0) {
        openDocuments.remove(group);
        documentComplete = true;
      }
    }
    if (documentComplete
        || (openDocuments.isEmpty() && heldTexts >= factory.batchSize())
        || held.size() >= EmbeddingUpdateProcessorFactory.MAX_PENDING) {
      flush();
    }
  }

  /** A document that says how many chunks follow it opens a group embedded as one. */
  private void expectChunksOf(SolrInputDocument doc) {
    if (factory.chunkCountField() == null || factory.parentField() == null) {
      return;
    }
    Object count = doc.getFieldValue(factory.chunkCountField());
    Object id = doc.getFieldValue(IndexFields.ID);
    if (count instanceof Number n && n.intValue() > 0 && id != null) {
      openDocuments.put(id.toString(), n.intValue());
    }
  }

  private String retrievalText(SolrInputDocument doc, Object raw, String id) {
    Object value = raw;
    if (value instanceof Map<?, ?> op) {
      // atomic update: only a whole new text can be re-embedded
      if (op.size() == 1 && op.containsKey("set")) {
        value = op.get("set");
      } else {
        throw new SolrException(
            ErrorCode.BAD_REQUEST,
            "chunk " + id + ": an atomic update of " + factory.textField()
                + " must 'set' the whole text, so that it can be re-embedded");
      }
    }
    String text = stringValue(value);
    if (text == null) {
      text = "";
    }
    if (factory.breadcrumbsField() != null) {
      String crumbs = stringValue(doc.getFieldValue(factory.breadcrumbsField()));
      if (crumbs != null && !crumbs.isBlank() && !text.startsWith(crumbs)) {
        text = crumbs + "\n\n" + text;
      }
    }
    return text;
  }

  private static String stringValue(Object v) {
    if (v == null) {
      return null;
    }
    if (v instanceof Iterable<?> values) {
      StringBuilder sb = new StringBuilder();
      for (Object o : values) {
        if (o != null) {
          sb.append(sb.length() > 0 ? "\n\n" : "").append(o);
        }
      }
      return sb.toString();
    }
    return v.toString();
  }

  /** Embeds what is held and sends it on, in order. */
  private void flush() throws IOException {
    if (held.isEmpty()) {
      return;
    }
    List<Held> batch = new ArrayList<>(held);
    held.clear();
    heldTexts = 0;

    Map<Held, float[]> vectors = new HashMap<>();
    Map<String, String> failures = new LinkedHashMap<>(); // group or chunk id -> reason
    List<Held> toEmbed = batch.stream().filter(h -> h.text != null).toList();
    try {
      embedInto(toEmbed, vectors);
    } catch (EmbeddingException e) {
      log.warn("embedding a batch of {} chunks failed ({}); retrying document by document", toEmbed.size(), e.getMessage());
      for (List<Held> unit : byDocument(toEmbed).values()) {
        try {
          embedInto(unit, vectors);
        } catch (EmbeddingException unitFailure) {
          failures.put(groupOf(unit.get(0)), unitFailure.getMessage());
        }
      }
    }

    List<String> failedChunkIds = new ArrayList<>();
    for (Held h : batch) {
      if (failures.containsKey(groupOf(h))) {
        failedChunkIds.add(h.id);
        continue;
      }
      SolrInputDocument doc = h.cmd.getSolrInputDocument();
      if (h.text == null) {
        blankChunks.add(h.id);
        factory.countBlank();
      } else {
        List<Float> vector = asList(vectors.get(h));
        // an atomic update that set the text sets the vector too
        doc.setField(
            factory.vectorField(),
            doc.getFieldValue(factory.textField()) instanceof Map ? Map.of("set", vector) : vector);
        embedded++;
        factory.countChunks(1);
      }
      super.processAdd(h.cmd);
    }
    if (!failures.isEmpty()) {
      for (String group : failures.keySet()) {
        removeDocument(group);
        factory.countFailedDocument();
      }
      throw new SolrException(
          ErrorCode.SERVER_ERROR,
          "embedding failed, not indexed: " + failures.keySet() + " (chunks " + failedChunkIds + "): "
              + String.join("; ", new LinkedHashSet<>(failures.values())));
    }
  }

  private void embedInto(List<Held> items, Map<Held, float[]> vectors) throws EmbeddingException {
    if (items.isEmpty()) {
      return;
    }
    List<String> texts = items.stream().map(Held::text).toList();
    float[][] v = factory.embed(texts);
    for (int i = 0; i < items.size(); i++) {
      vectors.put(items.get(i), v[i]);
    }
  }

  /** Chunks of one document together; a chunk without a document alone. */
  private static Map<String, List<Held>> byDocument(List<Held> items) {
    Map<String, List<Held>> units = new LinkedHashMap<>();
    for (Held h : items) {
      units.computeIfAbsent(groupOf(h), k -> new ArrayList<>()).add(h);
    }
    return units;
  }

  private static String groupOf(Held h) {
    return h.group != null ? h.group : h.id;
  }

  /**
   * Takes a failed document out entirely: its parent was sent on before its chunks and its old
   * chunks were replaced, so leaving it would index a document that retrieval cannot find.
   */
  private void removeDocument(String group) throws IOException {
    DeleteUpdateCommand byId = new DeleteUpdateCommand(req);
    byId.setId(group);
    super.processDelete(byId);
    if (factory.parentField() != null) {
      DeleteUpdateCommand chunks = new DeleteUpdateCommand(req);
      chunks.query = "{!term f=" + factory.parentField() + "}" + group;
      super.processDelete(chunks);
    }
  }

  private static List<Float> asList(float[] v) {
    List<Float> out = new ArrayList<>(v.length);
    for (float x : v) {
      out.add(x);
    }
    return out;
  }

  @Override
  public void processDelete(DeleteUpdateCommand cmd) throws IOException {
    flush();
    super.processDelete(cmd);
  }

  @Override
  public void processCommit(CommitUpdateCommand cmd) throws IOException {
    flush();
    super.processCommit(cmd);
  }

  @Override
  public void processMergeIndexes(MergeIndexesCommand cmd) throws IOException {
    flush();
    super.processMergeIndexes(cmd);
  }

  @Override
  public void processRollback(RollbackUpdateCommand cmd) throws IOException {
    flush();
    super.processRollback(cmd);
  }

  @Override
  public void finish() throws IOException {
    try {
      flush();
    } finally {
      if (embedded > 0 || !blankChunks.isEmpty()) {
        SimpleOrderedMap<Object> report = new SimpleOrderedMap<>();
        report.add("embedded", embedded);
        report.add("model", factory.embedder().modelId());
        if (!blankChunks.isEmpty()) {
          report.add("blank", blankChunks);
        }
        rsp.add("embedding", report);
      }
      super.finish();
    }
  }
}
