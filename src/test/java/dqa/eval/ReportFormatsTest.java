package dqa.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dqa.eval.SyntheticSweeps.AttackSpec;
import dqa.run.Json;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/** The saved formats of results: JSON round trip, CSV with manifest, PNG and SVG charts, HTML report. */
class ReportFormatsTest {
  @TempDir Path tmp;

  static final SweepResult SWEEP =
      SyntheticSweeps.of(2, List.of(AttackSpec.whiteBox("fgsm"), AttackSpec.whiteBox("pgd")), List.of(0.0, 0.1, 0.3),
          new double[][][] {{{0.9, 0.5, 0.2}, {0.9, 0.3, 0.0}}, {{0.9, 0.7, 0.4}, {0.9, 0.6, 0.3}}}, 0.9, 40,
          new Probes(List.of(new Probes.GradientProbe(0, "cnn/relu", "ste", "ce", 40, 0)), List.of()));

  @Test
  void sweepFileSurvivesJson() throws Exception {
    Path f = tmp.resolve("s.json");
    Json.writeFile(f, SWEEP);
    SweepResult back = Json.readFile(f, SweepResult.class);
    assertEquals(Json.write(SWEEP), Json.write(back));
    var tree = Json.mapper().readTree(f.toFile());
    for (String field : new String[] {"format", "status", "config", "data", "models", "provenance", "cells",
        "worst_case", "probes", "outcomes", "seconds"}) {
      assertTrue(tree.has(field), field);
    }
    assertTrue(tree.get("cells").get(1).has("reused_from_eps"));
    assertEquals(64, tree.get("data").get("sha256").asText().length());
  }

  @Test
  void csvFilesCarryTheManifestAndOneRowPerResult() throws Exception {
    List<Path> files = ResultsCsv.writeSweep(tmp.resolve("sweep.csv"), SWEEP, SanityChecks.all(SWEEP, null));
    assertEquals(List.of("sweep.csv", "sweep-worst-case.csv", "sweep-checks.csv"),
        files.stream().map(p -> p.getFileName().toString()).toList());
    List<List<String>> cells = csv(files.get(0));
    assertEquals(1 + 12, cells.size());
    assertEquals(List.of("model", "name", "network"), cells.get(0).subList(0, 3), "ref, own name, network");
    assertEquals("robust_accuracy", cells.get(0).get(13));
    assertTrue(cells.stream().allMatch(r -> r.size() == cells.get(0).size()));
    String text = Files.readString(files.get(0));
    assertTrue(text.contains("# data set: MNIST"), text);
    assertTrue(text.contains("# config: {"), text);
    assertEquals(1 + 6, csv(files.get(1)).size());
    List<List<String>> checks = csv(files.get(2));
    assertEquals(List.of("name", "verdict", "evidence", "numbers"), checks.get(0));
    assertEquals(SanityChecks.ITERATIVE, checks.get(1).get(0));

    Path t = tmp.resolve("t.csv");
    ResultsCsv.writeTransfer(t, SanityChecksRulesTest.transfer(new double[][] {{0.1, 0.6}, {0.7, 0.2}}));
    List<List<String>> matrix = csv(t);
    assertEquals(List.of("source \\ target", "m0", "m1"), matrix.get(0), "models by their own names");
    assertEquals("0.6", matrix.get(1).get(2));
    assertEquals("(no attack)", matrix.get(3).get(0));
  }

  @Test
  void chartsRenderAsPngAndValidSvg() throws Exception {
    Charts.LineChart chart = Charts.accuracyVsEps(SWEEP);
    assertEquals(6, chart.series().size(), "2 models x 2 attacks + 2 worst cases");
    assertTrue(chart.series().get(2).dashed());
    assertTrue(chart.xLabel().contains("L∞") && chart.xLabel().contains("pixel units"), chart.xLabel());
    assertEquals("robust accuracy (%)", chart.yLabel());
    BufferedImage png = ImageIO.read(new ByteArrayInputStream(Charts.png(chart, 640, 400)));
    assertEquals(640, png.getWidth());
    Path svg = tmp.resolve("c.svg");
    Charts.writeSvg(svg, chart, 640, 400);
    Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(svg.toFile());
    assertEquals("svg", doc.getDocumentElement().getNodeName());
    assertEquals(6, doc.getElementsByTagName("polyline").getLength());
    assertTrue(Files.readString(svg).contains("cnn/relu · pgd"));
  }

  @Test
  void htmlReportIsSelfContained() throws Exception {
    Path html = tmp.resolve("r.html");
    Report.write(html, SWEEP, SanityChecksRulesTest.transfer(new double[][] {{0.1, 0.6}, {0.7, 0.2}}));
    String s = Files.readString(html, StandardCharsets.UTF_8);
    assertTrue(s.startsWith("<!DOCTYPE html>") && s.strip().endsWith("</html>"));
    assertFalse(s.contains("http://") || s.contains("https://") || s.contains("<script"), "nothing external");
    for (String part : new String[] {"Accuracy under attack", "Transfer matrix", "Sanity checks", "badge PASS",
        "Sample adversarial images", "Manifest", "any attack", "perturbation"}) {
      assertTrue(s.contains(part), part);
    }
    Matcher m = Pattern.compile("src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"").matcher(s);
    int images = 0;
    while (m.find()) {
      assertTrue(ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(m.group(1)))) != null);
      images++;
    }
    assertTrue(images >= 1 + 4 * 4, "chart + 4 per example row: " + images);
  }

  @Test
  void divergingMapHasWhiteMiddleAndColouredEnds() {
    assertEquals(0xF7F7F7, Pictures.diverging(0));
    int lo = Pictures.diverging(-1);
    int hi = Pictures.diverging(1);
    assertTrue((lo & 0xff) > (lo >> 16), "negative is blue");
    assertTrue((hi >> 16) > (hi & 0xff), "positive is red");
  }

  /** A small RFC 4180 reader that skips # comment lines. */
  static List<List<String>> csv(Path file) throws Exception {
    List<List<String>> rows = new ArrayList<>();
    String text = Files.readString(file);
    List<String> row = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    boolean lineStart = true;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (lineStart && !quoted && c == '#') {
        i = text.indexOf('\n', i);
        if (i < 0) {
          break;
        }
        continue;
      }
      lineStart = false;
      if (quoted) {
        if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
          cur.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          cur.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        row.add(cur.toString());
        cur.setLength(0);
      } else if (c == '\n') {
        row.add(cur.toString());
        cur.setLength(0);
        rows.add(row);
        row = new ArrayList<>();
        lineStart = true;
      } else {
        cur.append(c);
      }
    }
    return rows;
  }
}
