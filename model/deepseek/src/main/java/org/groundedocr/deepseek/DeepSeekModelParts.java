package org.groundedocr.deepseek;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.groundedocr.deepseek.preprocess.ViewSpec;
import org.groundedocr.deepseek.tokenizer.DeepSeekTokenizer;
import org.groundedocr.engine.Device;
import org.groundedocr.engine.OcrException;
import org.groundedocr.onnx.OrtSupport;

/**
 * What both DeepSeek engines open from a model directory before their decoder: the tokenizer
 * (checked against the manifest's token ids), the memory-mapped embedding table, the
 * newline/separator vectors and one vision session per view size the mode needs. Everything opened
 * is added to the caller's list, so that a failure later in the caller's set-up closes it all
 * through {@link #failed}.
 */
final class DeepSeekModelParts {

  final DeepSeekTokenizer tokenizer;
  final RawTensorFile embeddings;
  final float[] newline;
  final float[] separator;
  final Map<Integer, DeepSeekVision> vision;
  final OrtSession.SessionOptions sessionOptions;

  private DeepSeekModelParts(DeepSeekTokenizer tokenizer, RawTensorFile embeddings, float[] newline,
      float[] separator, Map<Integer, DeepSeekVision> vision, OrtSession.SessionOptions sessionOptions) {
    this.tokenizer = tokenizer;
    this.embeddings = embeddings;
    this.newline = newline;
    this.separator = separator;
    this.vision = vision;
    this.sessionOptions = sessionOptions;
  }

  static DeepSeekModelParts open(DeepSeekManifest manifest, ViewSpec spec, Device device, int threads,
      List<AutoCloseable> opened) throws IOException, OrtException {
    Path dir = manifest.directory();
    DeepSeekTokenizer tokenizer = DeepSeekTokenizer.load(dir.resolve("tokenizer.json"));
    opened.add(tokenizer);
    checkTokens(manifest, tokenizer);
    int hidden = manifest.decoder().hiddenSize();
    RawTensorFile embeddings = mapTensor(manifest, manifest.embeddings());
    float[] newline = manifest.imageNewline() == null ? null : mapTensor(manifest, manifest.imageNewline()).row(0);
    float[] separator = mapTensor(manifest, manifest.viewSeparator()).row(0);
    OrtEnvironment env = OrtSupport.environment();
    OrtSession.SessionOptions so = OrtSupport.options(device, threads);
    Map<Integer, DeepSeekVision> vision = new LinkedHashMap<>();
    List<Integer> sizes = new ArrayList<>(List.of(spec.globalSize()));
    if (spec.cropMode() && spec.tileSize() != spec.globalSize()) {
      sizes.add(spec.tileSize());
    }
    for (int size : sizes) {
      DeepSeekManifest.View v = manifest.view(size);
      Path file = existing(dir, v.file());
      DeepSeekVision vs = new DeepSeekVision(env, OrtSupport.createSession(file, so), size, v.tokens(), hidden);
      opened.add(vs);
      vision.put(size, vs);
    }
    return new DeepSeekModelParts(tokenizer, embeddings, newline, separator, vision, so);
  }

  /** {@code dir/file}, or an error naming it when it is not there. */
  static Path existing(Path dir, String file) throws IOException {
    Path p = dir.resolve(file);
    if (!Files.isRegularFile(p)) {
      throw new IOException("missing " + p);
    }
    return p;
  }

  /** Closes what was opened and says which model directory could not be opened, and why. */
  static OcrException failed(Path dir, List<AutoCloseable> opened, Exception e) {
    for (AutoCloseable c : opened) {
      try {
        c.close();
      } catch (Exception suppressed) {
        e.addSuppressed(suppressed);
      }
    }
    return new OcrException("cannot open the DeepSeek-OCR model in " + dir + ": " + e.getMessage(), e);
  }

  private static RawTensorFile mapTensor(DeepSeekManifest m, DeepSeekManifest.RawTensor t) throws IOException {
    return RawTensorFile.map(existing(m.directory(), t.file()), t.rows(), t.cols(), RawTensorFile.DType.parse(t.dtype()));
  }

  private static void checkTokens(DeepSeekManifest m, DeepSeekTokenizer tok) throws IOException {
    int image = tok.findTokenId(DeepSeekTokenizer.IMAGE).orElse(-1);
    int eos = tok.findTokenId(DeepSeekTokenizer.EOS).orElse(-1);
    if (image != m.tokens().image() || eos != m.tokens().eos()) {
      throw new IOException("manifest.json and tokenizer.json disagree on the ids of <image> (" + m.tokens().image()
          + " vs " + image + ") or EOS (" + m.tokens().eos() + " vs " + eos + ")");
    }
  }
}
