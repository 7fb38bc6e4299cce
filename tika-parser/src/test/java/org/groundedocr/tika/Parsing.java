package org.groundedocr.tika;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.List;
import org.apache.tika.config.TikaConfig;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.parser.AutoDetectParser;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.parser.Parser;
import org.apache.tika.sax.ToXMLContentHandler;
import org.groundedocr.grounding.GroundedJson;
import org.groundedocr.model.GroundedDocument;

/** Runs a parser on bytes and keeps the XHTML, the metadata and the pages read back from both. */
public final class Parsing {

  public record Parsed(String xhtml, Metadata metadata, List<XhtmlPages.PageElement> pages) {
    public GroundedDocument grounded() {
      return GroundedJson.readDocument(metadata.get(GroundedOcrMetadata.GROUNDED_JSON));
    }
  }

  private Parsing() {}

  /** An AutoDetectParser configured from a {@code tika-config.xml} on the test class path. */
  public static AutoDetectParser autoDetect(String configResource) throws Exception {
    try (InputStream in = Parsing.class.getResourceAsStream(configResource)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource " + configResource);
      }
      return new AutoDetectParser(new TikaConfig(in));
    }
  }

  public static Parsed parse(Parser parser, byte[] bytes, String name, ParseContext context) throws Exception {
    Metadata metadata = new Metadata();
    metadata.set(TikaCoreProperties.RESOURCE_NAME_KEY, name);
    return parse(parser, bytes, metadata, context);
  }

  public static Parsed parse(Parser parser, byte[] bytes, Metadata metadata, ParseContext context) throws Exception {
    ToXMLContentHandler handler = new ToXMLContentHandler();
    try (InputStream in = TikaInputStream.get(new ByteArrayInputStream(bytes))) {
      parser.parse(in, handler, metadata, context == null ? new ParseContext() : context);
    }
    String xhtml = handler.toString();
    return new Parsed(xhtml, metadata, XhtmlPages.read(xhtml));
  }
}
