package org.groundedocr.solr.page;

import java.awt.image.BufferedImage;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.solr.request.SolrQueryRequest;
import org.groundedocr.tika.PageImageSink;

/**
 * The page images of one {@code /update/scan} request, between the parser that renders them and
 * the update processor that stores them: encoded as they arrive (the rendered page is released at
 * once) and kept in a temporary folder rather than on the heap, so a 1,000-page PDF costs disk, not
 * memory. Lives in the request context; the handler closes it (deleting what is left) when the
 * request ends.
 */
public final class PageImageStash implements Closeable {

  private static final String CONTEXT_KEY = PageImageStash.class.getName();

  /** A stored page image on disk: its encoded form and the page size its boxes are in. */
  public record Stashed(Path file, String mimeType, int width, int height, int pageWidth, int pageHeight) {
    public byte[] read() throws IOException {
      return Files.readAllBytes(file);
    }
  }

  private final Path dir;
  private long sequence;
  private final Map<String, SortedMap<Integer, Stashed>> byDocument = new HashMap<>();

  private PageImageStash(Path dir) {
    this.dir = dir;
  }

  /** The request's stash, created on first use. */
  public static PageImageStash open(SolrQueryRequest req) throws IOException {
    Object s = req.getContext().get(CONTEXT_KEY);
    if (s instanceof PageImageStash stash) {
      return stash;
    }
    PageImageStash stash = new PageImageStash(Files.createTempDirectory("groundedocr-pages-"));
    req.getContext().put(CONTEXT_KEY, stash);
    return stash;
  }

  /** The request's stash, or {@code null} when nothing was stashed. */
  public static PageImageStash of(SolrQueryRequest req) {
    return req.getContext().get(CONTEXT_KEY) instanceof PageImageStash stash ? stash : null;
  }

  /** Receives the rendered pages of document {@code documentId} and stashes them encoded. */
  public PageImageSink sink(String documentId, PageImageEncoder encoder) {
    return new PageImageSink() {
      @Override
      public void accept(int page, BufferedImage image) throws IOException {
        put(documentId, page, image, image.getWidth(), image.getHeight(), encoder);
      }

      @Override
      public void accept(int page, BufferedImage image, int pageWidth, int pageHeight) throws IOException {
        put(documentId, page, image, pageWidth, pageHeight, encoder);
      }
    };
  }

  synchronized void put(String documentId, int page, BufferedImage image, int pageWidth, int pageHeight,
      PageImageEncoder encoder) throws IOException {
    PageImageEncoder.Encoded e = encoder.encode(image);
    Path file = dir.resolve((sequence++) + "-" + page + (e.mimeType().equals("image/png") ? ".png" : ".jpg"));
    Files.write(file, e.bytes());
    Stashed old = byDocument.computeIfAbsent(documentId, k -> new TreeMap<>())
        .put(page, new Stashed(file, e.mimeType(), e.width(), e.height(), pageWidth, pageHeight));
    if (old != null && !old.file().equals(file)) {
      Files.deleteIfExists(old.file());
    }
  }

  /** Removes and returns the pages stashed for {@code documentId}, by page number (empty if none). */
  public synchronized SortedMap<Integer, Stashed> take(String documentId) {
    SortedMap<Integer, Stashed> pages = byDocument.remove(documentId);
    return pages == null ? new TreeMap<>() : pages;
  }

  /**
   * The pages for the document being added: those stashed under {@code documentId}, or, when the
   * document's id changed after rendering (a {@code literal.id}), the only document stashed.
   */
  public synchronized SortedMap<Integer, Stashed> takeFor(String documentId) {
    if (!byDocument.containsKey(documentId) && byDocument.size() == 1) {
      return take(byDocument.keySet().iterator().next());
    }
    return take(documentId);
  }

  /** Forgets (and deletes) what was stashed so far: called before each file of a request is parsed. */
  public synchronized void discardAll() throws IOException {
    for (SortedMap<Integer, Stashed> pages : byDocument.values()) {
      for (Stashed s : pages.values()) {
        Files.deleteIfExists(s.file());
      }
    }
    byDocument.clear();
  }

  /** Deletes every file left (documents that failed after rendering, or were never stored). */
  @Override
  public synchronized void close() {
    byDocument.clear();
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not delete " + dir, e);
    }
  }
}
