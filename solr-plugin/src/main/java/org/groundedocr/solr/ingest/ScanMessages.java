package org.groundedocr.solr.ingest;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Error messages for clients: a cause chain in one line, no server paths. */
final class ScanMessages {

  /** The upload's temporary file, wherever a message quotes it (PDFBox, ImageIO and the JDK do). */
  private static final Pattern TEMP_FILE =
      Pattern.compile("(?:[A-Za-z]:)?[^\\s'\"]*" + Upload.TEMP_PREFIX + "\\d+\\.upload");

  private ScanMessages() {}

  /** Clients see the name they sent, never a server path (the server log keeps the full story). */
  static String forClients(String error, String name) {
    if (error == null) {
      return null;
    }
    return TEMP_FILE.matcher(error).replaceAll(Matcher.quoteReplacement(name));
  }

  /** The messages of {@code e} and its causes, each once. */
  static String rootMessage(Throwable e) {
    Throwable t = e;
    String msg = e.getMessage();
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
      if (t.getMessage() != null) {
        msg = msg == null ? t.getMessage() : msg.contains(t.getMessage()) ? msg : msg + ": " + t.getMessage();
      }
    }
    if (msg == null) {
      return e.getClass().getSimpleName();
    }
    // "X: X" when a wrapper repeats its cause's message
    int half = msg.length() / 2;
    if (msg.length() > 4 && msg.substring(0, half - 1).equals(msg.substring(half + 1)) && msg.startsWith(": ", half - 1)) {
      return msg.substring(0, half - 1);
    }
    return msg;
  }
}
