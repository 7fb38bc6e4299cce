package org.groundedocr.solr.page;

import java.util.List;
import java.util.Locale;
import org.groundedocr.model.Box;

/**
 * A IIIF Image API 3.0 image request, {@code {identifier}/{region}/{size}/{rotation}/{quality}.{format}},
 * parsed against a page's size (https://iiif.io/api/image/3.0/#4-image-requests). Supported:
 * region {@code full}, {@code square}, {@code x,y,w,h}, {@code pct:x,y,w,h}; size {@code max},
 * {@code w,}, {@code ,h}, {@code pct:n}, {@code w,h}, {@code !w,h} (each with an optional
 * {@code ^}); rotation {@code 0}, {@code 90}, {@code 180}, {@code 270}, each optionally mirrored
 * ({@code !}); quality {@code default}, {@code color}, {@code gray}, {@code bitonal}; format
 * {@code jpg}, {@code png}.
 */
final class IiifImageRequest {

  private IiifImageRequest() {}

  /** The segments after the identifier: region, size, rotation, quality.format. */
  static PageImageRenderer.Spec parse(String region, String size, String rotation, String qualityFormat,
      int pageWidth, int pageHeight) {
    Box crop = region(region, pageWidth, pageHeight);
    int cw = crop == null ? pageWidth : crop.width();
    int ch = crop == null ? pageHeight : crop.height();

    String s = size.startsWith("^") ? size.substring(1) : size;
    int w = 0;
    int h = 0;
    boolean confined = false;
    if (s.equals("max")) {
      // the region at full size
    } else if (s.startsWith("pct:")) {
      double pct = number(s.substring(4), "size");
      if (pct <= 0) {
        throw bad("size percentage must be > 0: " + size);
      }
      w = Math.max(1, (int) Math.round(cw * pct / 100));
      h = Math.max(1, (int) Math.round(ch * pct / 100));
    } else {
      if (s.startsWith("!")) {
        confined = true;
        s = s.substring(1);
      }
      int comma = s.indexOf(',');
      if (comma < 0) {
        throw bad("size must be max, w,, ,h, pct:n, w,h or !w,h: " + size);
      }
      String ws = s.substring(0, comma);
      String hs = s.substring(comma + 1);
      w = ws.isEmpty() ? 0 : (int) number(ws, "size");
      h = hs.isEmpty() ? 0 : (int) number(hs, "size");
      if ((w <= 0 && h <= 0) || (confined && (w <= 0 || h <= 0))) {
        throw bad("bad size " + size);
      }
    }
    if (!size.startsWith("^") && (w > cw || h > ch)) {
      throw bad("size " + size + " is larger than the region (" + cw + "x" + ch + "): use ^ to upscale");
    }

    boolean mirror = rotation.startsWith("!");
    String r = mirror ? rotation.substring(1) : rotation;
    int degrees;
    switch (r) {
      case "0", "90", "180", "270" -> degrees = Integer.parseInt(r);
      default -> throw bad("rotation must be 0, 90, 180 or 270 (optionally with !): " + rotation);
    }

    int dot = qualityFormat.lastIndexOf('.');
    if (dot < 0) {
      throw bad("quality.format expected, got " + qualityFormat);
    }
    String quality = qualityFormat.substring(0, dot).toLowerCase(Locale.ROOT);
    String format = qualityFormat.substring(dot + 1).toLowerCase(Locale.ROOT);
    if (!List.of("default", "color", "gray", "bitonal").contains(quality)) {
      throw bad("quality must be default, color, gray or bitonal: " + quality);
    }
    if (!format.equals("jpg") && !format.equals("png")) {
      throw bad("format must be jpg or png: " + format);
    }
    return new PageImageRenderer.Spec(crop, w, h, confined, size.startsWith("^"), degrees, mirror,
        quality.equals("color") ? "default" : quality, format.equals("png") ? "png" : "jpeg", 0.85f,
        List.of());
  }

  private static Box region(String region, int pw, int ph) {
    if (region.equals("full")) {
      return null;
    }
    if (region.equals("square")) {
      int side = Math.min(pw, ph);
      int x = (pw - side) / 2;
      int y = (ph - side) / 2;
      return new Box(x, y, x + side, y + side);
    }
    boolean pct = region.startsWith("pct:");
    String[] parts = (pct ? region.substring(4) : region).split(",");
    if (parts.length != 4) {
      throw bad("region must be full, square, x,y,w,h or pct:x,y,w,h: " + region);
    }
    double[] v = new double[4];
    for (int i = 0; i < 4; i++) {
      v[i] = number(parts[i], "region");
    }
    if (pct) {
      v[0] = v[0] * pw / 100;
      v[1] = v[1] * ph / 100;
      v[2] = v[2] * pw / 100;
      v[3] = v[3] * ph / 100;
    }
    if (v[2] <= 0 || v[3] <= 0) {
      throw bad("region width and height must be > 0: " + region);
    }
    int x1 = (int) Math.round(v[0]);
    int y1 = (int) Math.round(v[1]);
    if (x1 >= pw || y1 >= ph) {
      throw bad("region " + region + " lies outside the " + pw + "x" + ph + " image");
    }
    return new Box(x1, y1, Math.min(pw, (int) Math.round(v[0] + v[2])), Math.min(ph, (int) Math.round(v[1] + v[3])));
  }

  private static double number(String s, String what) {
    try {
      double d = Double.parseDouble(s);
      if (d < 0 || Double.isNaN(d) || Double.isInfinite(d)) {
        throw bad("negative or invalid " + what + " value: " + s);
      }
      return d;
    } catch (NumberFormatException e) {
      throw bad("not a number in " + what + ": " + s);
    }
  }

  private static IllegalArgumentException bad(String message) {
    return new IllegalArgumentException(message);
  }
}
