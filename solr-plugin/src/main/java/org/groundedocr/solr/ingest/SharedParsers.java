package org.groundedocr.solr.ingest;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.HexFormat;
import org.apache.solr.common.SolrException;
import org.apache.solr.core.SolrCore;
import org.apache.tika.config.TikaConfig;
import org.apache.tika.exception.TikaException;
import org.apache.tika.parser.CompositeParser;
import org.apache.tika.parser.Parser;
import org.groundedocr.tika.GroundedOcrParser;
import org.xml.sax.SAXException;

/**
 * One {@link GroundedOcrParser} per node and Tika configuration (Solr's node-level object cache),
 * so every {@code /update/scan} core of a node, and every request and job on it, feeds the same
 * OCR engine (the parser keeps one engine per engine configuration): pages of many documents meet
 * in one engine queue, and a node loads a model once, not once per replica.
 */
final class SharedParsers {

  private SharedParsers() {}

  /**
   * The node's parser for {@code tikaConfig} (a configset resource; null: the parser's defaults).
   *
   * @param paramName the init parameter that named the resource, for error messages
   */
  static GroundedOcrParser forCore(SolrCore core, String tikaConfig, String paramName) {
    byte[] config = null;
    if (tikaConfig != null) {
      try (InputStream in = core.getResourceLoader().openResource(tikaConfig)) {
        config = in.readAllBytes();
      } catch (IOException e) {
        throw new SolrException(
            SolrException.ErrorCode.SERVER_ERROR, paramName + " " + tikaConfig + ": " + e.getMessage(), e);
      }
    }
    String key = "org.groundedocr.scan.parser:"
        + (config == null ? "default" : HexFormat.of().formatHex(Upload.newDigest().digest(config)))
        + "@" + System.identityHashCode(GroundedOcrParser.class.getClassLoader());
    byte[] bytes = config;
    return core.getCoreContainer()
        .getObjectCache()
        .computeIfAbsent(key, GroundedOcrParser.class, k -> create(bytes, tikaConfig, paramName));
  }

  private static GroundedOcrParser create(byte[] config, String tikaConfig, String paramName) {
    if (config == null) {
      return new GroundedOcrParser();
    }
    try (InputStream in = new ByteArrayInputStream(config)) {
      GroundedOcrParser found = find(new TikaConfig(in).getParser());
      if (found == null) {
        throw new SolrException(
            SolrException.ErrorCode.SERVER_ERROR,
            paramName + " " + tikaConfig + " configures no " + GroundedOcrParser.class.getName());
      }
      return found;
    } catch (IOException | TikaException | SAXException e) {
      throw new SolrException(
          SolrException.ErrorCode.SERVER_ERROR, paramName + " " + tikaConfig + ": " + e.getMessage(), e);
    }
  }

  private static GroundedOcrParser find(Parser p) {
    if (p instanceof GroundedOcrParser g) {
      return g;
    }
    if (p instanceof CompositeParser c) {
      for (Parser child : c.getAllComponentParsers()) {
        GroundedOcrParser g = find(child);
        if (g != null) {
          return g;
        }
      }
    }
    return null;
  }
}
