package org.groundedocr.it.search;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.groundedocr.model.Box;
import org.groundedocr.model.GroundedDocument;
import org.groundedocr.model.GroundedPage;
import org.groundedocr.model.PageStats;
import org.groundedocr.model.Region;
import org.groundedocr.model.TextLine;

/**
 * A deterministic archive of grounded pages for benchmarks: documents of A4 pages at 150 dpi with a
 * heading, paragraphs (with line boxes, as the PP-OCR engine gives them) and now and then a table,
 * in English-like prose drawn from a Zipf-distributed vocabulary, so term frequencies look like
 * real text (a few very common words, a long tail of rare ones).
 */
final class SyntheticArchive {

  static final int WIDTH = 1240;
  static final int HEIGHT = 1754;

  /** ~600 words of an archive of port, trade and municipal records; earlier words are drawn more often. */
  static final String[] VOCABULARY = (
      "the of and to in a was for on by with at from as that were which be this his had it an are"
      + " is their all or been not have its but one they two more new after year first other into"
      + " than three made over under each between during only most both such per four where when"
      + " harbour port ship ships vessel vessels quay cargo trade tonnes goods customs duty council"
      + " board report annual account accounts year years month months week day days town city"
      + " river channel dock docks pier wharf warehouse warehouses crane cranes grain timber coal"
      + " copper iron steel wool cotton salt fish wine oil tea sugar tobacco flour cement stone"
      + " import imports export exports shipment shipments freight passenger passengers ferry steamer"
      + " sailing schooner barge tug tugs pilot pilots master masters crew crews captain engineer"
      + " harbourmaster light lighthouse buoy buoys beacon signal storm storms gale gales winter"
      + " spring summer autumn north south east west northern southern eastern western coast bay"
      + " island islands sea tide tides depth metres fathoms dredging dredger breakwater jetty"
      + " repair repairs maintenance works construction building rebuilt extension new old"
      + " committee member members chairman secretary treasurer clerk engineer surveyor inspector"
      + " meeting minutes resolved approved rejected proposed motion vote votes budget cost costs"
      + " expenditure revenue income receipts payment payments rate rates rent rents lease tenant"
      + " loan interest debt fund funds capital share shares company companies firm merchant"
      + " merchants agent agents broker insurance claim claims loss damage damages fire collision"
      + " accident inquiry evidence witness court fine penalty licence licences permit regulation"
      + " regulations bylaw bylaws notice notices order orders contract contracts tender tenders"
      + " supply supplies coalyard railway siding sidings station wagon wagons line lines road roads"
      + " bridge bridges tunnel canal lock locks basin basins slipway shipyard yard yards timberyard"
      + " steam engine engines boiler boilers electric electricity gas water drainage sewer"
      + " health hospital quarantine doctor officer officers police watchman gate gates fence"
      + " stores store shed sheds office offices clock bell flag flags mail post letter letters"
      + " telegram telegraph telephone cable record records ledger register registers entry entries"
      + " list lists table tables figure figures statement statements return returns summary total"
      + " increase decrease rise fall higher lower greater less compared previous following above"
      + " below respectively approximately nearly about average value values price prices weight"
      + " quantity quantities tonnage measure measured landed shipped discharged loaded unloaded"
      + " arrived departed sailed entered cleared berthed moored anchored towed salvaged wrecked"
      + " stranded sank lost saved rescued drowned injured killed reported recorded noted observed"
      + " lisbon bordeaux hamburg rotterdam antwerp bergen riga danzig oporto cadiz genoa marseille"
      + " liverpool glasgow dublin cork bristol hull leith newcastle london baltic atlantic biscay"
      + " norway sweden denmark finland spain portugal france italy holland belgium germany russia"
      + " albatross petrel cormorant kittiwake puffin guillemot fulmar gannet heron curlew plover"
      + " granite basalt limestone sandstone slate marble gravel sand clay brick bricks timberwork"
      + " oak pine larch elm beech ash teak mahogany hemp rope ropes chain chains anchor anchors"
      + " shackle shackles varnish paint tar pitch canvas sail sails mast masts spar spars hull"
      + " keel rudder propeller screw paddle wheel wheels deck decks hold holds hatch hatches"
      + " bunker bunkers bunkering coaling watering victualling provisions stores chandler chandlers"
      + " mayor alderman aldermen burgess burgesses freeman freemen guild guilds charter charters"
      + " petition petitions memorial grant grants subsidy subsidies tax taxes toll tolls dues"
      + " levy levies schedule schedules tariff tariffs exemption exemptions refund refunds"
      + " january february march april may june july august september october november december"
      + " monday tuesday wednesday thursday friday saturday sunday morning evening night noon"
      + " midnight hour hours minute minutes early late soon since until before already again"
      + " therefore however moreover accordingly further also still well very much many several"
      + " certain various large small great little long short wide narrow deep shallow heavy light"
      ).split(" ");

