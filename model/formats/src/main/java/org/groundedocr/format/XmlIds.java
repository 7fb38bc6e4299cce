package org.groundedocr.format;

/** XML {@code ID}s (NCNames) built from our labels, which may hold any character. */
public final class XmlIds {

  private XmlIds() {}

  public static String ncName(String prefix, String raw) {
    StringBuilder sb = new StringBuilder(prefix);
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      sb.append(Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.' ? c : '_');
    }
    return sb.toString();
  }
}
