package org.groundedocr.ppocr;

import java.util.ArrayList;
import java.util.List;

/**
 * The tree edit distance of Zhang and Shasha (1989, "Simple fast algorithms for the editing
 * distance between trees and related problems"): the least total cost of deleting, inserting and
 * renaming nodes that turns one ordered tree into another. Deleting or inserting a node costs 1;
 * renaming costs what {@link Costs#rename} says (0 for equal nodes). Exact, in O(|A| |B| min(depth,
 * leaves)^2) time, which is small for the tables of a page.
 */
final class TreeEditDistance {

  /** An ordered tree: a node's value and its children, left to right. */
  record Node<T>(T value, List<Node<T>> children) {
    Node {
      children = List.copyOf(children);
    }

    int size() {
      int n = 1;
      for (Node<T> c : children) {
        n += c.size();
      }
      return n;
    }
  }

  /** The cost of turning one node's value into another's (insert and delete cost 1). */
  interface Costs<T> {
    double rename(T a, T b);
  }

  private TreeEditDistance() {}

  static <T> double distance(Node<T> a, Node<T> b, Costs<T> costs) {
    Postorder<T> pa = new Postorder<>(a);
    Postorder<T> pb = new Postorder<>(b);
    double[][] treeDist = new double[pa.size()][pb.size()];
    for (int i : pa.keyRoots()) {
      for (int j : pb.keyRoots()) {
        forestDistance(pa, pb, i, j, treeDist, costs);
      }
    }
    return treeDist[pa.size() - 1][pb.size() - 1];
  }

  /** Fills {@code treeDist} for every pair of subtrees whose roots lie on the left paths of i, j. */
  private static <T> void forestDistance(Postorder<T> a, Postorder<T> b, int i, int j,
      double[][] treeDist, Costs<T> costs) {
    int li = a.leftmost[i];
    int lj = b.leftmost[j];
    int m = i - li + 2;
    int n = j - lj + 2;
    double[][] fd = new double[m][n];
    for (int x = 1; x < m; x++) {
      fd[x][0] = fd[x - 1][0] + 1;
    }
    for (int y = 1; y < n; y++) {
      fd[0][y] = fd[0][y - 1] + 1;
    }
    for (int x = 1; x < m; x++) {
      for (int y = 1; y < n; y++) {
        int ni = li + x - 1; // the node of a in postorder
        int nj = lj + y - 1;
        double delete = fd[x - 1][y] + 1;
        double insert = fd[x][y - 1] + 1;
        if (a.leftmost[ni] == li && b.leftmost[nj] == lj) {
          // both forests are whole trees: the roots may be renamed into each other
          double rename = fd[x - 1][y - 1] + costs.rename(a.nodes.get(ni).value(), b.nodes.get(nj).value());
          fd[x][y] = Math.min(Math.min(delete, insert), rename);
          treeDist[ni][nj] = fd[x][y];
        } else {
          int px = a.leftmost[ni] - li; // the forest left of ni's subtree
          int py = b.leftmost[nj] - lj;
          fd[x][y] = Math.min(Math.min(delete, insert), fd[px][py] + treeDist[ni][nj]);
        }
      }
    }
  }

  /** A tree's nodes in postorder with each node's leftmost leaf and the key roots. */
  private static final class Postorder<T> {
    final List<Node<T>> nodes = new ArrayList<>();
    final int[] leftmost;

    Postorder(Node<T> root) {
      List<Integer> left = new ArrayList<>();
      visit(root, left);
      leftmost = left.stream().mapToInt(Integer::intValue).toArray();
    }

    private int visit(Node<T> node, List<Integer> left) {
      int first = -1;
      for (Node<T> c : node.children()) {
        int l = visit(c, left);
        if (first < 0) {
          first = l;
        }
      }
      nodes.add(node);
      int self = nodes.size() - 1;
      left.add(first < 0 ? self : first);
      return first < 0 ? self : first;
    }

    int size() {
      return nodes.size();
    }

    /** The nodes that have no ancestor with the same leftmost leaf, in increasing order. */
    List<Integer> keyRoots() {
      List<Integer> roots = new ArrayList<>();
      boolean[] seen = new boolean[nodes.size()];
      for (int k = nodes.size() - 1; k >= 0; k--) {
        if (!seen[leftmost[k]]) {
          seen[leftmost[k]] = true;
          roots.add(0, k);
        }
      }
      return roots;
    }
  }
}
