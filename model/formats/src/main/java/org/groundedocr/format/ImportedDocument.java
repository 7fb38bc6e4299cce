package org.groundedocr.format;

import java.util.List;
import org.groundedocr.model.GroundedDocument;

/**
 * A document read from an OCR file, with the image each page names (ALTO
 * {@code sourceImageInformation/fileName}, PAGE {@code Page/@imageFilename}, hOCR {@code image}):
 * a file name, a path or a URL as the file wrote it, {@code ""} where a page names none. What the
 * reference is good for (a companion file, a remote image) is the importer's decision.
 */
public record ImportedDocument(GroundedDocument document, List<String> pageImages) {

  public ImportedDocument {
    pageImages = List.copyOf(pageImages);
    if (pageImages.size() != document.pages().size()) {
      throw new IllegalArgumentException(pageImages.size() + " page images for "
          + document.pages().size() + " pages");
    }
  }

  /** The image page {@code index} (0-based) names, or {@code ""}. */
  public String pageImage(int index) {
    return pageImages.get(index);
  }

  /** {@code image} for each of the document's pages. */
  public static ImportedDocument sameImage(GroundedDocument document, String image) {
    return new ImportedDocument(document,
        java.util.Collections.nCopies(document.pages().size(), image == null ? "" : image));
  }
}
