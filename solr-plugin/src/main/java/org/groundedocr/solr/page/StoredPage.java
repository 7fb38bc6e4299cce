package org.groundedocr.solr.page;

import java.nio.ByteBuffer;
import org.apache.solr.common.SolrDocument;
import org.groundedocr.model.Box;
import org.groundedocr.solr.IndexFields;

/**
 * A page document as {@code /page} needs it: the stored image and the page size its boxes are in.
 *
 * @param image the encoded image bytes
 * @param mimeType {@code image/jpeg} or {@code image/png}
 * @param imageWidth pixel width of the stored image
 * @param imageHeight pixel height of the stored image
 * @param pageWidth pixel width of the page the OCR read (the boxes' space)
 * @param pageHeight pixel height of the page the OCR read
 * @param regionsJson the page's regions ({@code [{"region","label","bbox"}]})
 */
record StoredPage(byte[] image, String mimeType, int imageWidth, int imageHeight, int pageWidth,
    int pageHeight, String regionsJson) {

  static StoredPage from(SolrDocument d) {
    Object img = d.getFirstValue(IndexFields.PAGE_IMAGE);
    byte[] bytes;
    if (img instanceof byte[] b) {
      bytes = b;
    } else if (img instanceof ByteBuffer bb) {
      bytes = new byte[bb.remaining()];
      bb.duplicate().get(bytes);
    } else if (img instanceof org.apache.lucene.util.BytesRef br) {
      // a real-time get answered from this core's own index (a one-shard collection)
      bytes = java.util.Arrays.copyOfRange(br.bytes, br.offset, br.offset + br.length);
    } else if (img instanceof org.apache.lucene.index.IndexableField f && f.binaryValue() != null) {
      org.apache.lucene.util.BytesRef br = f.binaryValue();
      bytes = java.util.Arrays.copyOfRange(br.bytes, br.offset, br.offset + br.length);
    } else {
      return null;
    }
    int iw = intValue(d.getFirstValue(IndexFields.PAGE_IMAGE_WIDTH));
    int ih = intValue(d.getFirstValue(IndexFields.PAGE_IMAGE_HEIGHT));
    int pw = iw;
    int ph = ih;
    Object sizes = d.getFirstValue(IndexFields.PAGE_SIZES);
    if (sizes != null) {
      try {
        var arr = new com.fasterxml.jackson.databind.ObjectMapper().readTree(sizes.toString());
        if (arr.size() > 0) {
          pw = arr.get(0).path("width").asInt(iw);
          ph = arr.get(0).path("height").asInt(ih);
        }
      } catch (java.io.IOException e) {
        // keep the image's own size
      }
    }
    Object type = d.getFirstValue(IndexFields.PAGE_IMAGE_TYPE);
    Object regions = d.getFirstValue(IndexFields.REGIONS);
    return new StoredPage(bytes, type == null ? "image/jpeg" : type.toString(), iw, ih,
        pw > 0 ? pw : iw, ph > 0 ? ph : ih, regions == null ? "[]" : regions.toString());
  }

  private static int intValue(Object o) {
    return o instanceof Number n ? n.intValue() : 0;
  }

  /** The box of region {@code index} of this page, or {@code null} when there is none. */
  Box regionBox(int index) {
    try {
      for (var r : new com.fasterxml.jackson.databind.ObjectMapper().readTree(regionsJson)) {
        if (r.path("region").asInt(-1) == index) {
          var b = r.path("bbox");
          if (b.isArray() && b.size() == 4) {
            return Box.normalised(b.get(0).asInt(), b.get(1).asInt(), b.get(2).asInt(), b.get(3).asInt());
          }
        }
      }
    } catch (java.io.IOException e) {
      return null;
    }
    return null;
  }
}
