package org.groundedocr.tika.format;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Pattern;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.apache.tika.detect.Detector;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.mime.MediaType;
import org.groundedocr.format.OcrFormat;

/**
 * Recognises existing OCR files by their first bytes: ALTO by its root element {@code <alto>}
 * (any ALTO namespace, or none, as ALTO 1 files often have), PAGE-XML by {@code <PcGts>} in a
 * PRImA namespace, hOCR by an element of class {@code ocr_page} together with the
 * {@code ocr-system} or {@code ocr-capabilities} metadata hOCR requires — an ordinary web page has
 * neither, so HTML is not taken from Tika's HTML parser. Anything else is
 * {@code application/octet-stream}, leaving the decision to the other detectors.
 */
public final class OcrFileDetector implements Detector {

  private static final long serialVersionUID = 1L;

  /** How much of the file is looked at: enough for an XML prolog, comments and hOCR's head. */
  static final int HEAD_BYTES = 16 * 1024;

  public static final MediaType ALTO = MediaType.parse(OcrFormat.ALTO.mediaType());
  public static final MediaType PAGE = MediaType.parse(OcrFormat.PAGE.mediaType());
  public static final MediaType HOCR = MediaType.parse(OcrFormat.HOCR.mediaType());

  private static final Pattern HOCR_PAGE = Pattern.compile("class\\s*=\\s*['\"][^'\"]*\\bocr_page\\b");
  private static final Pattern HOCR_META =
      Pattern.compile("name\\s*=\\s*['\"]ocr-(system|capabilities)['\"]");

  @Override
  public MediaType detect(InputStream input, Metadata metadata) throws IOException {
    if (input == null) {
      return MediaType.OCTET_STREAM;
    }
    input.mark(HEAD_BYTES);
    byte[] head;
    try {
      head = input.readNBytes(HEAD_BYTES);
    } finally {
      input.reset();
    }
    OcrFormat f = detect(head);
    return f == null ? MediaType.OCTET_STREAM : MediaType.parse(f.mediaType());
  }

  /** The OCR format of a file starting with {@code head}, or {@code null}. */
  public static OcrFormat detect(byte[] head) {
    String text = new String(head, StandardCharsets.UTF_8);
    String lower = text.toLowerCase(Locale.ROOT);
    if (lower.contains("ocr_page") && HOCR_PAGE.matcher(text).find() && HOCR_META.matcher(text).find()) {
      return OcrFormat.HOCR;
    }
    if (!lower.contains("<alto") && !lower.contains("pcgts")) {
      return null;
    }
    return xmlRoot(head);
  }

  private static OcrFormat xmlRoot(byte[] head) {
    XMLInputFactory f = XMLInputFactory.newFactory();
    f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    try {
      XMLStreamReader r = f.createXMLStreamReader(new java.io.ByteArrayInputStream(head));
      while (r.hasNext()) {
        if (r.next() == XMLStreamConstants.START_ELEMENT) {
          String ns = r.getNamespaceURI() == null ? "" : r.getNamespaceURI();
          String local = r.getLocalName();
          if ("alto".equals(local) && (ns.isEmpty() || ns.contains("alto") || ns.contains("ccs-gmbh"))) {
            return OcrFormat.ALTO;
          }
          if ("PcGts".equals(local) && ns.contains("primaresearch.org/PAGE")) {
            return OcrFormat.PAGE;
          }
          return null;
        }
      }
    } catch (XMLStreamException e) {
      // a head cut in the middle of the root's attributes, or not XML: not ours
    }
    return null;
  }
}
