package org.groundedocr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ingest} when the server is gone (issue 16): it stops and ends with a summary. */
class IngestCommandTest {

  @TempDir Path dir;

  @Test
  void aDeadServerStopsTheIngestWithASummary() throws Exception {
    for (int i = 0; i < 4; i++) {
      Files.write(dir.resolve("scan-" + i + ".png"), new byte[] {1, 2, 3});
    }
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort(); // closed again: nothing listens there, as after the server died
    }
    String[] r = CliRunner.run("ingest", "--solr", "http://127.0.0.1:" + port + "/solr", "--concurrency", "1", dir.toString());
    assertEquals("1", r[0]);
    assertTrue(r[2].contains("stopped: the server stopped answering; 3 file(s) were not sent"), r[2]);
    assertTrue(r[1].contains("sent 0 of 4 file(s)") && r[1].contains("3 file(s) not sent"), r[1]);
    assertTrue(r[1].contains("Solr unreachable at http://127.0.0.1:" + port + "/solr/scans"), r[1]);
    assertFalse((r[1] + r[2]).contains("commit failed: null"), r[1] + r[2]);
  }

  @Test
  void malformedUserIsRefusedWithoutEchoingIt() throws Exception {
    Files.write(dir.resolve("scan.png"), new byte[] {1, 2, 3});
    String[] r = CliRunner.run("ingest", "--user", "justaname-no-colon-secret", dir.toString());
    assertEquals("2", r[0]);
    assertTrue(r[2].contains("--user must be NAME:PASSWORD"), r[2]);
    assertFalse(r[2].contains("justaname-no-colon-secret"), r[2]);
  }
}
