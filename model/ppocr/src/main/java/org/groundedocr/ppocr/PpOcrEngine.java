package org.groundedocr.ppocr;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.groundedocr.engine.Device;
import org.groundedocr.engine.OcrEngine;
import org.groundedocr.engine.OcrException;
import org.groundedocr.engine.ParallelPages;
import org.groundedocr.layout.ColumnGutters;
import org.groundedocr.layout.LayoutAnalyzer;
import org.groundedocr.layout.LayoutThresholds;
import org.groundedocr.layout.PageLine;
import org.groundedocr.layout.PagePixels;
import org.groundedocr.model.Box;
import org.groundedocr.model.GroundedPage;
import org.groundedocr.model.PageStats;
import org.groundedocr.model.Region;
import org.groundedocr.onnx.OrtSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded default engine: PaddleOCR's PP-OCRv4 detection and recognition (and the mobile
 * v2.0 direction classifier) in ONNX Runtime, with the weights from the class path. Output is a
 * grounded page like any other engine's: regions with labels and boxes, and the line boxes inside
 * each region.
 *
 * <p>By default the detector and recogniser are this module's fused exports of the same networks
 * ({@link PpOcrOptions.ModelVariant#FUSED}: the same function at about half the CPU time); the
 * {@code recModel} and {@code detModel} options pick the int8 recogniser or the originals.
 *
 * <p>Detection runs on the page scaled as {@link DetectionScale} decides from the size of its text
 * (or to a fixed {@link PpOcrOptions#limitSide()}); recognition samples each line from the
 * full-resolution image, so small print keeps its detail.
 *
 * <p>Thread-safe: one instance holds one ONNX Runtime session per model, shared by all callers
 * ({@code OrtSession.run} is thread-safe); all per-page state is local to {@link #recognize}.
 */
public final class PpOcrEngine implements OcrEngine {

  public static final String NAME = "ppocr";

  private static final Logger LOG = LoggerFactory.getLogger(PpOcrEngine.class);

  /**
   * Recognition reads a little past both ends of each detected box (this fraction of the line's
   * height): a line's final full stop is often too small to join the detected text kernel, and was
   * lost on most sentence ends without it. The reported line box stays the detected one.
   */
  static final double REC_MARGIN = 0.2;

  private final PpOcrOptions options;
  private final OrtSession detSession;
  private final OrtSession recSession;
  private final OrtSession clsSession;
  private final TextDetector detector;
  private final TextRecognizer recognizer;
  private final AngleClassifier classifier;
  private final PageOrientation orientation;
  private final LayoutAnalyzer layout = new LayoutAnalyzer();
  private final ColumnGutters columnGutters = new ColumnGutters(LayoutThresholds.DEFAULTS);
  private final GutterSplitter splitter = new GutterSplitter();
  private final String mode;
  /** Submitted pages, read in parallel where cores allow. */
  private final ParallelPages parallel;
  private volatile boolean closed;

  private PpOcrEngine(PpOcrOptions options, OrtSession det, OrtSession rec, OrtSession cls,
      CtcDecoder decoder) {
    OrtEnvironment env = OrtSupport.environment();
    this.options = options;
    this.detSession = det;
    this.recSession = rec;
    this.clsSession = cls;
    this.detector = new TextDetector(env, det, options);
    this.recognizer = new TextRecognizer(env, rec, decoder, options.recBatchSize());
    this.classifier = cls == null ? null : new AngleClassifier(env, cls);
    this.orientation = new PageOrientation(recognizer);
    this.mode = "det" + (options.limitSide() == 0 ? "page" : options.limitSide())
        + (options.recModel() == PpOcrOptions.ModelVariant.FUSED
            ? "" : "-rec-" + options.recModel().optionValue());
    this.parallel = new ParallelPages(NAME,
        ParallelPages.threadsFor(options.threads(), Runtime.getRuntime().availableProcessors()),
        this::recognize);
  }

  /**
   * Loads the models and creates the sessions (in parallel: start-up is dominated by ONNX Runtime's
   * graph optimisation of each model).
   */
  public static PpOcrEngine create(PpOcrOptions options, Device device) throws OcrException {
    Objects.requireNonNull(options, "options");
    CtcDecoder decoder = new CtcDecoder(PpOcrModels.ctcClasses());
    CompletableFuture<OrtSession> det = session(PpOcrModels.detection(options.detModel()), device, options);
    CompletableFuture<OrtSession> rec = session(PpOcrModels.recognition(options.recModel()), device, options);
    CompletableFuture<OrtSession> cls = options.useAngleCls()
        ? session(PpOcrModels.ANGLE_CLASSIFIER, device, options)
        : CompletableFuture.completedFuture(null);
    try {
      long classes = outputClasses(rec.join());
      if (classes > 0 && classes != decoder.classCount()) {
        throw new OcrException("PP-OCR recogniser has " + classes + " classes but the dictionary"
            + " gives " + decoder.classCount() + "; model and dictionary do not match");
      }
      return new PpOcrEngine(options, det.join(), rec.join(), cls.join(), decoder);
    } catch (CompletionException | OcrException e) {
      // close whatever did load, now or when it finishes loading
      for (CompletableFuture<OrtSession> f : List.of(det, rec, cls)) {
        f.whenComplete((s, ex) -> closeQuietly(s));
      }
      if (e instanceof OcrException oe) {
        throw oe;
      }
      Throwable cause = e.getCause();
      if (cause instanceof OcrException oe) {
        throw oe;
      }
      throw new OcrException("cannot start the PP-OCR engine: " + cause.getMessage(), cause);
    }
  }

  private static long outputClasses(OrtSession rec) throws OcrException {
    try {
      long[] shape = ((ai.onnxruntime.TensorInfo)
          rec.getOutputInfo().values().iterator().next().getInfo()).getShape();
      return shape[shape.length - 1];
    } catch (OrtException | ClassCastException e) {
      throw new OcrException("cannot read the PP-OCR recogniser's output shape", e);
    }
  }

  /** Sessions are created in parallel, each on a large stack ({@link OrtSupport#SESSION_THREAD_STACK_BYTES}). */
  private static final java.util.concurrent.Executor SESSION_THREADS =
      OrtSupport.largeStackThreads("ppocr-session-init");

  private static CompletableFuture<OrtSession> session(
      String resource, Device device, PpOcrOptions options) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        byte[] model = PpOcrModels.bytes(resource);
        try (OrtSession.SessionOptions o = OrtSupport.options(device, options.threads())) {
          // Spinning worker threads burn the cores a busy server (or a second engine) needs;
          // the latency it saves is a few microseconds per operator.
          o.addConfigEntry("session.intra_op.allow_spinning", "0");
          return OrtSupport.environment().createSession(model, o);
        }
      } catch (OcrException e) {
        throw new CompletionException(e);
      } catch (OrtException e) {
        throw new CompletionException(
            new OcrException("ONNX Runtime cannot load " + resource + ": " + e.getMessage(), e));
      }
    }, SESSION_THREADS);
  }

  @Override
  public String name() {
    return NAME;
  }

  public PpOcrOptions options() {
    return options;
  }

  @Override
  public GroundedPage recognize(BufferedImage image, int pageNumber) throws OcrException {
    Objects.requireNonNull(image, "image");
    if (pageNumber < 1) {
      throw new IllegalArgumentException("page numbers are 1-based, got " + pageNumber);
    }
    if (closed) {
      throw new IllegalStateException("the ppocr engine is closed");
    }
    long start = System.nanoTime();
    PagePixels page = PagePixels.of(image);
    try {
      long t0 = System.nanoTime();
      List<Quad> quads = detector.detect(page);
      PageTurn turn = PageTurn.NONE;
      if (PageOrientation.sideways(quads)) {
        turn = orientation.sidewaysTurn(page, quads);
        page = PagePixels.of(turn.apply(image));
        quads = detector.detect(page);
      }
      long t1 = System.nanoTime();
      int[] turnedLines = new int[1];
      List<CropFrame> frames = frames(page, quads, turnedLines);
      // with the direction classifier on, a page whose lines it nearly all turns is upside down
      boolean upsideDown = turn == PageTurn.NONE
          && PageOrientation.mostlyTurned(turnedLines[0], frames.size());
      List<TextRecognizer.Recognized> texts = upsideDown ? List.of() : recognizer.recognize(page, frames);
      if (upsideDown || (turn == PageTurn.NONE && orientation.upsideDown(page, frames, texts))) {
        turn = PageTurn.CW180;
        page = PagePixels.of(turn.apply(image));
        quads = detector.detect(page);
        frames = frames(page, quads, turnedLines);
        texts = recognizer.recognize(page, frames);
      }
      long t3 = System.nanoTime();
      if (LOG.isDebugEnabled()) {
        LOG.debug("page {}: detection {} ms, recognition {} ms, {} lines, turned {}",
            pageNumber, (t1 - t0) / 1_000_000, (t3 - t1) / 1_000_000, frames.size(), turn);
      }
      PageSkew skew = PageSkew.of(quads);
      List<PageLine> lines = new ArrayList<>(quads.size());
      List<Quad> lineQuads = new ArrayList<>(quads.size());
      keep(page, skew, quads, frames, texts, lines, lineQuads);
      splitAtGutters(page, skew, lines, lineQuads);
      List<Region> regions = layout.regions(lines, page, page.width(), page.height());
      long millis = (System.nanoTime() - start) / 1_000_000;
      GroundedPage read = new GroundedPage(pageNumber, page.width(), page.height(), regions,
          PageStats.of(NAME, mode, millis));
      return turn.back(read, image.getWidth(), image.getHeight());
    } catch (OrtException e) {
      throw new OcrException("ppocr: page " + pageNumber + ": ONNX Runtime failed: "
          + e.getMessage(), e);
    }
  }

  /**
   * The recognition frames of {@code quads}, sorted into reading order in place, turned where the
   * direction classifier is on and finds a line upside down ({@code turned[0]} receives how many).
   */
  private List<CropFrame> frames(PagePixels page, List<Quad> quads, int[] turned)
      throws OrtException {
    quads.sort(READING_ORDER);
    List<CropFrame> frames = new ArrayList<>(quads.size());
    for (Quad q : quads) {
      frames.add(CropFrame.of(q).lengthened(REC_MARGIN, page.width(), page.height()));
    }
    turned[0] = classifier != null && !frames.isEmpty() ? classifier.orient(page, frames) : 0;
    return frames;
  }

  /** The lines read well enough to keep, with their quads. */
  private void keep(PagePixels page, PageSkew skew, List<Quad> quads, List<CropFrame> frames,
      List<TextRecognizer.Recognized> texts, List<PageLine> lines, List<Quad> lineQuads) {
    List<Box> layoutBoxes = skew.layoutBoxes(quads, page.width(), page.height());
    for (int i = 0; i < quads.size(); i++) {
      TextRecognizer.Recognized d = texts.get(i);
      if (d.score() >= options.textScore() && !d.text().isBlank()) {
        Quad q = quads.get(i);
        lines.add(new PageLine(layoutBoxes.get(i), d.text(), frames.get(i).thickness(),
            q.bounds(page.width(), page.height()),
            WordPlacer.onPage(frames.get(i), d.cropWidth(), d.words(), page.width(), page.height())));
        lineQuads.add(q);
      }
    }
  }

  /**
   * Lines that detection ran across a narrow column gutter (see {@link GutterSplitter}) read again
   * as their two pieces, in place of the whole.
   */
  private void splitAtGutters(PagePixels page, PageSkew skew, List<PageLine> lines,
      List<Quad> lineQuads) throws OrtException {
    if (lines.isEmpty()) {
      return;
    }
    double body = LayoutAnalyzer.bodyHeight(lines);
    List<Box> gutters = columnGutters.find(lines, body);
    List<GutterSplitter.Cut> cuts = splitter.cuts(page, lines, lineQuads, gutters, body);
    if (cuts.isEmpty()) {
      return;
    }
    List<Quad> pieces = new ArrayList<>(2 * cuts.size());
    List<CropFrame> frames = new ArrayList<>(2 * cuts.size());
    for (GutterSplitter.Cut c : cuts) {
      for (Quad q : List.of(c.left(), c.right())) {
        pieces.add(q);
        frames.add(CropFrame.of(q).lengthened(REC_MARGIN, page.width(), page.height()));
      }
    }
    if (classifier != null) {
      classifier.orient(page, frames);
    }
    List<TextRecognizer.Recognized> texts = recognizer.recognize(page, frames);
    List<PageLine> read = new ArrayList<>();
    List<Quad> readQuads = new ArrayList<>();
    keep(page, skew, pieces, frames, texts, read, readQuads);
    java.util.Set<Integer> cut = new java.util.HashSet<>();
    for (GutterSplitter.Cut c : cuts) {
      cut.add(c.line());
    }
    List<PageLine> kept = new ArrayList<>(lines.size() + read.size());
    for (int i = 0; i < lines.size(); i++) {
      if (!cut.contains(i)) {
        kept.add(lines.get(i));
      }
    }
    kept.addAll(read);
    lines.clear();
    lines.addAll(kept);
    LOG.debug("{} lines across a column gutter read again as {} pieces", cuts.size(), read.size());
  }

  @Override
  public CompletableFuture<GroundedPage> submit(BufferedImage image, int pageNumber) {
    return parallel.submit(image, pageNumber);
  }

  @Override
  public int pagesInFlight() {
    return parallel.threads();
  }

  /** PaddleOCR's {@code sorted_boxes}: top to bottom, left to right within 10 pixels of height. */
  private static final Comparator<Quad> READING_ORDER = (a, b) -> {
    if (Math.abs(a.y0() - b.y0()) < 10) {
      return Double.compare(a.x0(), b.x0());
    }
    return Double.compare(a.y0(), b.y0());
  };

  @Override
  public void close() {
    closed = true;
    parallel.close();
    closeQuietly(detSession);
    closeQuietly(recSession);
    closeQuietly(clsSession);
  }

  private static void closeQuietly(OrtSession s) {
    if (s != null) {
      try {
        s.close();
      } catch (OrtException e) {
        LOG.warn("closing an ONNX Runtime session failed: {}", e.getMessage());
      }
    }
  }
}
