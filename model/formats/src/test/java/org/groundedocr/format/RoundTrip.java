package org.groundedocr.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.groundedocr.model.Box;
import org.groundedocr.model.GroundedPage;
import org.groundedocr.model.Region;
import org.groundedocr.model.TextLine;
import org.groundedocr.model.Word;

/** What "a round trip keeps the page" means: text, labels, order, and boxes within a pixel. */
final class RoundTrip {

  private RoundTrip() {}

  static void assertSamePage(GroundedPage expected, GroundedPage actual) {
    assertEquals(expected.width(), actual.width(), "page width");
    assertEquals(expected.height(), actual.height(), "page height");
    assertEquals(expected.regions().size(), actual.regions().size(), "regions");
    for (int r = 0; r < expected.regions().size(); r++) {
      Region e = expected.regions().get(r);
      Region a = actual.regions().get(r);
      String where = "region " + r + " (" + e.label() + ")";
      assertEquals(e.label(), a.label(), where + " label");
      assertEquals(e.text(), a.text(), where + " text");
      assertClose(e.bbox(), a.bbox(), where + " box");
      assertEquals(e.lines().size(), a.lines().size(), where + " lines");
      for (int l = 0; l < e.lines().size(); l++) {
        TextLine el = e.lines().get(l);
        TextLine al = a.lines().get(l);
        assertEquals(el.text(), al.text(), where + " line " + l);
        assertClose(el.bbox(), al.bbox(), where + " line " + l + " box");
        if (!el.words().isEmpty()) {
          assertEquals(el.words().size(), al.words().size(), where + " line " + l + " words");
          for (int w = 0; w < el.words().size(); w++) {
            Word ew = el.words().get(w);
            Word aw = al.words().get(w);
            assertEquals(ew.text(), aw.text(), where + " word " + w);
            assertClose(ew.bbox(), aw.bbox(), where + " word '" + ew.text() + "' box");
            assertEquals(ew.confidence(), aw.confidence(), 0.01, where + " word " + w + " confidence");
          }
        }
      }
    }
  }

  static void assertClose(Box e, Box a, String what) {
    assertTrue(Math.abs(e.x1() - a.x1()) <= 1 && Math.abs(e.y1() - a.y1()) <= 1
        && Math.abs(e.x2() - a.x2()) <= 1 && Math.abs(e.y2() - a.y2()) <= 1,
        what + ": expected " + e + " ±1, got " + a);
  }
}
