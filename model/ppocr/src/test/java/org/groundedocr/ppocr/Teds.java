package org.groundedocr.ppocr;

import java.util.ArrayList;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * Tree-Edit-Distance-based Similarity of two HTML tables, the metric of PubTabNet (Zhong, ShafieiBavani
 * and Jimeno Yepes, 2020): {@code 1 - TED(a, b) / max(|a|, |b|)} over the trees of {@code table},
 * {@code thead}/{@code tbody}, {@code tr} and {@code td}/{@code th} elements. Deleting or inserting
 * a node costs 1; renaming costs 1 when the tags, {@code colspan} or {@code rowspan} differ, and
 * for two cells otherwise the normalised Levenshtein distance of their texts (whitespace runs as one
 * space). {@code th} counts as {@code td}: a header cell is a cell.
 */
final class Teds {

  /** A node of a table's tree: its tag, spans and (for cells) text. */
  record Cell(String tag, int colspan, int rowspan, String text) {
    Cell withoutText() {
      return new Cell(tag, colspan, rowspan, "");
    }
  }

  private Teds() {}

  /** TEDS of the first {@code <table>} of each HTML text; 0 when the predicted one has none. */
  static double similarity(String truthHtml, String predictedHtml) {
    return similarity(truthHtml, predictedHtml, Teds::rename);
  }

  /** TEDS-S: the same with the cells' texts ignored, the structure alone. */
  static double structureSimilarity(String truthHtml, String predictedHtml) {
    return similarity(truthHtml, predictedHtml, (a, b) -> rename(a.withoutText(), b.withoutText()));
  }

  private static double similarity(String truthHtml, String predictedHtml, TreeEditDistance.Costs<Cell> costs) {
    TreeEditDistance.Node<Cell> truth = tree(truthHtml);
    if (truth == null) {
      throw new IllegalArgumentException("the truth has no <table>: " + truthHtml);
    }
    TreeEditDistance.Node<Cell> predicted = tree(predictedHtml);
    if (predicted == null) {
      return 0;
    }
    double ted = TreeEditDistance.distance(truth, predicted, costs);
    return 1 - ted / Math.max(truth.size(), predicted.size());
  }

  static TreeEditDistance.Node<Cell> tree(String html) {
    Document doc = Jsoup.parseBodyFragment(html == null ? "" : html);
    Element table = doc.selectFirst("table");
    return table == null ? null : node(table);
  }

  private static TreeEditDistance.Node<Cell> node(Element e) {
    String tag = e.tagName().equals("th") ? "td" : e.tagName();
    List<TreeEditDistance.Node<Cell>> children = new ArrayList<>();
    String text = "";
    if (tag.equals("td")) {
      text = e.text().strip().replaceAll("\\s+", " ");
    } else {
      for (Element c : e.children()) {
        if (List.of("thead", "tbody", "tfoot", "tr", "td", "th").contains(c.tagName())) {
          children.add(node(c));
        }
      }
    }
    return new TreeEditDistance.Node<>(
        new Cell(tag, span(e, "colspan"), span(e, "rowspan"), text), children);
  }

  private static int span(Element e, String attribute) {
    try {
      return e.hasAttr(attribute) ? Math.max(1, Integer.parseInt(e.attr(attribute).strip())) : 1;
    } catch (NumberFormatException ex) {
      return 1;
    }
  }

  static double rename(Cell a, Cell b) {
    if (!a.tag().equals(b.tag()) || a.colspan() != b.colspan() || a.rowspan() != b.rowspan()) {
      return 1;
    }
    if (!a.tag().equals("td")) {
      return 0;
    }
    int longer = Math.max(a.text().length(), b.text().length());
    return longer == 0 ? 0 : (double) levenshtein(a.text(), b.text()) / longer;
  }

  static int levenshtein(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        cur[j] = Math.min(sub, Math.min(prev[j], cur[j - 1]) + 1);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
