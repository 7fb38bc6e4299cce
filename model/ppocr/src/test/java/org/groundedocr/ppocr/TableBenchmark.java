package org.groundedocr.ppocr;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import org.groundedocr.engine.EngineConfig;
import org.groundedocr.engine.OcrEngine;
import org.groundedocr.engine.OcrEngines;
import org.groundedocr.model.GroundedPage;
import org.groundedocr.model.Region;
import org.groundedocr.model.RegionLabels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Tables of the embedded engine measured with TEDS (PubTabNet's tree-edit-distance similarity,
 * {@link Teds}) on the tables of {@link TablePage#benchmarkSet()}, rendered here with known HTML.
 * (The invoices' item tables are not scored: their text layer has no table structure to take a
 * truth grid from; see docs/BENCHMARKS.md.) Not a unit test; run it with
 *
 * <pre>
 * ./mvnw -B -ntp -o -pl model/ppocr test -Dtest=TableBenchmark -Dbenchmark=true \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dsurefire.forkCount=1
 * </pre>
 *
 * <p>A page's score is the best TEDS of its {@code table} regions against the truth (0 when the
 * engine found no table): a table cut in two scores only its larger part. TEDS-S is the same with
 * the cells' texts ignored (structure only), which separates layout from recognition errors. The
 * table goes to {@code model/ppocr/target/benchmark/tables.md}, each page's image and HTML beside it.
 */
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
class TableBenchmark {

  @Test
  void renderedTables() throws Exception {
    Path out = Path.of("target", "benchmark", "tables").toAbsolutePath();
    Files.createDirectories(out);
    StringBuilder table = new StringBuilder(
        "| table | ruling | columns x rows | tables found | TEDS | TEDS-S |\n| --- | --- | ---: | ---: | ---: | ---: |\n");
    double sum = 0;
    double sumS = 0;
    List<TablePage.Spec> specs = TablePage.benchmarkSet();
    long t0 = System.nanoTime();
    try (OcrEngine engine = OcrEngines.create(
        new EngineConfig("ppocr", org.groundedocr.engine.Device.CPU, null, Map.of()))) {
      for (TablePage.Spec spec : specs) {
        TablePage page = TablePage.render(spec);
        GroundedPage read = engine.recognize(page.image, 1);
        List<String> found = new ArrayList<>();
        for (Region r : read.regions()) {
          if (RegionLabels.TABLE.equals(r.label())) {
            found.add(r.text());
          }
        }
        double best = 0;
        double bestS = 0;
        for (String html : found) {
          best = Math.max(best, Teds.similarity(page.truthHtml, html));
          bestS = Math.max(bestS, Teds.structureSimilarity(page.truthHtml, html));
        }
        sum += best;
        sumS += bestS;
        String name = String.format(Locale.ROOT, "%02d-%s", specs.indexOf(spec), spec.name());
        ImageIO.write(page.image, "png", out.resolve(name + ".png").toFile());
        StringBuilder text = new StringBuilder("truth:\n" + page.truthHtml + "\n\nregions:\n");
        read.regions().forEach(r -> text.append(r.label()).append(": ").append(r.text()).append('\n'));
        Files.writeString(out.resolve(name + ".txt"), text, StandardCharsets.UTF_8);
        table.append(String.format(Locale.ROOT, "| %s | %s | %d x %d | %d | %.3f | %.3f |%n", name,
            spec.ruling().name().toLowerCase(Locale.ROOT), spec.columns(), spec.rows(), found.size(), best, bestS));
      }
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    table.append(String.format(Locale.ROOT, "| **all %d tables** | | | | **%.3f** | **%.3f** |%n%n%.1f s%n",
        specs.size(), sum / specs.size(), sumS / specs.size(), seconds));
    Files.writeString(out.resolveSibling("tables.md"), table, StandardCharsets.UTF_8);
    System.out.println(table);
  }
}
