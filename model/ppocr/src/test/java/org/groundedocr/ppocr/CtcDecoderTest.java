package org.groundedocr.ppocr;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CtcDecoderTest {

  /** Classes: blank, then the dictionary. */
  private static final List<String> CLASSES = List.of("", "a", "２", "）", "中", " ", "(");

  /** One-hot probabilities for the classes at each time step. */
  private static FloatBuffer steps(int... classAtStep) {
    float[] p = new float[classAtStep.length * CLASSES.size()];
    for (int t = 0; t < classAtStep.length; t++) {
      p[t * CLASSES.size() + classAtStep[t]] = 0.9f;
    }
    return FloatBuffer.wrap(p);
  }

  @Test
  void greedyDecodingMergesRepeatsAndDropsBlanksKeepingTimeSteps() {
    CtcDecoder d = new CtcDecoder(CLASSES);
    CtcDecoder.Decoded out = d.decode(steps(1, 1, 0, 1, 0, 0, 5, 1), 0, 8, CLASSES.size());
    assertEquals("aa a", out.text());
    assertEquals(List.of(0, 3, 6, 7), java.util.Arrays.stream(out.steps()).boxed().toList());
    assertEquals(0.9f, out.score(), 1e-6);
  }

  @Test
  void fullWidthFormsInLatinTextBecomeAscii() {
    CtcDecoder d = new CtcDecoder(CLASSES);
    // "a ２" (a quantity read with the full-width digit) and "(a）"
    assertEquals("a 2", d.decode(steps(1, 5, 2), 0, 3, CLASSES.size()).text());
    assertEquals("(a)", d.decode(steps(6, 1, 3), 0, 3, CLASSES.size()).text());
    assertEquals("2", d.decode(steps(2), 0, 1, CLASSES.size()).text());
    // beside Chinese the full-width form is the right one
    assertEquals("中２", d.decode(steps(4, 2), 0, 2, CLASSES.size()).text());
    List<String> symbols = new ArrayList<>(List.of("中", "）"));
    CtcDecoder.halfWidthInLatinText(symbols);
    assertEquals(List.of("中", "）"), symbols);
  }
}
