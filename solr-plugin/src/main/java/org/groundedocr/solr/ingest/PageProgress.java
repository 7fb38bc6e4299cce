package org.groundedocr.solr.ingest;

import org.groundedocr.tika.xhtml.GroundedXhtml;
import org.xml.sax.Attributes;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

/** Told of each page of a document as the parser emits it (an asynchronous job's progress). */
@FunctionalInterface
interface PageProgress {

  /** @param failed whether the engine failed on the page (it is then empty) */
  void page(boolean failed);

  /**
   * Reads the pages off the parser's XHTML: one {@code <div class="page">} per page, with
   * {@code data-failed} when the page failed.
   */
  final class Handler extends DefaultHandler {
    private final PageProgress progress;

    Handler(PageProgress progress) {
      this.progress = progress;
    }

    @Override
    public void startElement(String uri, String localName, String qName, Attributes atts) throws SAXException {
      // a job's worker is interrupted when its node stops: the document ends here, failed, rather
      // than running on past the node's shutdown
      if (Thread.currentThread().isInterrupted()) {
        throw new SAXException("interrupted: the node is stopping");
      }
      if ("div".equals(localName) && GroundedXhtml.PAGE_CLASS.equals(atts.getValue("class"))) {
        progress.page(atts.getValue("data-failed") != null);
      }
    }
  }
}
