package org.groundedocr.chunking;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.groundedocr.model.GroundedDocument;
import org.groundedocr.model.GroundedPage;
import org.groundedocr.model.Region;
import org.groundedocr.model.RegionLabels;

/**
 * Turns a document's regions into blocks in reading order: page furniture set aside, captions
 * grouped with their figure or table, headings recognised, and a paragraph that runs over a page
 * break joined into one block.
 */
final class BlockBuilder {

  private static final String PARAGRAPH = "\n\n";
  private static final String ROW = "\n";

  private static final Set<String> TABLE_CAPTIONS =
      Set.of(RegionLabels.TABLE_CAPTION, RegionLabels.TABLE_TITLE, RegionLabels.TABLE_FOOTNOTE);
  private static final Set<String> PICTURE_CAPTIONS =
      Set.of(RegionLabels.IMAGE_CAPTION, RegionLabels.FIGURE_TITLE, RegionLabels.IMAGE_FOOTNOTE);
  /** Captions that usually sit above their table or figure (the others sit below). */
  private static final Set<String> CAPTIONS_ABOVE =
      Set.of(RegionLabels.TABLE_CAPTION, RegionLabels.TABLE_TITLE, RegionLabels.FIGURE_TITLE);

  /** Per page: printed page numbers and running headers/footers, kept out of chunk text. */
  record Furniture(List<String> printedPages, List<String> text) {}

  final List<Block> blocks = new ArrayList<>();
  final Map<Integer, Furniture> furniture = new LinkedHashMap<>();

  static BlockBuilder build(GroundedDocument doc) {
    BlockBuilder b = new BlockBuilder();
    Map<Integer, Map<Integer, String>> furniture = FurnitureDetector.detect(doc);
    for (GroundedPage page : doc.pages()) {
      b.addPage(page, furniture.getOrDefault(page.page(), Map.of()));
    }
    return b;
  }

  private void addPage(GroundedPage page, Map<Integer, String> furnitureLabels) {
    List<String> printed = new ArrayList<>();
    List<String> running = new ArrayList<>();
    List<RegionText> body = new ArrayList<>();
    for (int i = 0; i < page.regions().size(); i++) {
      Region r = page.regions().get(i);
      String text = r.text().strip();
      String label = furnitureLabels.getOrDefault(i, r.label());
      if (RegionLabels.FURNITURE.contains(label)) {
        if (!text.isEmpty()) {
          (RegionLabels.PAGE_NUMBER.equals(label) ? printed : running).add(text);
        }
        continue;
      }
      // a text region without text says nothing; a picture without text still gets cited
      if (text.isEmpty() && !RegionLabels.PICTURES.contains(r.label())) {
        continue;
      }
      body.add(new RegionText(page.page(), i, r));
    }
    furniture.put(page.page(), new Furniture(List.copyOf(printed), List.copyOf(running)));

    int[] mainOf = captionTargets(body);
    boolean first = true;
    for (int i = 0; i < body.size(); i++) {
      if (mainOf[i] >= 0) {
        continue; // emitted with its figure or table
      }
      List<RegionText> before = new ArrayList<>();
      List<RegionText> after = new ArrayList<>();
      for (int j = 0; j < body.size(); j++) {
        if (mainOf[j] == i) {
          (j < i ? before : after).add(body.get(j));
        }
      }
      Block block = blockFor(body.get(i), before, after);
      if (first && !blocks.isEmpty()) {
        Block joined = joinAcrossPages(blocks.get(blocks.size() - 1), block);
        if (joined != null) {
          blocks.set(blocks.size() - 1, joined);
          first = false;
          continue;
        }
      }
      first = false;
      blocks.add(block);
    }
  }

  /**
   * For each body region: the index of the figure or table it captions, or -1. A caption belongs
   * to an adjacent region of a compatible kind (Docling's rule for layout models), preferring the
   * side captions of its label usually sit on; a footnote next to an attached caption follows it.
   */
  private static int[] captionTargets(List<RegionText> body) {
    int n = body.size();
    int[] mainOf = new int[n];
    java.util.Arrays.fill(mainOf, -1);
    for (int pass = 0; pass < 2; pass++) {
      for (int i = 0; i < n; i++) {
        String label = body.get(i).label();
        if (mainOf[i] >= 0 || !(TABLE_CAPTIONS.contains(label) || PICTURE_CAPTIONS.contains(label))) {
          continue;
        }
        int[] order = CAPTIONS_ABOVE.contains(label) ? new int[] {i + 1, i - 1} : new int[] {i - 1, i + 1};
        for (int j : order) {
          if (j < 0 || j >= n) {
            continue;
          }
          if (compatible(label, body.get(j).label())) {
            mainOf[i] = j;
            break;
          }
          if (mainOf[j] >= 0 && compatible(label, body.get(mainOf[j]).label())) {
            mainOf[i] = mainOf[j];
            break;
          }
        }
      }
    }
    return mainOf;
  }

  private static boolean compatible(String caption, String main) {
    return TABLE_CAPTIONS.contains(caption)
        ? RegionLabels.TABLE.equals(main)
        : RegionLabels.PICTURES.contains(main);
  }

