package org.groundedocr.it.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import org.groundedocr.cli.ScanUploader;
import org.groundedocr.cli.SolrNode;
import org.groundedocr.model.Box;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Highlight boxes against the truth on a page the real pipeline reads: a page image set in Java2D
 * (so every word's box is known), ingested through {@code /update/scan} (PP-OCR in Solr, chunking,
 * page image kept), every word searched at once; each highlight box is compared with the printed
 * word's box at line level (the word's advance across, the font's ascent to descent down; the
 * highlight spans the OCR line's height). At least 95 % must reach IoU 0.5.
 */
class OcrHighlightAccuracyIT {

  private static final String[] PARAGRAPHS = {
    "Quarterly accounts of the harbour board show that copper shipments rose sharply while grain"
        + " exports to Lisbon stayed level and timber imports from the Baltic fell by a fifth",
    "The harbour master reports that dredging of the eastern channel was finished in November and"
        + " that the breakwater was repaired with granite from the Vellan quarry near the river",
    "Passenger traffic recovered fully during the summer months and the ferry carried more"
        + " travellers than in any year since the northern quay was rebuilt after the great storm",
  };

  record Word(String text, Box box) {}

  @TempDir Path data;

  @Test
  void highlightBoxesMatchThePrintedWords() throws Exception {
    List<Word> truth = new ArrayList<>();
    Path page = data.resolve("accounts.png");
    ImageIO.write(render(truth), "png", page.toFile());

    try (SolrNode node = SolrNode.start(new SolrNode.Options(data.resolve("solr"),
        SearchLatencyBenchmark.freePortPair(), "scans", 2, 1, null))) {
      ScanUploader uploader = new ScanUploader(node.baseUrl(), "scans");
      ScanUploader.Result r = uploader.upload(page, Map.of());
      assertTrue(r.ok(), String.valueOf(r.error()));
      uploader.commit();

      Set<String> terms = new LinkedHashSet<>();
      truth.forEach(w -> terms.add(w.text().toLowerCase(Locale.ROOT)));
      String q = "chunk_text:(" + String.join(" ", terms) + ")";
      String url = node.baseUrl() + "/scans/select?wt=json&rows=50&fl=id&fq=doc_type:chunk"
          + "&hl.regions=true&hl.bs.type=WHOLE&q=" + URLEncoder.encode(q, StandardCharsets.UTF_8);
      HttpResponse<String> rsp = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, rsp.statusCode(), rsp.body());
      JsonNode body = new ObjectMapper().readTree(rsp.body());

      int boxes = 0;
      int good = 0;
      List<String> misses = new ArrayList<>();
      Set<String> found = new LinkedHashSet<>();
      for (JsonNode perDoc : body.path("ocrHighlighting")) {
        for (JsonNode snippet : perDoc.path("chunk_text").path("snippets")) {
          for (JsonNode match : snippet.path("highlights")) {
            for (JsonNode b : match) {
              assertTrue(b.path("line").asBoolean(), "PP-OCR gives lines: " + b);
              String text = b.path("text").asText().toLowerCase(Locale.ROOT);
              Box got = new Box(b.path("ulx").asInt(), b.path("uly").asInt(), b.path("lrx").asInt(), b.path("lry").asInt());
              double best = 0; // the best of the printed occurrences of that word
              for (Word w : truth) {
                if (w.text().toLowerCase(Locale.ROOT).equals(text)) {
                  best = Math.max(best, got.iou(w.box()));
                }
              }
              boxes++;
              found.add(text);
              if (best >= 0.5) {
                good++;
              } else {
                misses.add(text + " " + got + " best IoU " + String.format(Locale.ROOT, "%.2f", best));
              }
            }
          }
        }
      }
      System.out.printf(Locale.ROOT, "OCR highlight accuracy: %d/%d boxes at IoU >= 0.5 (%.1f %%); %d of %d distinct words found%n",
          good, boxes, 100.0 * good / Math.max(1, boxes), found.size(), terms.size());
      assertTrue(found.size() >= 0.9 * terms.size(), "OCR found only " + found.size() + " of " + terms.size() + " words");
      assertTrue(good >= 0.95 * boxes, good + "/" + boxes + " boxes at IoU >= 0.5; misses " + misses);
    }
  }

  /** An A4 page at 150 dpi: a heading and three paragraphs in a serif face; word boxes into {@code out}. */
  private static BufferedImage render(List<Word> out) {
    int w = 1240;
    int h = 1754;
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
    Graphics2D g = img.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, w, h);
    g.setColor(new Color(25, 25, 25));
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
    int y = 120;
    Font title = new Font(Font.SANS_SERIF, Font.BOLD, 44);
    g.setFont(title);
    FontMetrics tm = g.getFontMetrics();
    double tx = 110;
    for (String word : "Harbour Board Accounts".split(" ")) {
      double ww = tm.getStringBounds(word, g).getWidth();
      g.drawString(word, (float) tx, y + tm.getAscent());
      out.add(new Word(word, new Box((int) Math.round(tx), y, (int) Math.round(tx + ww), y + tm.getAscent() + tm.getDescent())));
      tx += ww + tm.getStringBounds(" ", g).getWidth();
    }
    y += 110;
    Font body = new Font(Font.SERIF, Font.PLAIN, 28);
    g.setFont(body);
    FontMetrics fm = g.getFontMetrics();
    for (String p : PARAGRAPHS) {
      double x = 110;
      for (String word : p.split(" ")) {
        double ww = fm.getStringBounds(word, g).getWidth();
        if (x + ww > w - 110) {
          x = 110;
          y += (int) (fm.getHeight() * 1.3);
        }
        g.drawString(word, (float) x, y + fm.getAscent());
        // the word at line level: its advance across, the font's ascent to descent down
        out.add(new Word(word, new Box((int) Math.round(x), y, (int) Math.round(x + ww), y + fm.getAscent() + fm.getDescent())));
        x += ww + fm.getStringBounds(" ", g).getWidth();
      }
      y += (int) (fm.getHeight() * 2.2);
    }
    g.dispose();
    return img;
  }
}
