package org.groundedocr.tika.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class RemotePageImageTest {

  @Test
  void anHttpUrlInAnOcrFileIsAnImageAndInfoJsonNamesAService() {
    assertEquals(Optional.of(new RemotePageImage(3, RemotePageImage.Kind.IMAGE, "https://x.org/p3.jpg")),
        RemotePageImage.named(3, " https://x.org/p3.jpg "));
    assertEquals(Optional.of(new RemotePageImage(1, RemotePageImage.Kind.SERVICE, "http://x.org/iiif/3/p1")),
        RemotePageImage.named(1, "http://x.org/iiif/3/p1/info.json"));
    // file names and paths are for the companion-image lookup, not URLs
    assertEquals(Optional.empty(), RemotePageImage.named(1, "p1.jpg"));
    assertEquals(Optional.empty(), RemotePageImage.named(1, "/scans/p1.tif"));
    assertEquals(Optional.empty(), RemotePageImage.named(1, ""));
  }

  @Test
  void onlyWellFormedHttpUrlsWithAHostAndNoCredentialsAreTaken() {
    for (String bad : new String[] {"javascript:alert(1)", "file:///etc/passwd", "ftp://x.org/p.jpg",
        "data:image/png;base64,AAAA", "https:///p.jpg", "https://user:pw@x.org/p.jpg", "https://x.org/p.jpg#frag",
        "https://x.org/a\"onload=\"x.jpg", "https://x.org/<script>.jpg", "https://x.org/" + "a".repeat(RemotePageImage.MAX_URL_CHARS)}) {
      assertEquals(Optional.empty(), RemotePageImage.named(1, bad), bad);
    }
  }

  @Test
  void spacesAndLettersBeyondAsciiAreEncoded() {
    assertEquals("https://x.org/Gr%C3%BC%C3%9Fe%20p1.jpg",
        RemotePageImage.named(1, "https://x.org/Grüße p1.jpg").orElseThrow().url());
  }

  @Test
  void aServiceTemplateGetsThePageNumberAndABadOneSaysWhy() {
    RemotePageImage s = RemotePageImage.service(12, "https://iiif.example.org/iiif/3/book-p{page}/info.json");
    assertEquals("https://iiif.example.org/iiif/3/book-p12", s.url());
    assertEquals(RemotePageImage.Kind.SERVICE, s.kind());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> RemotePageImage.checkTemplate("file:///etc/{page}"));
    assertTrue(e.getMessage().contains("only http and https"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new OcrFileParser.ImageService("https://a b\"c/{page}"));
    assertTrue(e.getMessage().contains("not a URL"), e.getMessage());
  }

  @Test
  void storedValuesRoundTrip() {
    RemotePageImage r = new RemotePageImage(7, RemotePageImage.Kind.SERVICE, "https://x.org/iiif/p7");
    assertEquals("7 service https://x.org/iiif/p7", r.encode());
    assertEquals(r, RemotePageImage.decode(r.encode()));
    assertThrows(IllegalArgumentException.class, () -> RemotePageImage.decode("7 service javascript:alert(1)"));
  }
}
