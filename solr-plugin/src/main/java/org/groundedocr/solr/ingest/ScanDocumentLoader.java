package org.groundedocr.solr.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.apache.tika.exception.EncryptedDocumentException;
import org.apache.tika.exception.TikaException;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.PagedText;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.mime.MediaType;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.parser.PasswordProvider;
import org.groundedocr.tika.GroundedOcrConfig;
import org.groundedocr.tika.GroundedOcrMetadata;
import org.groundedocr.tika.GroundedOcrParser;
import org.groundedocr.tika.PageImageSink;
import org.groundedocr.tika.format.OcrFileParser;
import org.xml.sax.ContentHandler;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * One upload to grounded pages: runs the node's shared {@link GroundedOcrParser} (and so its OCR
 * engine) over the file with the request's settings, and reads what it reports. The counterpart
 * of Solr's {@code ExtractingDocumentLoader}: one stream in, parsed content out; it knows nothing
 * of Solr documents ({@link ScanDocumentBuilder}) or request parameters
 * ({@link ScanUpdateRequestHandler}).
 */
final class ScanDocumentLoader {

  private final GroundedOcrParser parser;
  private final GroundedOcrConfig ocr;
  private final String password;
  private final OcrFileParser.ImageService imageService;

  /**
   * @param ocr the request's OCR settings (null: the parser's own)
   * @param password of encrypted PDFs, or null
   */
  ScanDocumentLoader(GroundedOcrParser parser, GroundedOcrConfig ocr, String password) {
    this(parser, ocr, password, null);
  }

  /**
   * @param imageService for OCR files: each page's IIIF Image service (recorded, never fetched), or
   *     null
   */
  ScanDocumentLoader(GroundedOcrParser parser, GroundedOcrConfig ocr, String password,
      OcrFileParser.ImageService imageService) {
    this.parser = parser;
    this.ocr = ocr;
    this.password = password;
    this.imageService = imageService;
  }

  /**
   * Parses {@code upload}.
   *
   * @param sink receives the rendered page images, or null
   * @param pages receives each page as it is read (for progress), or null
   * @throws ScanFailure when the file cannot be read; the message names the file's problem
   */
  LoadedScan load(Upload upload, PageImageSink sink, PageProgress pages) throws ScanFailure, IOException, SAXException {
    if (upload.size() == 0) {
      throw new ScanFailure("empty file", false);
    }
    Metadata metadata = new Metadata();
    metadata.set(TikaCoreProperties.RESOURCE_NAME_KEY, upload.name());
    if (upload.declaredType() != null) {
      metadata.set(Metadata.CONTENT_TYPE, upload.declaredType());
    }
    ParseContext context = new ParseContext();
    if (ocr != null) {
      context.set(GroundedOcrConfig.class, ocr);
    }
    if (password != null) {
      context.set(PasswordProvider.class, m -> password);
    }
    if (imageService != null) {
      context.set(OcrFileParser.ImageService.class, imageService);
    }
    if (sink != null) {
      context.set(PageImageSink.class, sink);
      Upload scan = upload.companion();
      if (scan != null) {
        context.set(OcrFileParser.CompanionImage.class,
            new OcrFileParser.CompanionImage(scan.name(), Files.readAllBytes(scan.file())));
      }
    }
    ContentHandler handler = pages == null ? new DefaultHandler() : new PageProgress.Handler(pages);
    try (InputStream in = TikaInputStream.get(upload.file())) {
      parser.parse(in, handler, metadata, context);
    } catch (EncryptedDocumentException e) {
      throw new ScanFailure("encrypted PDF: " + e.getMessage(), false);
    } catch (TikaException e) {
      String why = ScanMessages.rootMessage(e);
      boolean unreadable = why.contains("not a readable PDF") || why.contains("unsupported image format");
      throw new ScanFailure("cannot read it: " + why
          + (unreadable ? " (damaged, truncated, or not the type its name says? re-export or re-send the file)" : ""), false);
    }
    String json = metadata.get(GroundedOcrMetadata.GROUNDED_JSON);
    if (json == null || json.isEmpty()) {
      throw new ScanFailure("no grounded pages (not a scanned image or PDF the grounded-ocr parser reads)", false);
    }
    List<Integer> failed = new ArrayList<>();
    for (String p : metadata.getValues(GroundedOcrMetadata.FAILED_PAGES)) {
      failed.add(Integer.parseInt(p));
    }
    String type = metadata.get(Metadata.CONTENT_TYPE);
    if (type != null) {
      MediaType mt = MediaType.parse(type);
      type = mt == null ? type : mt.getBaseType().toString();
    }
    return new LoadedScan(upload, json, type,
        intValue(metadata.get(GroundedOcrMetadata.PAGE_COUNT)),
        intValue(metadata.get(GroundedOcrMetadata.OCR_PAGE_COUNT)),
        List.copyOf(failed),
        intValue(metadata.get(PagedText.N_PAGES)),
        intValue(metadata.get(GroundedOcrMetadata.PAGES_SKIPPED)),
        List.of(metadata.getValues(GroundedOcrMetadata.REMOTE_PAGE_IMAGES)));
  }

  private static int intValue(String v) {
    if (v == null) {
      return 0;
    }
    try {
      return Integer.parseInt(v.strip());
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
