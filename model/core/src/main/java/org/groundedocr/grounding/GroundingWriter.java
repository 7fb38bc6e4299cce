package org.groundedocr.grounding;

import static org.groundedocr.grounding.GroundingParser.DET_CLOSE;
import static org.groundedocr.grounding.GroundingParser.DET_OPEN;
import static org.groundedocr.grounding.GroundingParser.REF_CLOSE;
import static org.groundedocr.grounding.GroundingParser.REF_OPEN;

import java.util.List;
import org.groundedocr.model.Box;
import org.groundedocr.model.GroundedPage;
import org.groundedocr.model.Region;

/**
 * Writes a page back in DeepSeek-OCR's raw grounded format. Pixel boxes go back to the 0–999 grid
 * through {@link GroundingParser#toGrid}, so that parsing the output again yields the same page
 * (the round trip is stable). Regions without a box are written as plain text.
 */
public final class GroundingWriter {

  private GroundingWriter() {}

  public static String write(GroundedPage page) {
    StringBuilder sb = new StringBuilder();
    for (Region r : page.regions()) {
      if (sb.length() > 0) {
        sb.append("\n\n");
      }
      if (r.hasBox()) {
        sb.append(REF_OPEN).append(r.label()).append(REF_CLOSE).append(DET_OPEN);
        appendBoxes(sb, r.boxes(), page.width(), page.height());
        sb.append(DET_CLOSE).append('\n');
      }
      sb.append(r.text());
    }
    return sb.toString();
  }

  private static void appendBoxes(StringBuilder sb, List<Box> boxes, int width, int height) {
    sb.append('[');
    for (int i = 0; i < boxes.size(); i++) {
      Box b = boxes.get(i);
      if (i > 0) {
        sb.append(", ");
      }
      sb.append('[')
          .append(GroundingParser.toGrid(b.x1(), width)).append(", ")
          .append(GroundingParser.toGrid(b.y1(), height)).append(", ")
          .append(GroundingParser.toGrid(b.x2(), width)).append(", ")
          .append(GroundingParser.toGrid(b.y2(), height))
          .append(']');
    }
    sb.append(']');
  }
}
