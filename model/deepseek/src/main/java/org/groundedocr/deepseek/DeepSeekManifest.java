package org.groundedocr.deepseek;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.groundedocr.deepseek.preprocess.ViewSpec;

/**
 * {@code manifest.json} of an exported DeepSeek-OCR model directory (format {@value #FORMAT}; written
 * by {@code model/export/export_onnx.py}, described in {@code model/README.md}). Validated on load:
 * a missing or inconsistent field fails with a message naming it and the directory.
 */
public record DeepSeekManifest(
    Path directory,
    ViewSpec.Family family,
    String dtype,
    Decoder decoder,
    RawTensor embeddings,
    RawTensor imageNewline,
    RawTensor viewSeparator,
    Tokens tokens,
    Map<Integer, View> views,
    int maxTiles,
    String defaultMode,
    Map<String, String> prompts,
    String defaultPrompt,
    int maxTotalTokens,
    int ngramSize,
    int ngramWindow,
    List<Integer> ngramWhitelist) {

  public static final String FORMAT = "grounded-ocr-deepseek/1";
  public static final String FILE = "manifest.json";

  /** The decoder graph and the shape of its KV cache. */
  public record Decoder(
      String file, int hiddenSize, int layers, int heads, int kvHeads, int headDim, int vocabSize,
      String kvDtype) {}

  /** A raw little-endian tensor file ({@code float32}, {@code float16} or {@code bfloat16}). */
  public record RawTensor(String file, String dtype, int rows, int cols) {}

  /** Token ids the engine needs, looked up by name at export time. */
  public record Tokens(int bos, int eos, int image, int tdOpen, int tdClose) {}

  /** One vision graph: its file and the tokens one view gives (before newlines / separator). */
  public record View(int size, String file, int tokens) {}

  public static DeepSeekManifest load(Path directory) throws IOException {
    Path file = directory.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      throw new IOException("not a DeepSeek-OCR model directory (no " + FILE + "): " + directory);
    }
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(file.toFile());
    } catch (IOException e) {
      throw new IOException(file + " is not valid JSON: " + e.getMessage(), e);
    }
    Reader r = new Reader(file, root);
    String format = r.text(root, "format");
    if (!FORMAT.equals(format)) {
      throw new IOException(file + ": format '" + format + "' is not supported (expected " + FORMAT + ")");
    }
    ViewSpec.Family family;
    try {
      family = ViewSpec.Family.of(r.text(root, "family"));
    } catch (IllegalArgumentException e) {
      throw new IOException(file + ": " + e.getMessage(), e);
    }
    JsonNode d = r.node(root, "decoder");
    Decoder decoder = new Decoder(
        r.text(d, "file"), r.positive(d, "hidden_size"), r.positive(d, "num_layers"),
        r.positive(d, "num_attention_heads"), r.positive(d, "num_key_value_heads"),
        r.positive(d, "head_dim"), r.positive(d, "vocab_size"), r.text(d, "kv_dtype"));
    if (!decoder.kvDtype().equals("float32") && !decoder.kvDtype().equals("float16")) {
      throw new IOException(file + ": decoder.kv_dtype must be float32 or float16, got " + decoder.kvDtype());
    }
    JsonNode e = r.node(root, "embeddings");
    RawTensor embeddings = new RawTensor(r.text(e, "file"), r.text(e, "dtype"), r.positive(e, "rows"), r.positive(e, "cols"));
    if (embeddings.rows() != decoder.vocabSize() || embeddings.cols() != decoder.hiddenSize()) {
      throw new IOException(file + ": embeddings are " + embeddings.rows() + "x" + embeddings.cols()
          + " but the decoder has vocab " + decoder.vocabSize() + " and hidden size " + decoder.hiddenSize());
    }
    RawTensor newline = r.vector(root, "image_newline", decoder.hiddenSize(), family == ViewSpec.Family.DEEPSEEK_OCR);
    RawTensor separator = r.vector(root, "view_separator", decoder.hiddenSize(), true);
    JsonNode t = r.node(root, "tokens");
    Tokens tokens = new Tokens(r.id(t, "bos"), r.id(t, "eos"), r.id(t, "image"), r.id(t, "td_open"), r.id(t, "td_close"));
    JsonNode vision = r.node(root, "vision");
    Map<Integer, View> views = new LinkedHashMap<>();
    JsonNode vs = r.node(vision, "views");
    for (var it = vs.fields(); it.hasNext(); ) {
      var entry = it.next();
      int size;
      try {
        size = Integer.parseInt(entry.getKey());
      } catch (NumberFormatException ex) {
        throw new IOException(file + ": vision.views key '" + entry.getKey() + "' is not a view size", ex);
      }
      views.put(size, new View(size, r.text(entry.getValue(), "file"), r.positive(entry.getValue(), "tokens")));
    }
    if (views.isEmpty()) {
      throw new IOException(file + ": vision.views is empty");
    }
    Map<String, String> prompts = new LinkedHashMap<>();
    JsonNode p = r.node(root, "prompts");
    p.fields().forEachRemaining(en -> prompts.put(en.getKey(), en.getValue().asText()));
    JsonNode ngram = r.node(root, "ngram");
    List<Integer> whitelist = new ArrayList<>();
    r.node(ngram, "whitelist").forEach(n -> whitelist.add(n.asInt()));
    return new DeepSeekManifest(
        directory, family, r.text(root, "dtype"), decoder, embeddings, newline, separator, tokens,
        Collections.unmodifiableMap(views), r.positive(vision, "max_tiles"), r.text(root, "default_mode"),
        Collections.unmodifiableMap(prompts), r.text(root, "default_prompt"),
        r.positive(root, "max_total_tokens"), r.positive(ngram, "size"), r.positive(ngram, "window"),
        List.copyOf(whitelist));
  }

  /** The graph file for views of side {@code size}; fails naming the sizes this export has. */
  public View view(int size) throws IOException {
    View v = views.get(size);
    if (v == null) {
      throw new IOException("the model in " + directory + " has no vision graph for " + size + "x" + size
          + " views (it has " + views.keySet() + "); re-export it with the mode you need (export_onnx.py --modes)");
    }
    return v;
  }

  /** Small JSON accessors whose failures name the file and the field. */
  private record Reader(Path file, JsonNode root) {
    JsonNode node(JsonNode parent, String field) throws IOException {
      JsonNode n = parent.get(field);
      if (n == null || n.isNull()) {
        throw new IOException(file + ": missing field '" + field + "'");
      }
      return n;
    }

    String text(JsonNode parent, String field) throws IOException {
      JsonNode n = node(parent, field);
      if (!n.isTextual() || n.asText().isBlank()) {
        throw new IOException(file + ": field '" + field + "' must be a non-empty string");
      }
      return n.asText();
    }

    int positive(JsonNode parent, String field) throws IOException {
      JsonNode n = node(parent, field);
      if (!n.canConvertToInt() || n.asInt() <= 0) {
        throw new IOException(file + ": field '" + field + "' must be a positive integer, got " + n);
      }
      return n.asInt();
    }

    int id(JsonNode parent, String field) throws IOException {
      JsonNode n = node(parent, field);
      if (!n.canConvertToInt() || n.asInt() < 0) {
        throw new IOException(file + ": token id '" + field + "' must be a non-negative integer, got " + n);
      }
      return n.asInt();
    }

    RawTensor vector(JsonNode parent, String field, int length, boolean required) throws IOException {
      JsonNode n = parent.get(field);
      if (n == null || n.isNull()) {
        if (required) {
          throw new IOException(file + ": missing field '" + field + "'");
        }
        return null;
      }
      return new RawTensor(text(n, "file"), text(n, "dtype"), 1, length);
    }
  }
}
