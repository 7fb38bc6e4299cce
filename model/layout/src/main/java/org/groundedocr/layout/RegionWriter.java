package org.groundedocr.layout;

import java.util.ArrayList;
import java.util.List;
import org.groundedocr.model.Region;
import org.groundedocr.model.RegionLabels;
import org.groundedocr.model.TextLine;

/**
 * Writes a laid-out block as a grounded region: tables as HTML tables (a cell's wrapped lines
 * joined), headings as Markdown headings, everything else as its lines joined by spaces. The
 * region carries the page boxes of its lines, in reading order, and their words.
 */
final class RegionWriter {

  private RegionWriter() {}

  static Region region(LayoutBlock b) {
    List<TextLine> lines = new ArrayList<>(b.lines.size());
    String text;
    if (b.isTable()) {
      StringBuilder html = new StringBuilder("<table>");
      for (List<List<PageLine>> row : b.rows) {
        html.append("<tr>");
        for (List<PageLine> cell : row) {
          StringBuilder content = new StringBuilder();
          for (PageLine l : cell) {
            if (content.length() > 0) {
              content.append(' ');
            }
            content.append(l.text());
            lines.add(new TextLine(l.pageBox(), l.text(), l.words()));
          }
          html.append("<td>").append(escapeHtml(content.toString())).append("</td>");
        }
        html.append("</tr>");
      }
      text = html.append("</table>").toString();
    } else {
      for (PageLine l : b.lines) {
        lines.add(new TextLine(l.pageBox(), l.text(), l.words()));
      }
      String joined = b.text();
      text = switch (b.label) {
        case RegionLabels.TITLE -> "# " + joined;
        case RegionLabels.SUB_TITLE -> "## " + joined;
        default -> joined;
      };
    }
    return new Region(b.label, List.of(b.pageBox), text, lines);
  }

  private static String escapeHtml(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