  private final Random rnd;
  private final double[] cumulative;

  SyntheticArchive(long seed) {
    rnd = new Random(seed);
    cumulative = new double[VOCABULARY.length];
    double sum = 0;
    for (int i = 0; i < VOCABULARY.length; i++) {
      sum += 1.0 / Math.pow(i + 1, 1.07);
      cumulative[i] = sum;
    }
    for (int i = 0; i < cumulative.length; i++) {
      cumulative[i] /= sum;
    }
  }

  String word() {
    double u = rnd.nextDouble();
    int lo = 0;
    int hi = cumulative.length - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (cumulative[mid] < u) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return VOCABULARY[lo];
  }

  String sentence() {
    int n = 8 + rnd.nextInt(14);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      String w = word();
      sb.append(i == 0 ? Character.toUpperCase(w.charAt(0)) + w.substring(1) : " " + w);
    }
    return sb.append('.').toString();
  }

  /** A document of {@code pages} pages. */
  GroundedDocument document(String source, int pages) {
    List<GroundedPage> out = new ArrayList<>();
    for (int p = 1; p <= pages; p++) {
      out.add(page(p));
    }
    return new GroundedDocument(source, "ppocr", out);
  }

  private GroundedPage page(int number) {
    List<Region> regions = new ArrayList<>();
    int y = 110;
    StringBuilder h = new StringBuilder();
    for (int i = 0, n = 2 + rnd.nextInt(4); i < n; i++) {
      h.append(i == 0 ? "" : " ").append(word());
    }
    String heading = Character.toUpperCase(h.charAt(0)) + h.substring(1);
    regions.add(lined(number == 1 ? "title" : "sub_title", "#".repeat(number == 1 ? 1 : 2) + " " + heading,
        heading, 110, y, 44));
    y += 90;
    int paragraphs = 5 + rnd.nextInt(3);
    for (int i = 0; i < paragraphs && y < HEIGHT - 300; i++) {
      if (i == 2 && rnd.nextInt(4) == 0) {
        Region table = table(y);
        regions.add(table);
        y = table.bbox().y2() + 40;
        continue;
      }
      StringBuilder text = new StringBuilder();
      int sentences = 2 + rnd.nextInt(3);
      for (int s = 0; s < sentences; s++) {
        text.append(s == 0 ? "" : " ").append(sentence());
      }
      Region r = paragraph(text.toString(), 110, y);
      regions.add(r);
      y = r.bbox().y2() + 30;
    }
    regions.add(new Region("page_number", List.of(new Box(600, 1680, 640, 1705)), Integer.toString(number)));
    return new GroundedPage(number, WIDTH, HEIGHT, regions, PageStats.of("ppocr", "", 0));
  }

  /** A paragraph wrapped at ~70 characters a line, 30 px high lines, 13 px a character. */
  private Region paragraph(String text, int x, int y) {
    List<TextLine> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    int ly = y;
    for (String w : text.split(" ")) {
      if (line.length() + w.length() + 1 > 72 && line.length() > 0) {
        lines.add(new TextLine(new Box(x, ly, x + line.length() * 14, ly + 30), line.toString()));
        ly += 40;
        line.setLength(0);
      }
      line.append(line.length() == 0 ? "" : " ").append(w);
    }
    lines.add(new TextLine(new Box(x, ly, x + line.length() * 14, ly + 30), line.toString()));
    Box box = Box.union(lines.stream().map(TextLine::bbox).toList());
    return new Region("text", List.of(box), text, lines);
  }

  private Region lined(String label, String markdown, String plain, int x, int y, int h) {
    Box b = new Box(x, y, x + plain.length() * h / 2, y + h);
    return new Region(label, List.of(b), markdown, List.of(new TextLine(b, plain)));
  }

  private Region table(int y) {
    StringBuilder html = new StringBuilder("<table>");
    int rows = 4 + rnd.nextInt(4);
    for (int r = 0; r < rows; r++) {
      html.append("<tr>");
      for (int c = 0; c < 3; c++) {
        html.append("<td>").append(r == 0 ? word() : Integer.toString(10 + rnd.nextInt(990))).append("</td>");
      }
      html.append("</tr>");
    }
    html.append("</table>");
    return new Region("table", List.of(new Box(110, y, 1130, y + rows * 46)), html.toString());
  }

  /** {@code n} distinct words from ranks {@code [from, to)} of the vocabulary. */
  static List<String> wordsOfRank(int from, int to, int n, Random rnd) {
    Set<String> out = new LinkedHashSet<>();
    while (out.size() < n) {
      out.add(VOCABULARY[from + rnd.nextInt(to - from)]);
    }
    return new ArrayList<>(out);
  }
}
