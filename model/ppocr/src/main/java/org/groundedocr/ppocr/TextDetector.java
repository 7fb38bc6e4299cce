package org.groundedocr.ppocr;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;
import org.groundedocr.layout.PagePixels;

/**
 * PP-OCRv4 text detection: the page scaled as {@link DetectionScale} decides, or to fit a fixed
 * {@link PpOcrOptions#limitSide()} (sides rounded
 * to multiples of 32, as the network's strides need), normalised with the ImageNet mean and
 * deviation in B, G, R order, then {@link DbPostProcessor}. Thread-safe: the session is shared.
 */
final class TextDetector {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(TextDetector.class);

  private static final float[] MEAN = {0.485f, 0.456f, 0.406f};
  private static final float[] STD = {0.229f, 0.224f, 0.225f};

  private final OrtEnvironment env;
  private final OrtSession session;
  private final String input;
  private final int limitSide;
  private final DbPostProcessor post;

  TextDetector(OrtEnvironment env, OrtSession session, PpOcrOptions options) {
    this.env = env;
    this.session = session;
    this.input = session.getInputNames().iterator().next();
    this.limitSide = options.limitSide();
    this.post = new DbPostProcessor(
        options.binaryThresh(), options.boxThresh(), options.unclipRatio(), 1000);
  }

  /**
   * The size the detector first sees a {@code width x height} page at: {@code {w, h}} (the fixed
   * {@code limitSide}, or {@link DetectionScale#FIRST_SIDE} where it follows the page).
   */
  int[] inputSize(int width, int height) {
    return DetectionScale.fitted(width, height,
        limitSide > 0 ? limitSide : DetectionScale.FIRST_SIDE);
  }

  /**
   * The page's text boxes in page pixels: at the fixed {@code limitSide} when one is set, else at
   * the size {@link DetectionScale} picks from a first look.
   */
  List<Quad> detect(PagePixels page) throws OrtException {
    int[] first = inputSize(page.width(), page.height());
    List<Quad> quads = detectAt(page, first);
    if (limitSide > 0) {
      return quads;
    }
    double firstRatio = (double) first[0] / page.width();
    int[] second = DetectionScale.second(page.width(), page.height(), firstRatio, quads);
    if (second == null) {
      return quads;
    }
    LOG.debug("small text at {}x{}: detecting again at {}x{}", first[0], first[1], second[0],
        second[1]);
    return detectAt(page, second);
  }

  private List<Quad> detectAt(PagePixels page, int[] size) throws OrtException {
    int w = size[0];
    int h = size[1];
    float[] tensor = new float[3 * w * h];
    resize(page, tensor, w, h);
    float[] prob;
    try (OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(tensor), new long[] {1, 3, h, w});
        OrtSession.Result result = session.run(Map.of(input, in))) {
      FloatBuffer fb = ((OnnxTensor) result.get(0)).getFloatBuffer();
      prob = new float[fb.remaining()];
      fb.get(prob);
    }
    return post.boxes(prob, w, h, page.width(), page.height());
  }

  /**
   * The page at {@code w x h} into the CHW tensor: area averages when shrinking (a 300-dpi page
   * shrinks about 3.6 times, and point sampling would break thin strokes apart), bilinear when
   * growing.
   */
  static void resize(PagePixels page, float[] out, int w, int h) {
    int pw = page.width();
    int ph = page.height();
    double sx = (double) pw / w;
    double sy = (double) ph / h;
    int plane = w * h;
    float[] px = new float[3];
    float[] tmp = new float[3];
    boolean shrink = sx >= 1 && sy >= 1;
    for (int y = 0; y < h; y++) {
      int y0 = (int) (y * sy);
      int y1 = Math.min(ph, Math.max(y0 + 1, (int) ((y + 1) * sy)));
      for (int x = 0; x < w; x++) {
        if (shrink) {
          int x0 = (int) (x * sx);
          int x1 = Math.min(pw, Math.max(x0 + 1, (int) ((x + 1) * sx)));
          page.sumBgr(x0, y0, x1, y1, px);
          float area = (x1 - x0) * (y1 - y0);
          px[0] /= area;
          px[1] /= area;
          px[2] /= area;
        } else {
          page.bilinear((x + 0.5) * sx - 0.5, (y + 0.5) * sy - 0.5, px, tmp);
        }
        int o = y * w + x;
        for (int c = 0; c < 3; c++) {
          out[o + c * plane] = (px[c] / 255f - MEAN[c]) / STD[c];
        }
      }
    }
  }
}
