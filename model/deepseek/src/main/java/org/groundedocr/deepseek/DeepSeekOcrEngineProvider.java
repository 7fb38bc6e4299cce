package org.groundedocr.deepseek;

import org.groundedocr.engine.EngineConfig;
import org.groundedocr.engine.EngineSetting;
import org.groundedocr.engine.EngineSettings;
import org.groundedocr.engine.OcrEngine;
import org.groundedocr.engine.OcrEngineProvider;
import org.groundedocr.engine.OcrException;

/**
 * Registers the DeepSeek-OCR engines under the name {@value DeepSeekOcrEngine#NAME}: the batched
 * {@link DeepSeekBatchEngine} (pages decoded together by continuous batching in the step decoder,
 * or in waves through {@code generate.onnx}; for GPUs) when the configuration sets
 * {@value DeepSeekBatchEngine#BATCH_SIZE}, otherwise the page-at-a-time {@link DeepSeekOcrEngine}.
 */
public final class DeepSeekOcrEngineProvider implements OcrEngineProvider {

  /** The settings both DeepSeek engines take; defaults left empty come from the model's manifest. */
  static final EngineSettings SETTINGS = EngineSettings.of(DeepSeekOcrEngine.NAME,
      EngineSetting.choice(DeepSeekOptions.MODE, "", "resolution mode (OCR 2 has `gundam`, alias"
          + " `default`); default: the model's", "tiny", "small", "base", "large", "gundam", "default"),
      EngineSetting.choice(DeepSeekOptions.TASK, "markdown", "`markdown` is grounded Markdown (regions"
          + " with boxes); the others are the model's other prompts",
          DeepSeekOptions.TASKS.toArray(String[]::new)),
      EngineSetting.text(DeepSeekOptions.QUERY, "", "what task `locate` looks for"),
      EngineSetting.text(DeepSeekOptions.PROMPT, "", "a prompt of one's own containing `<image>`"
          + " (overrides task)"),
      EngineSetting.integer(DeepSeekOptions.MAX_NEW_TOKENS, DeepSeekOptions.DEFAULT_MAX_NEW_TOKENS, 1,
          8192, "generated tokens per page at most; prompt + output never exceed the model's 8192"),
      EngineSetting.integer(DeepSeekOptions.NGRAM_SIZE, 0, 1024, "no-repeat n-gram size, 0 disables"
          + " the rule; default: the model's (30)"),
      EngineSetting.integer(DeepSeekOptions.NGRAM_WINDOW, 0, 8192, "window (tokens) of the"
          + " no-repeat rule; default: the model's (90)"),
      EngineSetting.text(DeepSeekOptions.NGRAM_WHITELIST, "", "token ids the n-gram rule never bans,"
          + " comma-separated, or `none`; default: the ids of `<td>` and `</td>`"),
      EngineSetting.integer(DeepSeekOptions.MAX_TILES, 2, 64, "Gundam tiles at most; default: the model's (6)"),
      EngineSetting.integer(DeepSeekOptions.THREADS, 0, 0, 1024, "ONNX Runtime intra-op threads per"
          + " session (0: all cores)"),
      EngineSetting.integer(DeepSeekBatchEngine.BATCH_SIZE, 1, 4096, "pages decoded together; setting it"
          + " selects the batch engine (GPU)"),
      EngineSetting.integer(DeepSeekBatchEngine.QUEUE_CAPACITY, 1, 100_000, "batch engine: pages"
          + " waiting at most (a full queue blocks the caller); default: twice batchSize"),
      EngineSetting.choice(DeepSeekBatchEngine.DECODER, "", "batch engine: `step` (continuous batching,"
          + " the default when the export has decode_step.onnx) or `loop` (waves through generate.onnx)",
          "step", "loop"),
      EngineSetting.integer(DeepSeekBatchEngine.KV_CAPACITY, 1, 65_536, "batch engine, step decoder:"
          + " cache positions per page (prompt + output); default: min(the model's 8192, 4096)"),
      EngineSetting.choice(DeepSeekBatchEngine.DECODE_GRAPH, "auto", "batch engine, step decoder: decode"
          + " steps as CUDA graphs (`auto`: on CUDA when the export has decode_graph.onnx)",
          "auto", "on", "off"));

  @Override
  public String name() {
    return DeepSeekOcrEngine.NAME;
  }

  @Override
  public EngineSettings settings() {
    return SETTINGS;
  }

  @Override
  public OcrEngine create(EngineConfig config) throws OcrException {
    if (config.options().containsKey(DeepSeekBatchEngine.BATCH_SIZE)) {
      return DeepSeekBatchEngine.open(config);
    }
    return DeepSeekOcrEngine.open(config);
  }
}
