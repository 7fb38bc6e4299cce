package org.groundedocr.grounding;

import org.groundedocr.model.GroundedPage;
import org.groundedocr.model.Region;
import org.groundedocr.model.RegionLabels;

/**
 * Clean Markdown as the reference writes it ({@code run_dpsk_ocr_pdf.py}, spec §6): picture
 * regions become image references, the grounding tags of other regions are dropped and their
 * content kept, {@code \coloneqq}/{@code \eqqcolon} become {@code :=}/{@code =:}, and runs of
 * three or four newlines collapse to one blank line.
 *
 * <p>Image references follow the reference's {@code images/{page}_{idx}.jpg}, with our 1-based page
 * number and the 0-based index of the picture on its page.
 */
public final class GroundedMarkdown {

  private GroundedMarkdown() {}

  public static String toMarkdown(GroundedPage page) {
    StringBuilder sb = new StringBuilder();
    int pictures = 0;
    for (Region r : page.regions()) {
      if (sb.length() > 0) {
        sb.append("\n\n");
      }
      if (RegionLabels.PICTURES.contains(r.label())) {
        sb.append("![](").append(imageRef(page.page(), pictures++)).append(")\n");
      }
      sb.append(fixLatex(r.text()));
    }
    return collapseBlankLines(sb.toString()).strip();
  }

  /** The relative path the Markdown uses for the {@code index}-th picture of {@code page}. */
  public static String imageRef(int page, int index) {
    return "images/" + page + "_" + index + ".jpg";
  }

  static String fixLatex(String text) {
    return text.replace("\\coloneqq", ":=").replace("\\eqqcolon", "=:");
  }

  /** The reference's two passes: four newlines to two, then three to two. */
  static String collapseBlankLines(String text) {
    String t = text.replace("\n\n\n\n", "\n\n").replace("\n\n\n", "\n\n");
    // the reference stops there; a long run (a model that loops on newlines) would survive both
    // passes, so finish the job
    while (t.contains("\n\n\n")) {
      t = t.replace("\n\n\n", "\n\n");
    }
    return t;
  }
}
