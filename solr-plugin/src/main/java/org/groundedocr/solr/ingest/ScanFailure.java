package org.groundedocr.solr.ingest;

/**
 * One file could not be indexed: {@code getMessage()} is for the client (no server paths);
 * {@code serverFault} tells the server's fault (503 when every file failed so) from bad input (400).
 */
final class ScanFailure extends Exception {

  private final boolean serverFault;

  ScanFailure(String message, boolean serverFault) {
    super(message);
    this.serverFault = serverFault;
  }

  ScanFailure(String message, boolean serverFault, Throwable cause) {
    super(message, cause);
    this.serverFault = serverFault;
  }

  boolean serverFault() {
    return serverFault;
  }
}
