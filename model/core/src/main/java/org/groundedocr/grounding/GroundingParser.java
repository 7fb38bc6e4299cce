package org.groundedocr.grounding;

import java.util.ArrayList;
import java.util.List;
import org.groundedocr.model.Box;
import org.groundedocr.model.GroundedPage;
import org.groundedocr.model.PageStats;
import org.groundedocr.model.Region;
import org.groundedocr.model.RegionLabels;

/**
 * Parses DeepSeek-OCR's grounded output,
 * {@code <|ref|>LABEL<|/ref|><|det|>[[x1,y1,x2,y2],...]<|/det|>\ncontent}, into regions with boxes
 * in page pixels (spec §6).
 *
 * <p>Model output is untrusted: it may be cut off by the token limit, repeat or drop tags, or carry
 * a {@code det} payload that is not a list of boxes. The parser never throws on it. It scans the
 * text once, left to right (linear in the input, no backtracking regular expressions), and:
 *
 * <ul>
 *   <li>text before the first tag becomes a {@code text} region without a box;
 *   <li>a doubled opening tag, or a closing tag without its opening one, is skipped;
 *   <li>a missing {@code <|/ref|>} ends the label at {@code <|det|>}; a missing {@code <|/det|>}
 *       ends the payload at the end of its line;
 *   <li>boxes out of the 0–999 grid are clamped, inverted corners swapped, payload entries that are
 *       not four numbers dropped;
 *   <li>output that ends inside a tag keeps everything before it and reports {@link
 *       ParsedGrounding#truncated()}.
 * </ul>
 *
 * <p>Coordinates map to pixels as the reference does: {@code (int) (v / 999.0 * W)}, truncation
 * toward zero, over the size of the original (un-padded) image.
 */
public final class GroundingParser {

  public static final String REF_OPEN = "<|ref|>";
  public static final String REF_CLOSE = "<|/ref|>";
  public static final String DET_OPEN = "<|det|>";
  public static final String DET_CLOSE = "<|/det|>";
  /** DeepSeek's end-of-sentence token as text (full-width bars), stripped from content. */
  public static final String EOS = "<｜end▁of▁sentence｜>";

  /** The model's coordinate grid: integers 0..999. */
  public static final int GRID = 999;

  private GroundingParser() {}

  /** Regions and a truncation flag from raw model output. */
  public record ParsedGrounding(List<Region> regions, boolean truncated) {}

  /** Parses {@code raw} for an original image of {@code width × height} pixels. */
  public static ParsedGrounding parse(String raw, int width, int height) {
    return new Scanner(raw == null ? "" : raw, width, height).run();
  }

  /**
   * Parses {@code raw} into a page; a truncated grounding marks the page unfinished on top of what
   * {@code stats} says.
   */
  public static GroundedPage parsePage(
      String raw, int page, int width, int height, PageStats stats) {
    ParsedGrounding parsed = parse(raw, width, height);
    PageStats s = parsed.truncated() ? stats.withFinished(false) : stats;
    return new GroundedPage(page, width, height, parsed.regions(), s);
  }

  /** Maps a grid coordinate (clamped to 0..999) to a pixel coordinate on an axis of {@code size}. */
  public static int toPixel(int gridValue, int size) {
    int v = Math.max(0, Math.min(GRID, gridValue));
    return (int) (v / (double) GRID * size);
  }

  /**
   * The grid coordinate whose {@link #toPixel} is {@code pixel}, or the nearest one when no grid
   * value maps exactly (pixel grids finer than 999 steps): so that writing a parsed page back gives
   * the same boxes when parsed again.
   */
  public static int toGrid(int pixel, int size) {
    if (size <= 0) {
      return 0;
    }
    int v = (int) Math.round(pixel * (double) GRID / size);
    v = Math.max(0, Math.min(GRID, v));
    while (v > 0 && toPixel(v, size) > pixel) {
      v--;
    }
    while (v < GRID && toPixel(v, size) < pixel) {
      v++;
    }
    return v;
  }

  private static final class Scanner {
    private final String s;
    private final int width;
    private final int height;
    private final List<Region> regions = new ArrayList<>();
    private boolean truncated;
    private int pos;

    Scanner(String s, int width, int height) {
      this.s = s;
      this.width = width;
      this.height = height;
    }

