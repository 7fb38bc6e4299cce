package org.groundedocr.format;

import org.groundedocr.model.GroundedDocument;
import org.groundedocr.model.GroundedPage;

/** The package-private test helpers, for the per-format test packages. */
public final class SampleAccess {

  private SampleAccess() {}

  public static GroundedDocument twoPages() {
    return SampleDocuments.twoPages();
  }

  public static GroundedPage linesAndWords() {
    return SampleDocuments.linesAndWords();
  }

  public static void validateAlto(String xml) throws Exception {
    SchemaValidation.validate(SchemaValidation.alto(), xml);
  }

  public static void validatePage(String xml) throws Exception {
    SchemaValidation.validate(SchemaValidation.page2019(), xml);
  }

  public static void assertSamePage(GroundedPage expected, GroundedPage actual) {
    RoundTrip.assertSamePage(expected, actual);
  }
}