  private static Block blockFor(RegionText r, List<RegionText> before, List<RegionText> after) {
    String label = r.label();
    if (RegionLabels.TABLE.equals(label)) {
      Block.TableRows rows = TableText.rows(r, captions(before, true), captions(after, false));
      return new Block(Block.Kind.TABLE, tableSegments(rows, 0, rows.body().size(), true, true), 0, null, rows);
    }
    if (RegionLabels.PICTURES.contains(label)) {
      List<RegionText> members = new ArrayList<>(before);
      members.add(r);
      members.addAll(after);
      List<Segment> segs = new ArrayList<>();
      for (RegionText m : members) {
        if (!segs.isEmpty() && !m.text.isEmpty() && lastHasText(segs)) {
          segs.add(Segment.separator(PARAGRAPH));
        }
        segs.add(Segment.of(m, 0, m.text.length()));
      }
      return Block.of(Block.Kind.FIGURE, segs);
    }
    int level = headingLevel(r);
    if (level > 0) {
      List<Segment> segs = new ArrayList<>();
      if (!r.text.startsWith("#")) {
        segs.add(Segment.synthetic("#".repeat(level) + " ", r));
      }
      segs.add(Segment.of(r, 0, r.text.length()));
      String plain = r.text.replaceFirst("^#+\\s*", "").strip();
      return new Block(Block.Kind.HEADING, segs, level, plain.isEmpty() ? r.text : plain, null);
    }
    Block.Kind kind =
        RegionLabels.EQUATION.equals(label)
            ? Block.Kind.EQUATION
            : RegionLabels.LIST.equals(label) ? Block.Kind.LIST : Block.Kind.TEXT;
    return Block.of(kind, List.of(Segment.of(r, 0, r.text.length())));
  }

  private static boolean lastHasText(List<Segment> segs) {
    for (int i = segs.size() - 1; i >= 0; i--) {
      if (!segs.get(i).text().isEmpty()) {
        return true;
      }
    }
    return false;
  }

  /** Captions above a table end with a blank line; those below start with one. */
  private static List<Segment> captions(List<RegionText> captions, boolean above) {
    List<Segment> segs = new ArrayList<>();
    for (RegionText c : captions) {
      if (!above) {
        segs.add(Segment.separator(PARAGRAPH));
      }
      segs.add(Segment.of(c, 0, c.text.length()));
      if (above) {
        segs.add(Segment.separator(PARAGRAPH));
      }
    }
    return segs;
  }

  /**
   * The segments of a table holding body rows {@code [from, to)}: the header rows always, the
   * captions above with the first part and those below with the last.
   */
  static List<Segment> tableSegments(Block.TableRows rows, int from, int to, boolean first, boolean last) {
    List<Segment> segs = new ArrayList<>();
    if (first) {
      segs.addAll(rows.before());
    }
    List<List<Segment>> lines = new ArrayList<>(rows.header());
    lines.addAll(rows.body().subList(from, to));
    for (int i = 0; i < lines.size(); i++) {
      if (i > 0) {
        segs.add(Segment.separator(ROW));
      }
      segs.addAll(lines.get(i));
    }
    if (last) {
      segs.addAll(rows.after());
    }
    return segs;
  }

  /** Heading level from Markdown marks, else from the label; 0 when not a heading. */
  static int headingLevel(RegionText r) {
    String label = r.label();
    int marks = 0;
    while (marks < r.text.length() && r.text.charAt(marks) == '#') {
      marks++;
    }
    boolean markdownHeading =
        marks > 0 && marks <= 6 && marks < r.text.length() && r.text.charAt(marks) == ' ';
    if (RegionLabels.TITLE.equals(label) || RegionLabels.SUB_TITLE.equals(label)) {
      if (r.text.contains("\n\n")) {
        return 0; // a layout model's "title" spanning paragraphs is body text
      }
      return markdownHeading ? marks : RegionLabels.TITLE.equals(label) ? 1 : 2;
    }
    if (RegionLabels.TEXT.equals(label) && markdownHeading && !r.text.contains("\n")) {
      return marks;
    }
    return 0;
  }

  /**
   * Joins the last paragraph of a page with the first of the next when the sentence runs on:
   * the first does not end a sentence and the second starts in lower case (or the first ends
   * with a comma or a hyphen). A word hyphenated over the break is rejoined without the hyphen.
   */
  private static Block joinAcrossPages(Block last, Block next) {
    if (last.kind != Block.Kind.TEXT || next.kind != Block.Kind.TEXT) {
      return null;
    }
    String a = last.text;
    String b = next.text;
    if (a.isEmpty() || b.isEmpty() || endsSentence(a)) {
      return null;
    }
    char end = a.charAt(a.length() - 1);
    char start = b.charAt(0);
    boolean hyphen = end == '-' && a.length() > 1 && Character.isLetter(a.charAt(a.length() - 2));
    if (!(Character.isLowerCase(start) || end == ',' || hyphen)) {
      return null;
    }
    List<Segment> segs = new ArrayList<>(last.segments);
    if (hyphen && Character.isLowerCase(start)) {
      Segment tail = segs.remove(segs.size() - 1);
      if (!tail.exact() || tail.text().length() < 2) {
        return null;
      }
      segs.add(tail.cut(0, tail.text().length() - 1));
      tail.owner().coverEnd = Math.min(tail.owner().coverEnd, tail.to() - 1);
    } else {
      segs.add(Segment.separator(" "));
    }
    segs.addAll(next.segments);
    return Block.of(Block.Kind.TEXT, segs);
  }

  private static boolean endsSentence(String s) {
    int i = s.length() - 1;
    while (i >= 0 && "\"'”’)]»".indexOf(s.charAt(i)) >= 0) {
      i--;
    }
    return i >= 0 && ".!?:;。！？…".indexOf(s.charAt(i)) >= 0;
  }
}
