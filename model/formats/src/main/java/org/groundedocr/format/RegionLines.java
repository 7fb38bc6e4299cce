package org.groundedocr.format;

import java.util.ArrayList;
import java.util.List;
import org.groundedocr.model.Box;
import org.groundedocr.model.GroundedPage;
import org.groundedocr.model.Region;
import org.groundedocr.model.RegionLabels;
import org.groundedocr.model.TextLine;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;

/**
 * The text lines a region is written with. Engines that know lines (PP-OCR) give them; for those
 * that do not (DeepSeek-OCR gives a region's Markdown, a table's HTML, an equation's LaTeX) the
 * region's plain text is split into its lines, which share the region's box in equal horizontal
 * strips — the line boxes are then an estimate, but every word of the region is in the file.
 */
public final class RegionLines {

  private RegionLines() {}

  /** The lines of {@code region}, none for a picture; a region without a box gets the page's. */
  public static List<TextLine> of(Region region, GroundedPage page) {
    if (!region.lines().isEmpty()) {
      return region.lines();
    }
    if (RegionLabels.PICTURES.contains(region.label())) {
      return List.of();
    }
    List<String> texts = plainLines(region);
    if (texts.isEmpty()) {
      return List.of();
    }
    Box box = boxOf(region, page);
    List<TextLine> lines = new ArrayList<>();
    int n = texts.size();
    for (int i = 0; i < n; i++) {
      int y1 = box.y1() + (int) Math.round((double) box.height() * i / n);
      int y2 = box.y1() + (int) Math.round((double) box.height() * (i + 1) / n);
      lines.add(new TextLine(new Box(box.x1(), y1, box.x2(), y2), texts.get(i)));
    }
    return lines;
  }

  /** The region's box, or the whole page when the engine gave none (text before its first tag). */
  public static Box boxOf(Region region, GroundedPage page) {
    Box b = region.bbox();
    return b != null ? b : new Box(0, 0, page.width(), page.height());
  }

  /** The region's text as plain lines: Markdown marks and HTML tags removed, empty lines dropped. */
  static List<String> plainLines(Region region) {
    String text = region.text();
    List<String> out = new ArrayList<>();
    if (text.contains("<table") || text.contains("<tr")) {
      for (Element row : Jsoup.parseBodyFragment(text).select("tr")) {
        List<String> cells = new ArrayList<>();
        row.select("td, th").forEach(c -> cells.add(c.text()));
        String line = String.join(" ", cells).strip();
        if (!line.isEmpty()) {
          out.add(line);
        }
      }
      if (!out.isEmpty()) {
        return out;
      }
      text = Jsoup.parseBodyFragment(text).wholeText();
    }
    for (String line : text.split("\\R")) {
      String plain = stripMarkdown(line).strip();
      if (!plain.isEmpty()) {
        out.add(plain);
      }
    }
    return out;
  }

  /** Heading marks and emphasis: what a reader of the page would not see printed. */
  static String stripMarkdown(String line) {
    String s = line.strip();
    s = s.replaceFirst("^#{1,6}\\s+", "");
    s = s.replace("**", "").replace("__", "");
    return s;
  }
}
