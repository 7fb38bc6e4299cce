package org.groundedocr.solr.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.apache.solr.common.util.ContentStream;
import org.apache.tika.mime.MediaType;

/**
 * One uploaded file, copied to a temporary file of its own (the parser needs random access, and an
 * asynchronous job outlives its request) with the SHA-256 of its bytes, the name the client gave
 * and the type it declared. {@code companion}: the scan sent with an OCR file, or null. Deleting
 * the temporary files is the owner's job ({@link #delete}).
 */
record Upload(String name, String declaredType, Path file, String sha256, long size, Upload companion) {

  /** Prefix of the temporary files; {@link ScanMessages#forClients} hides their paths. */
  static final String TEMP_PREFIX = "groundedocr-scan-";

  /** Copies {@code stream} to a temporary file, hashing it on the way. */
  static Upload spool(ContentStream stream, String name, Upload companion) throws IOException {
    Path tmp = Files.createTempFile(TEMP_PREFIX, ".upload");
    try {
      MessageDigest sha = newDigest();
      long size;
      try (InputStream in = new DigestInputStream(stream.getStream(), sha)) {
        size = Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
      }
      return new Upload(name, declaredType(stream.getContentType()), tmp, HexFormat.of().formatHex(sha.digest()), size,
          companion);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
  }

  /** Deletes the temporary files (this one's and its companion's); never throws. */
  void delete() {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      org.slf4j.LoggerFactory.getLogger(Upload.class).warn("could not delete {}", file, e);
    }
    if (companion != null) {
      companion.delete();
    }
  }

  static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e); // every JVM has SHA-256
    }
  }

  /** The client's Content-Type when it says something about the file. */
  static String declaredType(String contentType) {
    if (contentType == null) {
      return null;
    }
    MediaType t = MediaType.parse(contentType);
    if (t == null) {
      return null;
    }
    String base = t.getBaseType().toString();
    if (base.equals("application/octet-stream") || t.getType().equals("multipart") || t.getType().equals("text")) {
      return null;
    }
    return base;
  }
}
