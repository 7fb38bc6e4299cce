package org.groundedocr.deepseek.tokenizer;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * DeepSeek-OCR's tokenizer: the checkpoint's {@code tokenizer.json} (DeepSeek-V3 byte-level BPE plus
 * the OCR special tokens 128815..128826) run by the Hugging Face {@code tokenizers} library through
 * DJL's binding, so that ids are exactly those of the Python reference.
 *
 * <p>The reference encodes text with {@code add_special_tokens=False} and adds BOS itself
 * ({@code [BOS] + [<image>] * N + encode(text)}), and decodes with {@code skip_special_tokens=False}
 * because the grounding tags and {@code <td>}/{@code <tr>} are special tokens (spec §2.1, §2.4):
 * {@link #encode} and {@link #decode(int[])} do exactly that.
 *
 * <p>Thread-safe (the native tokenizer is immutable); close it to free the native memory.
 */
public final class DeepSeekTokenizer implements AutoCloseable {

  /** Beginning of sequence, id 0 in DeepSeek-OCR. */
  public static final String BOS = "<｜begin▁of▁sentence｜>";
  /** End of sequence, id 1: generation stops on it. */
  public static final String EOS = "<｜end▁of▁sentence｜>";
  /** Padding, id 2. */
  public static final String PAD = "<｜▁pad▁｜>";
  /** Image placeholder, id 128815: one per vision embedding in the prompt. */
  public static final String IMAGE = "<image>";
  public static final String REF = "<|ref|>";
  public static final String REF_END = "<|/ref|>";
  public static final String DET = "<|det|>";
  public static final String DET_END = "<|/det|>";
  public static final String GROUNDING = "<|grounding|>";
  /** Table cell start, id 128821: whitelisted by the n-gram no-repeat rule. */
  public static final String TD = "<td>";
  /** Table cell end, id 128822: whitelisted by the n-gram no-repeat rule. */
  public static final String TD_END = "</td>";
  public static final String TR = "<tr>";
  public static final String TR_END = "</tr>";

  private final HuggingFaceTokenizer tokenizer;
  private final Map<String, AddedToken> addedTokens;
  private final Map<Integer, AddedToken> addedById;

  /** A token of {@code tokenizer.json}'s {@code added_tokens}. */
  public record AddedToken(int id, String content, boolean special) {}

  private DeepSeekTokenizer(HuggingFaceTokenizer tokenizer, Map<String, AddedToken> addedTokens) {
    this.tokenizer = tokenizer;
    this.addedTokens = Collections.unmodifiableMap(addedTokens);
    Map<Integer, AddedToken> byId = new LinkedHashMap<>();
    for (AddedToken t : addedTokens.values()) {
      byId.put(t.id(), t);
    }
    this.addedById = Collections.unmodifiableMap(byId);
  }

  /**
   * Loads {@code path}: a {@code tokenizer.json} file or a model directory holding one.
   *
   * @throws IOException when the file cannot be read or is not a tokenizer; the message names it
   */
  public static DeepSeekTokenizer load(Path path) throws IOException {
    Objects.requireNonNull(path, "path");
    Path file = Files.isDirectory(path) ? path.resolve("tokenizer.json") : path;
    if (!Files.isRegularFile(file)) {
      throw new IOException("no tokenizer.json at " + file);
    }
    try (InputStream in = Files.newInputStream(file)) {
      return load(in, file.toString());
    }
  }

  /** Loads the {@code tokenizer.json} read from {@code json}; {@code name} is used in error messages. */
  public static DeepSeekTokenizer load(InputStream json, String name) throws IOException {
    byte[] bytes = json.readAllBytes();
    Map<String, AddedToken> added;
    try {
      added = readAddedTokens(bytes);
    } catch (IOException e) {
      throw new IOException(name + " is not a tokenizer.json: " + e.getMessage(), e);
    }
    HuggingFaceTokenizer hf;
    try {
      hf = HuggingFaceTokenizer.newInstance(new ByteArrayInputStream(bytes), Map.of(
          "addSpecialTokens", "false",
          "truncation", "false",
          "padding", "false",
          "doLowerCase", "false",
          "stripAccents", "false"));
    } catch (RuntimeException e) {
      throw new IOException(name + " cannot be loaded by the tokenizers library: " + e.getMessage(), e);
    }
    return new DeepSeekTokenizer(hf, added);
  }

  /** Token ids of {@code text}; no BOS/EOS is added (special-token strings in the text still match). */
  public int[] encode(String text) {
    Objects.requireNonNull(text, "text");
    if (text.isEmpty()) {
      return new int[0];
    }
    long[] ids = tokenizer.encode(text, false, false).getIds();
    int[] out = new int[ids.length];
    for (int i = 0; i < ids.length; i++) {
      out[i] = Math.toIntExact(ids[i]);
    }
    return out;
  }

  /** Text of {@code ids} with special tokens kept (the reference's {@code skip_special_tokens=False}). */
  public String decode(int[] ids) {
    return decode(ids, false);
  }

  /**
   * Text of {@code ids}. Ids the tokenizer does not know (the model's vocabulary has 129,280 rows,
   * the tokenizer 128,827 ids) are skipped, as the Python library does.
   */
  public String decode(int[] ids, boolean skipSpecialTokens) {
    Objects.requireNonNull(ids, "ids");
    if (ids.length == 0) {
      return "";
    }
    long[] l = new long[ids.length];
    for (int i = 0; i < ids.length; i++) {
      l[i] = ids[i];
    }
    return tokenizer.decode(l, skipSpecialTokens);
  }

  /**
   * The id of {@code token}: an added token ({@link #BOS}, {@link #IMAGE}, …) or a string that
   * encodes to exactly one vocabulary token.
   *
   * @throws IllegalArgumentException when it is neither
   */
  public int tokenId(String token) {
    OptionalInt id = findTokenId(token);
    if (id.isEmpty()) {
      throw new IllegalArgumentException("token '" + token + "' is not a single token of this tokenizer");
    }
    return id.getAsInt();
  }

  /** {@link #tokenId} without the exception. */
  public OptionalInt findTokenId(String token) {
    Objects.requireNonNull(token, "token");
    AddedToken t = addedTokens.get(token);
    if (t != null) {
      return OptionalInt.of(t.id());
    }
    int[] ids = encode(token);
    return ids.length == 1 && decode(ids).equals(token) ? OptionalInt.of(ids[0]) : OptionalInt.empty();
  }

  /** Whether {@code id} is a special token (dropped by {@code decode(ids, true)}). */
  public boolean isSpecial(int id) {
    AddedToken t = addedById.get(id);
    return t != null && t.special();
  }

  /** The added tokens of {@code tokenizer.json} by content, in file order. */
  public Map<String, AddedToken> addedTokens() {
    return addedTokens;
  }

  @Override
  public void close() {
    tokenizer.close();
  }

  /** Reads the top-level {@code added_tokens} array without building the whole (large) JSON tree. */
  private static Map<String, AddedToken> readAddedTokens(byte[] json) throws IOException {
    Map<String, AddedToken> out = new LinkedHashMap<>();
    boolean sawModel = false;
    try (JsonParser p = new JsonFactory().createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException("expected a JSON object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        if (field.equals("added_tokens") && value == JsonToken.START_ARRAY) {
          while (p.nextToken() == JsonToken.START_OBJECT) {
            Integer id = null;
            String content = null;
            boolean special = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
              String f = p.currentName();
              p.nextToken();
              switch (f) {
                case "id" -> id = p.getIntValue();
                case "content" -> content = p.getText();
                case "special" -> special = p.getBooleanValue();
                default -> p.skipChildren();
              }
            }
            if (id == null || content == null) {
              throw new IOException("added token without id or content");
            }
            out.put(content, new AddedToken(id, content, special));
          }
        } else {
          sawModel |= field.equals("model");
          p.skipChildren();
        }
      }
    }
    if (!sawModel) {
      throw new IOException("no \"model\" section");
    }
    return out;
  }
}
