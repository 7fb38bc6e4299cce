package org.groundedocr.solr.rag;

import java.io.Closeable;
import java.io.IOException;
import org.apache.solr.core.CoreContainer;
import org.groundedocr.embed.EmbedderOptions;
import org.groundedocr.embed.EmbeddingException;
import org.groundedocr.embed.EmbeddingModelFiles;
import org.groundedocr.embed.SentenceEmbedder;

/**
 * One {@link SentenceEmbedder} per model, device, thread count and parallelism per Solr node, however many
 * cores (shards, replicas, collections) use it; callers pass their own batch sizes per call.
 * Kept in the node's {@link CoreContainer#getObjectCache()}, which
 * closes it when the node shuts down. The key carries the class loader, so two copies of the
 * plugin in one node (per-core {@code <lib>}) never see each other's classes.
 */
final class SharedEmbedders {

  private SharedEmbedders() {}

  static String key(EmbeddingModelFiles files, EmbedderOptions options) {
    return "groundedocr.embedder|" + files.id() + "|" + options.device() + "|" + options.intraOpThreads()
        + "|" + options.parallelism() + "|"
        + System.identityHashCode(SentenceEmbedder.class.getClassLoader());
  }

  /** The node's embedder for {@code files} and {@code options}, loaded on first use. */
  static SentenceEmbedder get(CoreContainer node, EmbeddingModelFiles files, EmbedderOptions options)
      throws EmbeddingException {
    try {
      return node.getObjectCache()
          .computeIfAbsent(key(files, options), Holder.class, k -> Holder.load(files, options))
          .embedder;
    } catch (UncheckedEmbeddingException e) {
      throw e.getCause();
    }
  }

  /** The node's embedder if one is loaded, for tests and metrics. */
  static SentenceEmbedder peek(CoreContainer node, EmbeddingModelFiles files, EmbedderOptions options) {
    Holder h = node.getObjectCache().get(key(files, options), Holder.class);
    return h == null ? null : h.embedder;
  }

  /** What the object cache holds: closing it (node shutdown) closes the ONNX Runtime session. */
  private static final class Holder implements Closeable {
    final SentenceEmbedder embedder;

    private Holder(SentenceEmbedder embedder) {
      this.embedder = embedder;
    }

    static Holder load(EmbeddingModelFiles files, EmbedderOptions options) {
      try {
        return new Holder(SentenceEmbedder.open(files, options));
      } catch (EmbeddingException e) {
        throw new UncheckedEmbeddingException(e);
      }
    }

    @Override
    public void close() throws IOException {
      try {
        embedder.close();
      } catch (EmbeddingException e) {
        throw new IOException(e.getMessage(), e);
      }
    }
  }

  private static final class UncheckedEmbeddingException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UncheckedEmbeddingException(EmbeddingException cause) {
      super(cause);
    }

    @Override
    public synchronized EmbeddingException getCause() {
      return (EmbeddingException) super.getCause();
    }
  }

}
