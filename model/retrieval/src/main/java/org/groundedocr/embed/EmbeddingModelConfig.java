package org.groundedocr.embed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * How a sentence-embedding model is run: pooling, normalisation, the token limit it was trained
 * with, and the instruction prefixes its card asks for (BGE's English models want a prefix on
 * short queries, none on passages).
 *
 * <p>In a model directory this is {@code embedding.json}:
 *
 * <pre>{@code
 * {"pooling": "cls", "normalize": true, "maxLength": 512,
 *  "queryPrefix": "", "passagePrefix": "",
 *  "model": "model.onnx", "tokenizer": "tokenizer.json"}
 * }</pre>
 *
 * Only {@code pooling} is required. A sentence-transformers export without {@code embedding.json}
 * is read from its {@code 1_Pooling/config.json} and {@code sentence_bert_config.json}.
 *
 * @param pooling CLS or mean pooling of the output token vectors
 * @param normalize L2-normalise each vector (for cosine / dot-product search)
 * @param maxLength tokens per text, special tokens included; longer texts are cut at the end
 * @param queryPrefix prepended to questions by {@link SentenceEmbedder#embedQuery}
 * @param passagePrefix prepended to indexed passages by {@link SentenceEmbedder#embedPassages}
 * @param modelFile the ONNX file name inside the model directory
 * @param tokenizerFile the Hugging Face {@code tokenizer.json} file name inside the directory
 */
public record EmbeddingModelConfig(
    Pooling pooling,
    boolean normalize,
    int maxLength,
    String queryPrefix,
    String passagePrefix,
    String modelFile,
    String tokenizerFile) {

  public static final String CONFIG_FILE = "embedding.json";
  public static final int DEFAULT_MAX_LENGTH = 512;

  public EmbeddingModelConfig {
    Objects.requireNonNull(pooling, "pooling");
    if (maxLength < 2) {
      throw new IllegalArgumentException("maxLength must be at least 2, got " + maxLength);
    }
    queryPrefix = queryPrefix == null ? "" : queryPrefix;
    passagePrefix = passagePrefix == null ? "" : passagePrefix;
    modelFile = modelFile == null || modelFile.isBlank() ? "model.onnx" : modelFile;
    tokenizerFile = tokenizerFile == null || tokenizerFile.isBlank() ? "tokenizer.json" : tokenizerFile;
  }

  /**
   * Reads {@code embedding.json} from {@code dir}, or else the sentence-transformers pooling
   * config; fails naming the file when neither says how to pool (guessing would give vectors that
   * look fine and retrieve badly).
   */
  public static EmbeddingModelConfig read(Path dir) throws EmbeddingException {
    ObjectMapper json = new ObjectMapper();
    Path config = dir.resolve(CONFIG_FILE);
    try {
      if (Files.isRegularFile(config)) {
        JsonNode n = json.readTree(config.toFile());
        if (!n.hasNonNull("pooling")) {
          throw new EmbeddingException(config + ": 'pooling' (cls or mean) is required");
        }
        return new EmbeddingModelConfig(
            Pooling.parse(n.get("pooling").asText()),
            n.path("normalize").asBoolean(true),
            n.path("maxLength").asInt(DEFAULT_MAX_LENGTH),
            n.path("queryPrefix").asText(""),
            n.path("passagePrefix").asText(""),
            n.path("model").asText(null),
            n.path("tokenizer").asText(null));
      }
      Path stPooling = dir.resolve("1_Pooling").resolve("config.json");
      if (Files.isRegularFile(stPooling)) {
        JsonNode p = json.readTree(stPooling.toFile());
        Pooling pooling;
        if (p.path("pooling_mode_cls_token").asBoolean(false)) {
          pooling = Pooling.CLS;
        } else if (p.path("pooling_mode_mean_tokens").asBoolean(false)) {
          pooling = Pooling.MEAN;
        } else {
          throw new EmbeddingException(
              stPooling + ": only CLS or mean-token pooling is supported; write " + CONFIG_FILE);
        }
        int maxLength = DEFAULT_MAX_LENGTH;
        Path stConfig = dir.resolve("sentence_bert_config.json");
        if (Files.isRegularFile(stConfig)) {
          maxLength = json.readTree(stConfig.toFile()).path("max_seq_length").asInt(maxLength);
        }
        String model = Files.isRegularFile(dir.resolve("model.onnx")) ? "model.onnx" : "onnx/model.onnx";
        return new EmbeddingModelConfig(pooling, true, maxLength, "", "", model, "tokenizer.json");
      }
    } catch (IOException e) {
      throw new EmbeddingException("cannot read the embedding config in " + dir + ": " + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new EmbeddingException(config + ": " + e.getMessage(), e);
    }
    throw new EmbeddingException(
        dir + " has no " + CONFIG_FILE + " (and no sentence-transformers 1_Pooling/config.json):"
            + " write {\"pooling\": \"cls\" or \"mean\"} there");
  }
}
