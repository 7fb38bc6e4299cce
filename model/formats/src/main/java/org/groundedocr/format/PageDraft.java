package org.groundedocr.format;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.groundedocr.model.Box;
import org.groundedocr.model.GroundedPage;
import org.groundedocr.model.PageStats;
import org.groundedocr.model.Region;
import org.groundedocr.model.TextLine;
import org.groundedocr.model.Word;

/**
 * A page being read from an OCR file: its blocks as they come, put in reading order and turned
 * into a {@link GroundedPage} at the end. Shared by the readers so that every format builds
 * regions, lines and words the same way.
 */
public final class PageDraft {

  /** A block (region) being read. */
  public static final class Block {
    final String id;
    String label;
    Box box;
    final List<TextLine> lines = new ArrayList<>();

    Block(String id, String label, Box box) {
      this.id = id;
      this.label = label;
      this.box = box;
    }

    public void add(TextLine line) {
      if (line != null) {
        lines.add(line);
      }
    }

    public void box(Box b) {
      box = b;
    }

    public String label() {
      return label;
    }

    public void label(String l) {
      label = l;
    }
  }

  private final int number;
  private int width;
  private int height;
  private final List<Block> blocks = new ArrayList<>();

  public PageDraft(int number, int width, int height) {
    this.number = number;
    this.width = width;
    this.height = height;
  }

  public int number() {
    return number;
  }

  public void size(int w, int h) {
    width = w;
    height = h;
  }

  public Block block(String id, String label, Box box) {
    Block b = new Block(id, label, box);
    blocks.add(b);
    return b;
  }

  /** A line from its words; {@code null} when it has none. Words are joined by single spaces. */
  public static TextLine line(Box declared, List<Word> words) {
    if (words.isEmpty()) {
      return null;
    }
    StringBuilder text = new StringBuilder();
    for (Word w : words) {
      if (text.length() > 0) {
        text.append(' ');
      }
      text.append(w.text());
    }
    Box box = declared != null ? declared : Box.union(words.stream().map(Word::bbox).toList());
    return new TextLine(box, text.toString(), words);
  }

  /**
   * The page, blocks sorted by {@code order} (block ids in reading order; blocks it does not name
   * keep their file order after those it does), empty blocks other than pictures dropped.
   */
  public GroundedPage build(Map<String, Integer> order, String engine, String source) throws FormatException {
    List<Block> sorted = new ArrayList<>(blocks);
    if (!order.isEmpty()) {
      sorted.sort(Comparator.comparingInt(b -> order.getOrDefault(b.id, Integer.MAX_VALUE)));
    }
    List<Region> regions = new ArrayList<>();
    int maxX = 0;
    int maxY = 0;
    for (Block b : sorted) {
      Box box = b.box;
      if (box == null && !b.lines.isEmpty()) {
        box = Box.union(b.lines.stream().map(TextLine::bbox).toList());
      }
      boolean picture = org.groundedocr.model.RegionLabels.PICTURES.contains(b.label);
      if (b.lines.isEmpty() && !picture) {
        continue;
      }
      if (box != null) {
        maxX = Math.max(maxX, box.x2());
        maxY = Math.max(maxY, box.y2());
      }
      String text = String.join("\n", b.lines.stream().map(TextLine::text).toList());
      regions.add(new Region(b.label, box == null ? List.of() : List.of(box), text, b.lines));
    }
    int w = width > 0 ? width : maxX;
    int h = height > 0 ? height : maxY;
    if (w <= 0 || h <= 0) {
      throw new FormatException(source + ": page " + number
          + " has no size and no boxes to infer it from; give the page element its width and height");
    }
    return new GroundedPage(number, w, h, regions, new PageStats(engine, "", 0, 0, 0, true));
  }
}
