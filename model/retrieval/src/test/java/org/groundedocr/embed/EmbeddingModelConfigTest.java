package org.groundedocr.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddingModelConfigTest {

  @Test
  void readsEmbeddingJson(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("embedding.json"),
        "{\"pooling\": \"CLS\", \"normalize\": false, \"maxLength\": 256, \"queryPrefix\": \"q: \","
            + " \"passagePrefix\": \"p: \", \"model\": \"m.onnx\"}");
    EmbeddingModelConfig c = EmbeddingModelConfig.read(dir);
    assertEquals(Pooling.CLS, c.pooling());
    assertEquals(false, c.normalize());
    assertEquals(256, c.maxLength());
    assertEquals("q: ", c.queryPrefix());
    assertEquals("p: ", c.passagePrefix());
    assertEquals("m.onnx", c.modelFile());
    assertEquals("tokenizer.json", c.tokenizerFile());
  }

  @Test
  void readsASentenceTransformersExport(@TempDir Path dir) throws Exception {
    Files.createDirectories(dir.resolve("1_Pooling"));
    Files.writeString(dir.resolve("1_Pooling/config.json"),
        "{\"word_embedding_dimension\": 512, \"pooling_mode_cls_token\": false, \"pooling_mode_mean_tokens\": true}");
    Files.writeString(dir.resolve("sentence_bert_config.json"), "{\"max_seq_length\": 128}");
    EmbeddingModelConfig c = EmbeddingModelConfig.read(dir);
    assertEquals(Pooling.MEAN, c.pooling());
    assertEquals(128, c.maxLength());
    assertTrue(c.normalize());
  }

  @Test
  void refusesToGuessThePooling(@TempDir Path dir) throws Exception {
    EmbeddingException e = assertThrows(EmbeddingException.class, () -> EmbeddingModelConfig.read(dir));
    assertTrue(e.getMessage().contains("embedding.json"), e.getMessage());

    Files.writeString(dir.resolve("embedding.json"), "{\"normalize\": true}");
    e = assertThrows(EmbeddingException.class, () -> EmbeddingModelConfig.read(dir));
    assertTrue(e.getMessage().contains("'pooling'"), e.getMessage());

    Files.writeString(dir.resolve("embedding.json"), "{\"pooling\": \"max\"}");
    e = assertThrows(EmbeddingException.class, () -> EmbeddingModelConfig.read(dir));
    assertTrue(e.getMessage().contains("cls or mean"), e.getMessage());
  }

  @Test
  void aModelDirectoryMustHoldTheModelAndTokenizer(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("embedding.json"), "{\"pooling\": \"mean\"}");
    EmbeddingException e = assertThrows(EmbeddingException.class, () -> EmbeddingModelFiles.directory(dir));
    assertTrue(e.getMessage().contains("model.onnx"), e.getMessage());
    e = assertThrows(EmbeddingException.class, () -> EmbeddingModelFiles.directory(dir.resolve("nope")));
    assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
  }
}
