package org.groundedocr.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code grounded-ocr search}: hits with document, page, label, snippet and boxes on the page. */
@Command(
    name = "search",
    mixinStandardHelpOptions = true,
    description = {
      "Search the ingested scans. Each hit is a chunk: its document, page(s), layout labels,",
      "the best snippet, the regions holding the matches and the boxes of the matched words",
      "on the page (page pixels unless --coords says otherwise)."
    })
public final class SearchCommand implements Callable<Integer> {

  @Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--solr", defaultValue = "http://localhost:8983/solr", description = "Solr URL; default ${DEFAULT-VALUE}")
  String solr;

  @Option(names = "--collection", defaultValue = "scans", description = "collection; default ${DEFAULT-VALUE}")
  String collection;

  @picocli.CommandLine.Mixin SolrUserOption user;

  @Option(names = "--json", description = "print the hits as JSON")
  boolean json;

  @Option(names = "--label", description = "only chunks with a region of this layout label (title, text, table, …)")
  String label;

  @Option(names = "--page", description = "only chunks on this page")
  Integer page;

  @Option(names = "--area", paramLabel = "X1,Y1,X2,Y2",
      description = "only chunks with a region in this area of --page (0-1 of the page, top-left origin)")
  String area;

  @Option(names = "--rows", defaultValue = "10", description = "hits to show; default ${DEFAULT-VALUE}")
  int rows;

  @Option(names = "--coords", defaultValue = "absolute",
      description = "absolute (page pixels), region (highlights relative to their region) or relative (0-1); default ${DEFAULT-VALUE}")
  String coords;

  @Parameters(arity = "1..*", paramLabel = "QUERY", description = "words, \"a phrase\", field:value …")
  List<String> query;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    String coordinates = coords.toLowerCase(Locale.ROOT);
    if (!List.of("absolute", "region", "relative").contains(coordinates)) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--coords is absolute, region or relative");
    }
    if (area != null && page == null) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--area needs --page");
    }
    SolrCredentials credentials = user.credentials(solr);
    SearchClient client = new SearchClient(solr, collection, credentials);
    boolean ansi = !json && System.console() != null && System.getenv("NO_COLOR") == null;
    SearchClient.Query q = new SearchClient.Query(String.join(" ", query), label, page, area, rows,
        coordinates, json ? "<em>" : ansi ? "\u001b[1;43m" : "**", json ? "</em>" : ansi ? "\u001b[0m" : "**");
    SearchClient.Result result;
    try {
      result = client.search(q);
    } catch (java.net.ConnectException e) {
      err.println("cannot reach Solr at " + SolrCredentials.withoutUserInfo(solr) + " (start it with: java -jar grounded-ocr.jar serve)");
      return 1;
    } catch (java.io.IOException e) {
      err.println("search failed: " + e.getMessage());
      return 1;
    }
    if (json) {
      out.println(toJson(result, solr));
    } else {
      print(out, result, solr);
    }
    out.flush();
    return 0;
  }

  static String toJson(SearchClient.Result result, String solrUrl) throws Exception {
    ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = m.createObjectNode();
    root.put("numFound", result.numFound());
    root.put("millis", result.millis());
    ArrayNode hits = root.putArray("hits");
    String origin = origin(solrUrl);
    for (SearchClient.Hit h : result.hits()) {
      ObjectNode n = hits.addObject();
      n.put("id", h.id());
      n.put("document", h.document());
      n.put("source", h.source());
      if (h.title() != null) {
        n.put("title", h.title());
      }
      n.put("score", h.score());
      ArrayNode pages = n.putArray("pages");
      h.pages().forEach(pages::add);
      ArrayNode labels = n.putArray("labels");
      h.labels().forEach(labels::add);
      n.put("snippet", h.snippet());
      ArrayNode regions = n.putArray("regions");
      for (SearchClient.Region r : h.regions()) {
        ObjectNode rn = regions.addObject();
        rn.put("page", r.page());
        rn.put("region", r.region());
        rn.put("label", r.label());
        rn.set("box", m.valueToTree(r.box()));
        rn.put("text", r.text());
      }
      ArrayNode highlights = n.putArray("highlights");
      for (List<SearchClient.HighlightBox> match : h.highlights()) {
        ArrayNode mn = highlights.addArray();
        for (SearchClient.HighlightBox b : match) {
          ObjectNode bn = mn.addObject();
          bn.put("text", b.text());
          bn.put("page", b.page());
          bn.put("region", b.region());
          bn.set("box", m.valueToTree(b.box()));
          bn.put("line", b.line());
        }
      }
      ArrayNode images = n.putArray("images");
      h.images().forEach(i -> images.add(i == null ? null : origin + i));
    }
    return m.writeValueAsString(root);
  }

  static void print(PrintWriter out, SearchClient.Result result, String solrUrl) {
    out.println(result.numFound() + (result.numFound() == 1 ? " hit" : " hits") + " (" + result.millis() + " ms)");
    String origin = origin(solrUrl);
    int i = 0;
    for (SearchClient.Hit h : result.hits()) {
      i++;
      String doc = h.title() != null ? h.title() + " (" + h.source() + ")" : h.source() != null ? h.source() : h.document();
      out.println();
      out.printf(Locale.ROOT, "%d. %s — %s  [%s]  score %.2f%n", i, doc, pagesText(h), String.join(", ", h.labels()), h.score());
      if (h.snippet() != null) {
        out.println("   " + h.snippet().replaceAll("\\s*\\n\\s*", " ").strip());
      }
      for (int r = 0; r < h.regions().size(); r++) {
        SearchClient.Region region = h.regions().get(r);
        out.printf(Locale.ROOT, "   region %d: page %d, %s #%d at %s%n", r, region.page(), region.label(),
            region.region(), SearchClient.format(region.box()));
      }
      for (List<SearchClient.HighlightBox> match : h.highlights()) {
        for (SearchClient.HighlightBox b : match) {
          out.printf(Locale.ROOT, "   match \"%s\": page %d, %s in region %d%s%n", b.text().replaceAll("\\s+", " "),
              b.page(), SearchClient.format(b.box()), b.region(), b.line() ? "" : " (region box: the engine gave no lines)");
        }
      }
      if (!h.images().isEmpty() && h.images().get(0) != null) {
        out.println("   page image: " + origin + h.images().get(0));
      }
    }
  }

  private static String pagesText(SearchClient.Hit h) {
    List<Integer> p = h.pages();
    if (p.isEmpty()) {
      return "no page";
    }
    return p.size() == 1 ? "page " + p.get(0) : "pages " + p.get(0) + "–" + p.get(p.size() - 1);
  }

  /** {@code http://host:port} of a Solr URL (images are given as absolute paths). */
  static String origin(String solrUrl) {
    java.net.URI u = java.net.URI.create(solrUrl);
    return u.getScheme() + "://" + u.getRawAuthority();
  }
}
