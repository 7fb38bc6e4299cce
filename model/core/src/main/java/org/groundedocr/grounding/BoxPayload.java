package org.groundedocr.grounding;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the boxes of a {@code det} payload without trusting it to be JSON. The reference uses
 * Python's {@code eval}; we accept what that accepts for well-formed output and degrade gracefully
 * otherwise: every innermost bracket group with exactly four numbers is a box; a group with a
 * multiple of four numbers (a flat list) gives one box per four; anything else is dropped. A
 * payload with no brackets at all is read as a flat list.
 */
final class BoxPayload {

  private BoxPayload() {}

  static List<int[]> quads(String payload) {
    List<int[]> out = new ArrayList<>();
    List<Integer> group = new ArrayList<>();
    boolean sawBracket = false;
    boolean inGroup = false;
    int i = 0;
    int n = payload.length();
    while (i < n) {
      char c = payload.charAt(i);
      if (c == '[') {
        sawBracket = true;
        inGroup = true;
        group.clear();
        i++;
      } else if (c == ']') {
        if (inGroup && group.size() % 4 == 0) {
          addGroup(group, out);
        }
        inGroup = false;
        group.clear();
        i++;
      } else if (isNumberStart(payload, i)) {
        int j = i + 1;
        while (j < n && (Character.isDigit(payload.charAt(j)) || payload.charAt(j) == '.')) {
          j++;
        }
        Integer v = parse(payload.substring(i, j));
        if (v != null && (inGroup || !sawBracket)) {
          group.add(v);
        }
        i = j;
      } else {
        i++;
      }
    }
    if (!sawBracket || inGroup) {
      // no brackets, or a group cut off: keep its complete quads
      addGroup(group, out);
    }
    return out;
  }

  private static void addGroup(List<Integer> group, List<int[]> out) {
    for (int k = 0; k + 4 <= group.size(); k += 4) {
      out.add(new int[] {group.get(k), group.get(k + 1), group.get(k + 2), group.get(k + 3)});
    }
  }

  private static boolean isNumberStart(String p, int i) {
    char c = p.charAt(i);
    return Character.isDigit(c)
        || (c == '-' && i + 1 < p.length() && Character.isDigit(p.charAt(i + 1)));
  }

  private static Integer parse(String token) {
    try {
      double d = Double.parseDouble(token);
      if (d > Integer.MAX_VALUE) {
        return Integer.MAX_VALUE;
      }
      if (d < Integer.MIN_VALUE) {
        return Integer.MIN_VALUE;
      }
      return (int) d;
    } catch (NumberFormatException e) {
      return null; // e.g. "1.2.3": not a number, dropped
    }
  }
}