    ParsedGrounding run() {
      int first = s.indexOf(REF_OPEN);
      String preamble = s.substring(0, first < 0 ? s.length() : first);
      addUngrounded(preamble);
      pos = first < 0 ? s.length() : first;
      while (pos < s.length()) {
        // invariant: s starts with REF_OPEN at pos
        pos += REF_OPEN.length();
        // a doubled <|ref|><|ref|>: skip the extra openings
        while (s.startsWith(REF_OPEN, pos)) {
          pos += REF_OPEN.length();
        }
        readElement();
      }
      return new ParsedGrounding(List.copyOf(regions), truncated);
    }

    /** Reads label, boxes and content of one element; leaves pos at the next REF_OPEN or the end. */
    private void readElement() {
      int next = nextRefOpen(pos);
      int refClose = indexBefore(REF_CLOSE, pos, next);
      int detOpen = indexBefore(DET_OPEN, pos, next);
      String label;
      int after;
      if (refClose >= 0 && (detOpen < 0 || refClose < detOpen)) {
        label = s.substring(pos, refClose);
        after = refClose + REF_CLOSE.length();
      } else if (detOpen >= 0) {
        label = s.substring(pos, detOpen); // <|/ref|> missing
        after = detOpen;
      } else {
        // neither closing tag nor det before the next element or the end
        int eol = s.indexOf('\n', pos);
        if (eol < 0 || eol > next) {
          // cut off inside the label
          truncated = next == s.length();
          pos = next;
          return;
        }
        label = s.substring(pos, eol);
        after = eol;
      }
      label = cleanLabel(label);

      List<Box> boxes = List.of();
      int contentStart = after;
      while (s.startsWith(REF_CLOSE, contentStart)) { // doubled closing tag
        contentStart += REF_CLOSE.length();
      }
      if (s.startsWith(DET_OPEN, contentStart)) {
        int payloadStart = contentStart + DET_OPEN.length();
        while (s.startsWith(DET_OPEN, payloadStart)) {
          payloadStart += DET_OPEN.length();
        }
        int detClose = indexBefore(DET_CLOSE, payloadStart, next);
        if (detClose >= 0) {
          boxes = parseBoxes(s.substring(payloadStart, detClose));
          contentStart = detClose + DET_CLOSE.length();
          while (s.startsWith(DET_CLOSE, contentStart)) {
            contentStart += DET_CLOSE.length();
          }
        } else {
          int eol = s.indexOf('\n', payloadStart);
          if (eol < 0 || eol > next) {
            // cut off inside the payload: keep the boxes that are complete
            boxes = parseBoxes(s.substring(payloadStart, next));
            regions.add(new Region(label, boxes, ""));
            truncated = next == s.length();
            pos = next;
            return;
          }
          boxes = parseBoxes(s.substring(payloadStart, eol));
          contentStart = eol;
        }
      }
      if (contentStart < next && s.charAt(contentStart) == '\n') {
        contentStart++;
      }
      String content = cleanContent(s.substring(Math.min(contentStart, next), next));
      regions.add(new Region(label, boxes, content));
      pos = next;
    }

    private int nextRefOpen(int from) {
      int i = s.indexOf(REF_OPEN, from);
      return i < 0 ? s.length() : i;
    }

    private int indexBefore(String tag, int from, int limit) {
      int i = s.indexOf(tag, from);
      return i >= 0 && i + tag.length() <= limit ? i : -1;
    }

    private void addUngrounded(String text) {
      String content = cleanContent(text);
      if (!content.isBlank()) {
        regions.add(new Region(RegionLabels.TEXT, List.of(), content));
      }
    }

    private List<Box> parseBoxes(String payload) {
      List<int[]> quads = BoxPayload.quads(payload);
      List<Box> boxes = new ArrayList<>(quads.size());
      for (int[] q : quads) {
        boxes.add(
            Box.normalised(
                toPixel(q[0], width), toPixel(q[1], height),
                toPixel(q[2], width), toPixel(q[3], height)));
      }
      return boxes;
    }
  }

  private static String cleanLabel(String label) {
    String l = stripTags(label).strip();
    return l.isEmpty() ? RegionLabels.TEXT : l;
  }

  /** Content without stray grounding tags or the EOS string, trailing white space removed. */
  static String cleanContent(String content) {
    return stripTags(content).stripTrailing();
  }

  private static String stripTags(String text) {
    if (text.indexOf("<|") < 0 && text.indexOf("<｜") < 0) {
      return text;
    }
    return text.replace(EOS, "")
        .replace(REF_OPEN, "")
        .replace(REF_CLOSE, "")
        .replace(DET_OPEN, "")
        .replace(DET_CLOSE, "");
  }
}
