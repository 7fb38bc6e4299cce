package org.groundedocr.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.groundedocr.engine.OcrEngine;
import org.groundedocr.engine.OcrException;
import org.groundedocr.model.GroundedPage;
import org.groundedocr.model.PageStats;
import org.junit.jupiter.api.Test;

/**
 * The pipeline's own rules, with an engine whose pages complete when the test says: the window
 * bounds read-ahead, pages come back in order whatever order the engine answers in, and a page
 * that fails (reading or OCR) fails alone.
 */
class DocumentPipelineTest {

  /** An engine that answers each page when {@link #answer} is called for it. */
  private static final class HeldEngine implements OcrEngine {
    final Map<Integer, CompletableFuture<GroundedPage>> pages = new ConcurrentHashMap<>();
    final int inFlight;

    HeldEngine(int inFlight) {
      this.inFlight = inFlight;
    }

    CompletableFuture<GroundedPage> page(int n) {
      return pages.computeIfAbsent(n, k -> new CompletableFuture<>());
    }

    void answer(int n) {
      page(n).complete(new GroundedPage(n, 4, 4, List.of(), PageStats.of("held", "", 1)));
    }

    @Override
    public String name() {
      return "held";
    }

    @Override
    public GroundedPage recognize(BufferedImage image, int pageNumber) throws OcrException {
      return page(pageNumber).join();
    }

    @Override
    public CompletableFuture<GroundedPage> submit(BufferedImage image, int pageNumber) {
      return page(pageNumber);
    }

    @Override
    public int pagesInFlight() {
      return inFlight;
    }

    @Override
    public void close() {}
  }

  private static final BufferedImage IMAGE = new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);

  @Test
  void readsAheadWithinTheWindowAndEmitsInPageOrder() throws Exception {
    HeldEngine engine = new HeldEngine(3);
    AtomicInteger read = new AtomicInteger();
    CountDownLatch fourRead = new CountDownLatch(4);
    DocumentPipeline<Integer> pipeline = new DocumentPipeline<>(new DocumentPipeline.PageReader<>() {
      @Override
      public Integer read(int n) {
        read.incrementAndGet();
        fourRead.countDown();
        return n;
      }

      @Override
      public BufferedImage ocrImage(Integer input) {
        return IMAGE;
      }
    }, () -> engine, 0);
    // the engine answers the pages last to first, and only once the reader is 4 pages in: the
    // window (pagesInFlight 3, plus one) must let it get that far, and no further
    Thread answers = new Thread(() -> {
      try {
        fourRead.await();
        for (int n = 4; n >= 1; n--) {
          engine.answer(n);
        }
        for (int n = 5; n <= 10; n++) {
          engine.answer(n);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    answers.start();
    List<Integer> order = new ArrayList<>();
    List<Integer> readWhenEmitted = new ArrayList<>();
    pipeline.run(1, 10, p -> {
      assertNull(p.error());
      order.add(p.page().page());
      readWhenEmitted.add(read.get());
    });
    answers.join();
    assertEquals(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), order);
    assertEquals(4, readWhenEmitted.get(0), "the reader was 3 pages ahead of page 1, and held there");
    for (int i = 0; i < readWhenEmitted.size(); i++) {
      assertTrue(readWhenEmitted.get(i) <= i + 1 + 3,
          "page " + (i + 1) + " emitted with " + readWhenEmitted.get(i) + " pages read: more than the window");
    }
  }

  @Test
  void aPageThatCannotBeReadOrOcredFailsAlone() throws Exception {
    HeldEngine engine = new HeldEngine(2);
    engine.answer(1);
    engine.page(3).completeExceptionally(new OcrException("the model broke on page 3"));
    engine.answer(4);
    DocumentPipeline<Integer> pipeline = new DocumentPipeline<>(new DocumentPipeline.PageReader<>() {
      @Override
      public Integer read(int n) throws IOException {
        if (n == 2) {
          throw new IOException("page 2 is corrupt");
        }
        return n;
      }

      @Override
      public BufferedImage ocrImage(Integer input) {
        return IMAGE;
      }
    }, () -> engine, 0);
    List<PageOutcome<Integer>> out = new ArrayList<>();
    pipeline.run(1, 4, out::add);
    assertEquals(4, out.size());
    assertNull(out.get(0).error());
    assertEquals("page 2 is corrupt", out.get(1).error());
    assertEquals("OCR failed: the model broke on page 3", out.get(2).error());
    assertEquals(3, out.get(2).input());
    assertNull(out.get(3).error());
    assertEquals(4, out.get(3).page().page());
  }

  @Test
  void anEngineThatCannotBeCreatedEndsTheRunWithItsReason() {
    DocumentPipeline<Integer> pipeline = new DocumentPipeline<>(new DocumentPipeline.PageReader<>() {
      @Override
      public Integer read(int n) {
        return n;
      }

      @Override
      public BufferedImage ocrImage(Integer input) {
        return IMAGE;
      }
    }, () -> {
      throw new OcrException("no model in /nowhere");
    }, 0);
    OcrException e = org.junit.jupiter.api.Assertions.assertThrows(OcrException.class, () -> pipeline.run(1, 3, p -> {}));
    assertEquals("no model in /nowhere", e.getMessage());
  }
}
