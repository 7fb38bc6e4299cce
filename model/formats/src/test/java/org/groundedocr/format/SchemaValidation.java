package org.groundedocr.format;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.net.URL;
import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;
import org.w3c.dom.ls.LSInput;
import org.w3c.dom.ls.LSResourceResolver;
import org.xml.sax.SAXException;

/** Validates exports against the official schemas vendored under {@code src/test/resources/xsd}. */
final class SchemaValidation {

  private SchemaValidation() {}

  static Schema alto() {
    return load("/xsd/alto-4-4.xsd");
  }

  static Schema page2019() {
    return load("/xsd/page-2019-07-15.xsd");
  }

  /** Throws with the validator's message (line, column, what is wrong) when {@code xml} is invalid. */
  static void validate(Schema schema, String xml) throws SAXException, IOException {
    Validator v = schema.newValidator();
    v.setErrorHandler(new org.xml.sax.helpers.DefaultHandler() {
      @Override
      public void error(org.xml.sax.SAXParseException e) throws SAXException {
        throw e;
      }
    });
    v.validate(new StreamSource(new StringReader(xml)));
  }

  private static Schema load(String resource) {
    try {
      SchemaFactory f = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
      // offline: the only import (ALTO's XLink) is answered from the test resources
      f.setResourceResolver(new LocalXlink());
      URL url = SchemaValidation.class.getResource(resource);
      return f.newSchema(url);
    } catch (SAXException e) {
      throw new IllegalStateException("cannot load " + resource + ": " + e.getMessage(), e);
    }
  }

  private static final class LocalXlink implements LSResourceResolver {
    @Override
    public LSInput resolveResource(
        String type, String namespace, String publicId, String systemId, String baseUri) {
      if (!"http://www.w3.org/1999/xlink".equals(namespace)) {
        return null;
      }
      InputStream in = SchemaValidation.class.getResourceAsStream("/xsd/xlink.xsd");
      try {
        org.w3c.dom.ls.DOMImplementationLS ls = (org.w3c.dom.ls.DOMImplementationLS)
            org.w3c.dom.bootstrap.DOMImplementationRegistry.newInstance().getDOMImplementation("LS");
        LSInput input = ls.createLSInput();
        input.setByteStream(in);
        input.setSystemId(SchemaValidation.class.getResource("/xsd/xlink.xsd").toString());
        return input;
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
