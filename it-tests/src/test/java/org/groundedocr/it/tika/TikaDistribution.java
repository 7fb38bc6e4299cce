package org.groundedocr.it.tika;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real Tika distribution jars (tika-app, tika-server-standard, from Maven Central) and our
 * parser's jars, as the build put them under {@code target/tika} (see the it-tests pom), and how
 * to start a JVM on them the way a user would: the Tika jar first, then our folder.
 */
final class TikaDistribution {

  static final Path DIR = Path.of(System.getProperty("tika.dist.dir", "target/tika"));
  static final Path TIKA_APP = DIR.resolve("tika-app.jar");
  static final Path TIKA_SERVER = DIR.resolve("tika-server-standard.jar");
  static final Path LIB = DIR.resolve("lib");

  private TikaDistribution() {}

  static String classPath(Path tikaJar) {
    return tikaJar + File.pathSeparator + LIB.toAbsolutePath() + File.separator + "*";
  }

  static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** A JVM command on {@code tikaJar} + our jars running {@code mainClass}. */
  static List<String> command(Path tikaJar, String mainClass, String... args) {
    List<String> cmd = new ArrayList<>(List.of(java(), "-Xmx1g", "-Djava.awt.headless=true",
        "-cp", classPath(tikaJar), mainClass));
    cmd.addAll(List.of(args));
    return cmd;
  }

  /** The result of a finished process. */
  record Result(int exitCode, String stdout, String stderr) {}

  /** Runs a command to completion (at most {@code timeoutSeconds}), capturing its output. */
  static Result run(List<String> command, Path workDir, long timeoutSeconds) throws IOException, InterruptedException {
    Path out = Files.createTempFile(workDir, "stdout", ".txt");
    Path err = Files.createTempFile(workDir, "stderr", ".txt");
    Process p = new ProcessBuilder(command).directory(workDir.toFile())
        .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    try {
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        throw new AssertionError("timed out after " + timeoutSeconds + " s: " + command + "\n" + Files.readString(err));
      }
      return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    } finally {
      p.destroyForcibly();
    }
  }

  static void requirePresent() {
    for (Path p : List.of(TIKA_APP, TIKA_SERVER, LIB)) {
      if (!Files.exists(p)) {
        throw new IllegalStateException(p + " is missing: run the it-tests through Maven (./mvnw verify), "
            + "which copies the Tika distribution and our jars there");
      }
    }
  }
}
