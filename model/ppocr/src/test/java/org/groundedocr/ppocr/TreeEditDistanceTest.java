package org.groundedocr.ppocr;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class TreeEditDistanceTest {

  private static final TreeEditDistance.Costs<String> UNIT = (a, b) -> a.equals(b) ? 0 : 1;

  @SafeVarargs
  private static TreeEditDistance.Node<String> n(String label, TreeEditDistance.Node<String>... children) {
    return new TreeEditDistance.Node<>(label, List.of(children));
  }

  private static double d(TreeEditDistance.Node<String> a, TreeEditDistance.Node<String> b) {
    return TreeEditDistance.distance(a, b, UNIT);
  }

  @Test
  void zhangAndShashasExampleIsTwo() {
    // the paper's figure: delete c (b moves up under d), insert c above d
    TreeEditDistance.Node<String> t1 = n("f", n("d", n("a"), n("c", n("b"))), n("e"));
    TreeEditDistance.Node<String> t2 = n("f", n("c", n("d", n("a"), n("b"))), n("e"));
    assertEquals(2, d(t1, t2));
    assertEquals(2, d(t2, t1));
  }

  @Test
  void singleOperationsCostOne() {
    assertEquals(0, d(n("a", n("b"), n("c")), n("a", n("b"), n("c"))));
    assertEquals(1, d(n("a"), n("b")));
    assertEquals(1, d(n("a", n("b"), n("c")), n("a", n("b"))));
    assertEquals(1, d(n("a", n("b", n("c"), n("d"))), n("a", n("c"), n("d"))));
    assertEquals(3, d(n("a", n("b"), n("c"), n("d")), n("a")));
    // order matters: swapping two different leaves costs two renames
    assertEquals(2, d(n("a", n("b"), n("c")), n("a", n("c"), n("b"))));
  }

  @Test
  void tedsOfTables() {
    String truth = "<table><tr><td>Item</td><td></td><td>Price</td></tr>"
        + "<tr><td>Paper</td><td>2</td><td>4.00</td></tr></table>";
    assertEquals(1.0, Teds.similarity(truth, truth), 1e-9);
    assertEquals(1.0, Teds.similarity(truth, truth.replace("td>", "th>")), 1e-9);
    // the empty cell dropped: one deletion over the truth's 10 nodes (table, the tbody the HTML
    // parser puts in, 2 tr, 6 td)
    String dropped = truth.replace("<td></td>", "");
    assertEquals(1 - 1.0 / 10, Teds.similarity(truth, dropped), 1e-9);
    // one letter of "Paper" wrong: a rename of 1/5
    assertEquals(1 - 0.2 / 10, Teds.similarity(truth, truth.replace("Paper", "Paqer")), 1e-9);
    // a spanning cell instead of two: the span differs (1) and one cell is missing (1)
    String spanned = truth.replace("<td>Item</td><td></td>", "<td colspan=\"2\">Item</td>");
    assertEquals(1 - 2.0 / 10, Teds.similarity(truth, spanned), 1e-9);
    assertEquals(0, Teds.similarity(truth, "no table here"));
  }
}
