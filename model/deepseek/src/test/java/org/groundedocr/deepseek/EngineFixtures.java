package org.groundedocr.deepseek;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.groundedocr.engine.Device;
import org.groundedocr.engine.EngineConfig;

/**
 * The engine parity fixtures in {@code src/test/resources/deepseek/engine} (tiny random-weight exports
 * of both families and reference token ids; see the README there for how they are made).
 */
final class EngineFixtures {

  private EngineFixtures() {}

  static Path root() {
    try {
      return Path.of(EngineFixtures.class.getResource("/deepseek/engine").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static Path modelDir(String family) {
    return root().resolve(family).resolve("model");
  }

  static Path image(String name) {
    return root().resolve("images").resolve(name);
  }

  /** One reference run: the image, the engine options and the ids PyTorch generated. */
  record Case(String family, String image, Map<String, String> options, int[] tokenIds, boolean finished,
      int imageTokens, int promptTokens, int ngramChanges) {

    EngineConfig config() {
      return new EngineConfig("deepseek", Device.CPU, modelDir(family), options);
    }

    @Override
    public String toString() {
      return family + " " + image + " " + options;
    }
  }

  static List<Case> cases(String family) {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(root().resolve(family).resolve("cases.json").toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<Case> out = new ArrayList<>();
    for (JsonNode c : root.get("cases")) {
      Map<String, String> options = new HashMap<>();
      options.put(DeepSeekOptions.MODE, c.get("mode").asText());
      options.put(DeepSeekOptions.MAX_NEW_TOKENS, c.get("max_new_tokens").asText());
      options.put(DeepSeekOptions.THREADS, "1");
      if (c.has("task")) {
        options.put(DeepSeekOptions.TASK, c.get("task").asText());
      }
      if (c.has("max_tiles")) {
        options.put(DeepSeekOptions.MAX_TILES, c.get("max_tiles").asText());
      }
      if (c.has("ngram_size")) {
        options.put(DeepSeekOptions.NGRAM_SIZE, c.get("ngram_size").asText());
      }
      if (c.has("ngram_window")) {
        options.put(DeepSeekOptions.NGRAM_WINDOW, c.get("ngram_window").asText());
      }
      int[] ids = new int[c.get("token_ids").size()];
      for (int i = 0; i < ids.length; i++) {
        ids[i] = c.get("token_ids").get(i).asInt();
      }
      out.add(new Case(family, c.get("image").asText(), Map.copyOf(options), ids, c.get("finished").asBoolean(),
          c.get("image_tokens").asInt(), c.get("prompt_tokens").asInt(), c.get("ngram_changes").asInt()));
    }
    return out;
  }
}
