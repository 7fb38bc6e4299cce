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
 * PP-OCR's text-line direction classifier: each line at 48 x up to 192 pixels, two classes (0 and
 * 180 degrees). Lines it calls upside down with at least {@link #THRESHOLD} confidence are turned
 * before recognition, so a page scanned upside down still reads. Thread-safe.
 */
final class AngleClassifier {

  static final int HEIGHT = 48;
  static final int WIDTH = 192;
  /** PaddleOCR's {@code cls_thresh}. */
  static final float THRESHOLD = 0.9f;
  private static final int BATCH = 16;

  private final OrtEnvironment env;
  private final OrtSession session;
  private final String input;

  AngleClassifier(OrtEnvironment env, OrtSession session) {
    this.env = env;
    this.session = session;
    this.input = session.getInputNames().iterator().next();
  }

  /** {@code frames} with upside-down lines turned, in place; how many were turned. */
  int orient(PagePixels page, List<CropFrame> frames) throws OrtException {
    int turned = 0;
    for (int start = 0; start < frames.size(); start += BATCH) {
      int n = Math.min(BATCH, frames.size() - start);
      float[] tensor = new float[n * 3 * HEIGHT * WIDTH];
      for (int i = 0; i < n; i++) {
        CropFrame f = frames.get(start + i);
        int w = Math.min(WIDTH, f.scaledWidth(HEIGHT));
        f.sample(page, tensor, i * 3 * HEIGHT * WIDTH, WIDTH, w, HEIGHT);
      }
      try (OnnxTensor in = OnnxTensor.createTensor(
              env, FloatBuffer.wrap(tensor), new long[] {n, 3, HEIGHT, WIDTH});
          OrtSession.Result result = session.run(Map.of(input, in))) {
        FloatBuffer probs = ((OnnxTensor) result.get(0)).getFloatBuffer();
        for (int i = 0; i < n; i++) {
          float up = probs.get(2 * i);
          float down = probs.get(2 * i + 1);
          if (down > up && down >= THRESHOLD) {
            frames.set(start + i, frames.get(start + i).rotated180());
            turned++;
          }
        }
      }
    }
    return turned;
  }
}
