package org.groundedocr.ppocr;

/**
 * One word as the recogniser read it, in the columns of its line's crop (the line sampled 48
 * pixels high, see {@link TextRecognizer}): its text, its first and last inked column ({@code x1}
 * exclusive), its confidence, and the blank columns between it and the word before (0 for a
 * line's first word), and the widest blank run inside it (its own letter spacing).
 *
 * <p>Confidence is the <b>lowest</b> probability among the word's characters (each character's
 * probability being the highest the recogniser gave it over the time steps it was read at): a word
 * is right only if every one of its characters is, so its weakest character bounds its chance of
 * being right, where a mean would hide one doubtful letter in a long word behind the sure ones.
 */
record CropWord(String text, int x0, int x1, double confidence, int gapBefore) {

  /** This word and {@code next} as one word (letters set apart by letter spacing). */
  CropWord join(CropWord next) {
    return new CropWord(text + next.text, x0, next.x1, Math.min(confidence, next.confidence),
        gapBefore);
  }

  /** Whether the word is a single letter (not a digit or a sign). */
  boolean singleLetter() {
    return text.codePointCount(0, text.length()) == 1 && Character.isLetter(text.codePointAt(0));
  }
}
