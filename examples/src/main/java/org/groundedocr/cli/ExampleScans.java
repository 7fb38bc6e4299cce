package org.groundedocr.cli;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.graphics.image.JPEGFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;

/**
 * The demo's example documents, made by the project (no third-party images): a two-page scanned
 * report (a PDF of page images, read by OCR), a scanned invoice (JPEG) and a born-digital notice (a
 * PDF with a text layer). Pages are set in Java2D at 150 dpi and "scanned": grey paper, a slight
 * skew, sensor noise and dust, from a fixed seed so every build makes the same files.
 *
 * <p>The build runs {@link #main} (examples/pom.xml, phase {@code process-classes}) to write them
 * into the jar ({@code example-scans/}) and to {@code examples/target/example-scans/}.
 */
public final class ExampleScans {

  /** The files, in the order the demo ingests them. */
  public static final List<String> FILES =
      List.of("harbour-report.pdf", "invoice-0042.jpg", "notice-to-mariners.pdf");

  static final String RESOURCE_DIR = "/example-scans/";
  private static final int W = 1240;
  private static final int H = 1754;
  private static final int MARGIN = 110;

  private ExampleScans() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println("usage: ExampleScans OUTPUT_DIR");
      System.exit(2);
    }
    write(Path.of(args[0]));
  }

  /** Writes the example files into {@code dir}. */
  public static List<Path> write(Path dir) throws IOException {
    Files.createDirectories(dir);
    Random rnd = new Random(20240314L);
    List<Path> out = new ArrayList<>();
    Path report = dir.resolve(FILES.get(0));
    scannedPdf(report, List.of(scan(reportPage1(), rnd, 0.25), scan(reportPage2(), rnd, -0.2)));
    out.add(report);
    Path invoice = dir.resolve(FILES.get(1));
    writeJpeg(scan(invoicePage(), rnd, 0.15), invoice);
    out.add(invoice);
    Path notice = dir.resolve(FILES.get(2));
    noticePdf(notice);
    out.add(notice);
    return out;
  }

  /** Copies the files built into the jar to {@code dir}. */
  public static List<Path> extract(Path dir) throws IOException {
    Files.createDirectories(dir);
    List<Path> out = new ArrayList<>();
    for (String name : FILES) {
      try (InputStream in = ExampleScans.class.getResourceAsStream(RESOURCE_DIR + name)) {
        if (in == null) {
          return write(dir); // running from classes without the build step: make them now
        }
        Path target = dir.resolve(name);
        Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        out.add(target);
      }
    }
    return out;
  }

  // ---- pages ----

  private static final class Pen {
    final Graphics2D g;
    int y = MARGIN;

    Pen(BufferedImage img) {
      g = img.createGraphics();
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, img.getWidth(), img.getHeight());
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
      g.setColor(new Color(20, 20, 20));
    }

    void line(String text, Font font, int x) {
      g.setFont(font);
      FontMetrics fm = g.getFontMetrics();
      g.drawString(text, x, y + fm.getAscent());
      y += (int) (fm.getHeight() * 1.25);
    }

    void centred(String text, Font font) {
      g.setFont(font);
      FontMetrics fm = g.getFontMetrics();
      g.drawString(text, (W - fm.stringWidth(text)) / 2, y + fm.getAscent());
      y += (int) (fm.getHeight() * 1.3);
    }

    /** Wraps {@code text} to the text column, justified left. */
    void paragraph(String text, Font font) {
      g.setFont(font);
      FontMetrics fm = g.getFontMetrics();
      int width = W - 2 * MARGIN;
      StringBuilder line = new StringBuilder();
      for (String word : text.split(" ")) {
        String next = line.length() == 0 ? word : line + " " + word;
        if (fm.stringWidth(next) > width && line.length() > 0) {
          line(line.toString(), font, MARGIN);
          line = new StringBuilder(word);
        } else {
          line = new StringBuilder(next);
        }
      }
      if (line.length() > 0) {
        line(line.toString(), font, MARGIN);
      }
      y += fm.getHeight() / 2;
    }

    void gap(int px) {
      y += px;
    }

    /** A ruled table: column x offsets from the margin, first row bold. */
    void table(String[][] rows, int[] columns, Font font, Font bold) {
      int rowH = 46;
      int right = W - MARGIN;
      g.setStroke(new BasicStroke(2f));
      int top = y;
      for (int r = 0; r < rows.length; r++) {
        g.drawLine(MARGIN, y, right, y);
        Font f = r == 0 ? bold : font;
        g.setFont(f);
        FontMetrics fm = g.getFontMetrics();
        for (int c = 0; c < rows[r].length; c++) {
          g.drawString(rows[r][c], MARGIN + columns[c] + 12, y + (rowH + fm.getAscent() - fm.getDescent()) / 2);
        }
        y += rowH;
      }
      g.drawLine(MARGIN, y, right, y);
      for (int c = 0; c < columns.length; c++) {
        g.drawLine(MARGIN + columns[c], top, MARGIN + columns[c], y);
      }
      g.drawLine(right, top, right, y);
      y += 30;
    }

    void pageNumber(String n, Font font) {
      g.setFont(font);
      FontMetrics fm = g.getFontMetrics();
      g.drawString(n, (W - fm.stringWidth(n)) / 2, H - 70);
    }
  }

  private static Font serif(int size) {
    return new Font(Font.SERIF, Font.PLAIN, size);
  }

  private static Font sans(int size, int style) {
    return new Font(Font.SANS_SERIF, style, size);
  }

  static BufferedImage reportPage1() {
    BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_BYTE_GRAY);
    Pen p = new Pen(img);
    p.centred("Annual Report 2024", sans(52, Font.BOLD));
    p.centred("Harbour Authority of Port Meridian", sans(32, Font.PLAIN));
    p.gap(30);
    p.line("1. Trade volumes", sans(34, Font.BOLD), MARGIN);
    p.gap(6);
    p.paragraph("The copper shipments rose sharply in the third quarter, when the new cranes on the"
        + " northern quay came into service. Grain exports to Lisbon stayed level with last year,"
        + " while timber imports from the Baltic fell by a fifth after the spring storms closed the"
        + " eastern channel for six weeks.", serif(27));
    p.paragraph("Passenger traffic recovered fully: the ferry to Saint Aubin carried more travellers"
        + " than in any year since the harbour was rebuilt, and cruise calls doubled.", serif(27));
    p.gap(10);
    p.line("Table 1. Tonnage handled by quay (thousand tonnes)", serif(25), MARGIN);
    p.gap(4);
    p.table(new String[][] {
        {"Quay", "2023", "2024", "Change"},
        {"Northern", "412", "486", "+18 %"},
        {"Eastern", "298", "251", "-16 %"},
        {"Southern", "175", "181", "+3 %"},
        {"Total", "885", "918", "+4 %"}}, new int[] {0, 420, 620, 820}, serif(27), sans(27, Font.BOLD));
    p.paragraph("The board approved a budget of four million euros for a second grain silo, to be"
        + " built beside the southern quay in the coming two years.", serif(27));
    p.pageNumber("1", serif(24));
    p.g.dispose();
    return img;
  }

  static BufferedImage reportPage2() {
    BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_BYTE_GRAY);
    Pen p = new Pen(img);
    p.line("2. Maintenance and dredging", sans(34, Font.BOLD), MARGIN);
    p.gap(6);
    p.paragraph("Dredging of the approach channel to a depth of fourteen metres was completed in"
        + " November. The eastern breakwater was repaired with four thousand tonnes of granite from"
        + " the Vellan quarry, and the lighthouse lamp was replaced by a low-power lantern.", serif(27));
    // a bar chart
    int x0 = MARGIN + 60;
    int base = p.y + 420;
    Graphics2D g = p.g;
    g.setStroke(new BasicStroke(3f));
    g.drawLine(x0, p.y + 20, x0, base);
    g.drawLine(x0, base, W - MARGIN - 40, base);
    int[] tonnes = {31, 28, 35, 38, 41, 44, 47, 45, 43, 42, 40, 52};
    String[] months = {"J", "F", "M", "A", "M", "J", "J", "A", "S", "O", "N", "D"};
    g.setFont(serif(22));
    for (int i = 0; i < tonnes.length; i++) {
      int bx = x0 + 25 + i * 72;
      int bh = tonnes[i] * 7;
      g.setColor(new Color(110, 110, 110));
      g.fillRect(bx, base - bh, 44, bh);
      g.setColor(new Color(20, 20, 20));
      g.drawString(months[i], bx + 14, base + 30);
    }
    p.y = base + 60;
    p.line("Figure 1. Monthly tonnage at the northern quay, 2024.", serif(25), MARGIN);
    p.gap(24);
    p.paragraph("The harbour master thanks the pilots and the crews of the tugboats Albatross and"
        + " Petrel, who brought every vessel safely alongside during the winter gales.", serif(27));
    p.pageNumber("2", serif(24));
    p.g.dispose();
    return img;
  }

  static BufferedImage invoicePage() {
    BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_BYTE_GRAY);
    Pen p = new Pen(img);
    p.line("INVOICE", sans(56, Font.BOLD), MARGIN);
    p.gap(10);
    p.line("Meridian Ship Chandlers Ltd", sans(30, Font.BOLD), MARGIN);
    p.line("14 Quay Street, Port Meridian", serif(26), MARGIN);
    p.gap(30);
    p.line("Invoice No. 0042        Date: 14 March 2024", serif(27), MARGIN);
    p.line("Customer: Harbour Authority of Port Meridian", serif(27), MARGIN);
    p.gap(30);
    p.table(new String[][] {
        {"Description", "Qty", "Unit price", "Amount"},
        {"Manila rope 40 mm, 100 m", "2", "210.00", "420.00"},
        {"Anchor shackle, galvanised", "6", "38.50", "231.00"},
        {"Marine varnish, 5 litres", "3", "64.50", "193.50"},
        {"Brass navigation lamp", "4", "110.00", "440.00"}}, new int[] {0, 560, 680, 860}, serif(26),
        sans(26, Font.BOLD));
    p.gap(10);
    p.line("Total due: EUR 1,284.50", sans(30, Font.BOLD), W - MARGIN - 420);
    p.gap(40);
    p.paragraph("Payment within 30 days to account 4021 7730 at the Meridian Savings Bank. Thank you"
        + " for your custom.", serif(26));
    p.g.dispose();
    return img;
  }

  /** Grey paper, a slight skew, noise and dust: what a flatbed scanner makes of a clean page. */
  static BufferedImage scan(BufferedImage page, Random rnd, double skewDegrees) {
    BufferedImage out = new BufferedImage(W, H, BufferedImage.TYPE_BYTE_GRAY);
    Graphics2D g = out.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, W, H);
    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.drawImage(page, AffineTransform.getRotateInstance(Math.toRadians(skewDegrees), W / 2.0, H / 2.0), null);
    g.dispose();
    WritableRaster r = out.getRaster();
    for (int y = 0; y < H; y++) {
      for (int x = 0; x < W; x++) {
        int v = r.getSample(x, y, 0);
        // paper at ~238, ink at ~30, plus sensor noise
        double shade = 30 + (238 - 30) * (v / 255.0) + rnd.nextGaussian() * 3;
        r.setSample(x, y, 0, (int) Math.max(0, Math.min(255, shade)));
      }
    }
    for (int i = 0; i < 250; i++) {
      int x = rnd.nextInt(W - 3);
      int y = rnd.nextInt(H - 3);
      int s = 1 + rnd.nextInt(2);
      for (int dy = 0; dy < s; dy++) {
        for (int dx = 0; dx < s; dx++) {
          r.setSample(x + dx, y + dy, 0, 70 + rnd.nextInt(60));
        }
      }
    }
    return out;
  }

  private static void writeJpeg(BufferedImage img, Path file) throws IOException {
    javax.imageio.ImageWriter w = ImageIO.getImageWritersByFormatName("jpeg").next();
    try (javax.imageio.stream.ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
      w.setOutput(out);
      javax.imageio.ImageWriteParam p = w.getDefaultWriteParam();
      p.setCompressionMode(javax.imageio.ImageWriteParam.MODE_EXPLICIT);
      p.setCompressionQuality(0.85f);
      w.write(null, new javax.imageio.IIOImage(img, null, null), p);
    } finally {
      w.dispose();
    }
  }

  private static void scannedPdf(Path file, List<BufferedImage> pages) throws IOException {
    try (PDDocument doc = new PDDocument()) {
      for (BufferedImage img : pages) {
        PDPage page = new PDPage(PDRectangle.A4);
        doc.addPage(page);
        PDImageXObject x = JPEGFactory.createFromImage(doc, img, 0.85f);
        try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
          cs.drawImage(x, 0, 0, PDRectangle.A4.getWidth(), PDRectangle.A4.getHeight());
        }
      }
      doc.getDocumentInformation().setTitle("Annual Report 2024");
      doc.save(file.toFile());
    }
  }

  private static void noticePdf(Path file) throws IOException {
    PDType1Font body = new PDType1Font(Standard14Fonts.FontName.TIMES_ROMAN);
    PDType1Font bold = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
    String[] paragraph1 = {
        "The eastern channel will be closed for dredging between 3 and 17 June.",
        "Vessels of more than 5,000 tonnes must request a pilot at least six hours",
        "before arrival and keep to the western approach while the dredger works."};
    String[] paragraph2 = {
        "The green light buoy at the entrance of the eastern channel has been moved",
        "forty metres to the north. Mariners are asked to report any unlit buoy",
        "to the harbour master on VHF channel 12."};
    try (PDDocument doc = new PDDocument()) {
      PDPage page = new PDPage(PDRectangle.A4);
      doc.addPage(page);
      try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
        float y = PDRectangle.A4.getHeight() - 80;
        y = text(cs, bold, 22, 60, y, "Notice to Mariners No. 7") - 14;
        y = text(cs, body, 13, 60, y, "Harbour Authority of Port Meridian, 28 May 2024") - 20;
        for (String l : paragraph1) {
          y = text(cs, body, 13, 60, y, l);
        }
        y -= 12;
        for (String l : paragraph2) {
          y = text(cs, body, 13, 60, y, l);
        }
      }
      doc.getDocumentInformation().setTitle("Notice to Mariners No. 7");
      doc.save(file.toFile());
    }
  }

  private static float text(PDPageContentStream cs, PDType1Font font, float size, float x, float y, String s)
      throws IOException {
    cs.beginText();
    cs.setFont(font, size);
    cs.newLineAtOffset(x, y);
    cs.showText(s);
    cs.endText();
    return y - size * 1.45f;
  }

}
