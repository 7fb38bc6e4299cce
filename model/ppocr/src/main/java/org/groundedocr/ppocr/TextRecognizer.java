package org.groundedocr.ppocr;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.groundedocr.layout.PagePixels;

/**
 * PP-OCRv4 text recognition: each line sampled from the full-resolution page at 48 pixels high
 * (its width following its aspect ratio), lines of similar width batched together and padded to
 * the widest, then CTC greedy decoding. Thread-safe.
 */
final class TextRecognizer {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(TextRecognizer.class);

  static final int HEIGHT = 48;
  /**
   * Narrowest batch. PaddleOCR pads every batch to 320 (its training width); on invoices, where
   * most lines are short cells, that padding was 28 % of all recognition work, and padding only to
   * 96 read the same text in our benchmark.
   */
  static final int MIN_WIDTH = 96;
  /** Lines wider than this (an aspect ratio of 80) are squeezed; no printed line gets there. */
  static final int MAX_WIDTH = 3840;
  /**
   * Widest line of a batch over its narrowest: every batch is padded to its widest line, and the
   * recogniser costs the same per column whether it gets one line or sixteen, so a batch ends
   * where padding would grow past this ratio rather than at a fixed count.
   */
  static final double MAX_WIDTH_SPREAD = 1.1;
  /** Bounds one call's input and its [n, width / 8, 6625] output to a few tens of MB. */
  private static final int MAX_BATCH_WIDTH = 16 * 640;

  private final OrtEnvironment env;
  private final OrtSession session;
  private final String input;
  private final CtcDecoder decoder;
  private final int batchSize;

  TextRecognizer(OrtEnvironment env, OrtSession session, CtcDecoder decoder, int batchSize) {
    this.env = env;
    this.session = session;
    this.input = session.getInputNames().iterator().next();
    this.decoder = decoder;
    this.batchSize = batchSize;
  }

  /**
   * A recognised line: its text (its words joined by spaces), mean character confidence, and its
   * words in the columns of its crop, which is {@code cropWidth} columns wide.
   */
  record Recognized(String text, float score, List<CropWord> words, int cropWidth) {}

  /** The text of each frame, in the order of {@code frames}. */
  List<Recognized> recognize(PagePixels page, List<CropFrame> frames) throws OrtException {
    int n = frames.size();
    int[] widths = new int[n];
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      widths[i] = Math.min(MAX_WIDTH, frames.get(i).scaledWidth(HEIGHT));
      order[i] = i;
    }
    // similar widths together: padding is wasted work
    Arrays.sort(order, Comparator.comparingInt(i -> widths[i]));
    Recognized[] out = new Recognized[n];
    long usedColumns = 0;
    long paddedColumns = 0;
    long sampleNanos = 0;
    long runNanos = 0;
    long decodeNanos = 0;
    int start = 0;
    while (start < n) {
      int end = start + 1;
      int narrowest = Math.max(MIN_WIDTH, widths[order[start]]);
      while (end < n && end - start < batchSize
          && Math.max(MIN_WIDTH, widths[order[end]]) <= narrowest * MAX_WIDTH_SPREAD
          && (end - start + 1) * Math.max(MIN_WIDTH, widths[order[end]]) <= MAX_BATCH_WIDTH) {
        end++;
      }
      int batchWidth = Math.max(MIN_WIDTH, widths[order[end - 1]]);
      int count = end - start;
      paddedColumns += (long) count * batchWidth;
      for (int b = start; b < end; b++) {
        usedColumns += widths[order[b]];
      }
      int perImage = 3 * HEIGHT * batchWidth;
      long t0 = System.nanoTime();
      float[] tensor = new float[count * perImage];
      for (int b = 0; b < count; b++) {
        int i = order[start + b];
        frames.get(i).sample(page, tensor, b * perImage, batchWidth, widths[i], HEIGHT);
      }
      long t1 = System.nanoTime();
      sampleNanos += t1 - t0;
      try (OnnxTensor in = OnnxTensor.createTensor(
              env, FloatBuffer.wrap(tensor), new long[] {count, 3, HEIGHT, batchWidth});
          OrtSession.Result result = session.run(Map.of(input, in))) {
        long t2 = System.nanoTime();
        runNanos += t2 - t1;
        OnnxTensor probs = (OnnxTensor) result.get(0);
        long[] shape = probs.getInfo().getShape();
        int steps = (int) shape[1];
        int classes = (int) shape[2];
        FloatBuffer fb = probs.getFloatBuffer();
        for (int b = 0; b < count; b++) {
          int i = order[start + b];
          // time steps past the line's own width only see padding
          int used = Math.min(steps, (int) Math.ceil((double) steps * widths[i] / batchWidth) + 1);
          CtcDecoder.Decoded d = decoder.decode(fb, b * steps * classes, used, classes);
          int[] inkHeight = new int[1];
          boolean[] ink = WordSpacer.inkColumns(
              tensor, b * perImage, batchWidth, widths[i], HEIGHT, inkHeight);
          List<CropWord> words = LetterSpacedWords.join(
              CropWords.of(d, ink, inkHeight[0]), inkHeight[0]);
          StringBuilder text = new StringBuilder();
          for (CropWord w : words) {
            text.append(text.length() == 0 ? "" : " ").append(w.text());
          }
          out[i] = new Recognized(text.toString(), d.score(), words, widths[i]);
        }
        decodeNanos += System.nanoTime() - t2;
      }
      start = end;
    }
    if (LOG.isDebugEnabled()) {
      LOG.debug("recognised {} lines: {} columns of text, {} with padding; sampling {} ms,"
          + " model {} ms, decoding {} ms", n, usedColumns, paddedColumns, sampleNanos / 1_000_000,
          runNanos / 1_000_000, decodeNanos / 1_000_000);
    }
    return new ArrayList<>(Arrays.asList(out));
  }
}
