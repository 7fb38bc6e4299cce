package org.groundedocr.chunking;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A table region as rows of chunk text. HTML tables (DeepSeek-OCR writes {@code <table><tr><td>})
 * become Markdown pipe tables, which embedders and BM25 read far better than tags; Markdown and
 * plain-line tables (one row per line) are kept as they are. Hand-written rather than a full HTML
 * parser: OCR tables are flat {@code tr}/{@code td} markup, and every cell must keep its exact
 * range in the region's text for the spans.
 */
final class TableText {

  private static final Pattern ROW =
      Pattern.compile("<tr\\b[^>]*>(.*?)(?=</tr\\s*>|<tr\\b|</table\\s*>|\\z)", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
  private static final Pattern CELL =
      Pattern.compile("<t([dh])\\b([^>]*)>(.*?)(?=</t[dh]\\s*>|<t[dh]\\b|\\z)", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
  private static final Pattern COLSPAN = Pattern.compile("colspan\\s*=\\s*[\"']?(\\d+)", Pattern.CASE_INSENSITIVE);
  private static final Pattern TAG = Pattern.compile("<[^>]*>");
  private static final Pattern MD_SEPARATOR = Pattern.compile("^\\s*\\|?\\s*:?-{2,}:?\\s*(\\|\\s*:?-{2,}:?\\s*)*\\|?\\s*$");

  private TableText() {}

  /** Rows of {@code table}; the header is its first row (and a Markdown separator row). */
  static Block.TableRows rows(RegionText table, List<Segment> before, List<Segment> after) {
    String t = table.text;
    if (t.regionMatches(true, 0, "<table", 0, 6) || t.toLowerCase(java.util.Locale.ROOT).contains("<tr")) {
      List<List<Segment>> rows = htmlRows(table);
      if (!rows.isEmpty()) {
        List<List<Segment>> header = new ArrayList<>(rows.subList(0, 1));
        int columns = columns(rows.get(0));
        header.add(separatorRow(table, Math.max(1, columns)));
        return new Block.TableRows(before, header, rows.subList(1, rows.size()), after);
      }
    }
    List<List<Segment>> lines = new ArrayList<>();
    int pos = 0;
    while (pos <= t.length()) {
      int nl = t.indexOf('\n', pos);
      int end = nl < 0 ? t.length() : nl;
      if (end > pos && !t.substring(pos, end).isBlank()) {
        lines.add(List.of(Segment.of(table, pos, end)));
      }
      if (nl < 0) {
        break;
      }
      pos = nl + 1;
    }
    int headerRows = Math.min(1, lines.size());
    if (lines.size() > 1 && MD_SEPARATOR.matcher(lines.get(1).get(0).text()).matches()) {
      headerRows = 2;
    }
    return new Block.TableRows(
        before, lines.subList(0, headerRows), lines.subList(headerRows, lines.size()), after);
  }

  private static List<List<Segment>> htmlRows(RegionText table) {
    String t = table.text;
    List<List<Segment>> rows = new ArrayList<>();
    java.util.BitSet cellChars = new java.util.BitSet();
    int widest = 0;
    Matcher row = ROW.matcher(t);
    while (row.find()) {
      List<Segment> cells = new ArrayList<>();
      Matcher cell = CELL.matcher(t).region(row.start(1), row.end(1));
      while (cell.find()) {
        int from = cell.start(3);
        int to = cell.end(3);
        String content = cellText(t.substring(from, to));
        cells.add(Segment.synthetic(cells.isEmpty() ? "| " : " | ", table));
        boolean exact = content.equals(t.substring(from, to));
        cellChars.set(from, to);
        cells.add(new Segment(content, table, from, to, exact));
        Matcher span = COLSPAN.matcher(cell.group(2));
        int extra = span.find() ? Math.min(50, Integer.parseInt(span.group(1))) - 1 : 0;
        for (int i = 0; i < extra; i++) {
          cells.add(Segment.synthetic(" | ", table));
        }
      }
      if (!cells.isEmpty()) {
        cells.add(Segment.synthetic(" |", table));
        rows.add(cells);
        widest = Math.max(widest, columns(cells));
      }
    }
    table.content = cellChars;
    // pad short rows so every row has the header's width: a ragged pipe table confuses readers
    for (List<Segment> r : rows) {
      int missing = widest - columns(r);
      for (int i = 0; i < missing; i++) {
        r.add(r.size() - 1, Segment.synthetic(" | ", table));
      }
    }
    return rows;
  }

  private static int columns(List<Segment> row) {
    int n = 0;
    for (Segment s : row) {
      if (!s.isContent() && (s.text().equals("| ") || s.text().equals(" | "))) {
        n++;
      }
    }
    return n;
  }

  private static List<Segment> separatorRow(RegionText table, int columns) {
    StringBuilder sb = new StringBuilder("|");
    for (int i = 0; i < columns; i++) {
      sb.append(" --- |");
    }
    return List.of(Segment.synthetic(sb.toString(), table));
  }

  /** A cell's HTML reduced to one line of text, pipes escaped for the Markdown table. */
  static String cellText(String html) {
    String s = TAG.matcher(html).replaceAll(" ");
    s = s.replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    s = s.replaceAll("\\s+", " ").strip();
    return s.replace("|", "\\|");
  }
}
