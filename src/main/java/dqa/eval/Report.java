package dqa.eval;

import dqa.data.DatasetId;
import dqa.run.AtomicFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A self-contained HTML report of a sweep and/or a transfer matrix: one file with inline CSS, the
 * accuracy-vs-ε chart and images as base64 PNG data URIs, tables of every result, the sanity checks
 * with verdict badges, sample adversarial images (original | adversarial | perturbation heatmap
 * with its colour legend) and the manifest. Nothing is fetched when it is opened.
 */
public final class Report {
  private static final int CHART_WIDTH = 860;
  private static final int CHART_HEIGHT = 520;
  private static final int SCALE = 4;

  private static final String CSS =
      """
      body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:2em auto;max-width:1100px;color:#222;
      padding:0 1em;line-height:1.4}
      h1{font-size:1.6em;margin-bottom:.2em}h2{margin-top:1.8em;border-bottom:1px solid #ddd;padding-bottom:.2em}
      .sub{color:#666;margin-top:0}
      table{border-collapse:collapse;margin:.6em 0;font-size:.9em}
      th,td{border:1px solid #ddd;padding:.25em .55em;text-align:right;vertical-align:top}
      th{background:#f4f4f4}td.l,th.l{text-align:left}
      td.diag{background:#eef4fb;font-weight:bold}
      .badge{display:inline-block;padding:.1em .6em;border-radius:.8em;font-weight:bold;font-size:.85em;color:#fff}
      .PASS{background:#2e7d32}.WARN{background:#e08e0b}.NOT_APPLICABLE{background:#757575}
      .checks td{text-align:left}
      .examples td{text-align:center;font-size:.8em}
      .examples img{image-rendering:pixelated;image-rendering:crisp-edges;display:block;margin:auto}
      pre{background:#f7f7f7;padding:.6em;overflow-x:auto;font-size:.8em;white-space:pre-wrap;word-break:break-all}
      .manifest td{text-align:left;font-size:.85em;word-break:break-all}
      .note{color:#666;font-size:.85em}
      """;

  private Report() {}

  /** Writes the report atomically; either result may be null, not both. */
  public static void write(Path html, SweepResult sweep, TransferResult transfer) {
    AtomicFiles.writeString(html, html(sweep, transfer));
  }

  /** The report as one HTML document. */
  public static String html(SweepResult sweep, TransferResult transfer) {
    if (sweep == null && transfer == null) {
      throw new IllegalArgumentException("a report needs a sweep or a transfer matrix");
    }
    StringBuilder b = new StringBuilder();
    String dataset = sweep != null ? sweep.data().label() : transfer.data().label();
    b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>DQA Workbench robustness report — ").append(esc(dataset)).append("</title>\n")
        .append("<style>\n").append(CSS).append("</style>\n</head>\n<body>\n");
    b.append("<h1>Robustness report</h1>\n<p class=\"sub\">").append(esc(summary(sweep, transfer))).append("</p>\n");
    List<Check> checks = SanityChecks.forReport(sweep, transfer);
    if (sweep != null) {
      sweepSections(b, sweep);
    }
    if (transfer != null) {
      transferSection(b, transfer);
    }
    checksSection(b, checks, sweep);
    if (sweep != null) {
      examplesSection(b, sweep);
    }
    b.append("<h2>Manifest</h2>\n");
    if (sweep != null) {
      manifest(b, "Sweep", Manifests.of(sweep));
    }
    if (transfer != null) {
      manifest(b, "Transfer matrix", Manifests.of(transfer));
    }
    b.append("<p class=\"note\">Made by DQA Workbench. Accuracies are shares of the listed test images; ε is in [0, 1]"
        + " pixel units of each attack's norm; adversarial images are rounded to 8-bit pixels before they are"
        + " classified.</p>\n</body>\n</html>\n");
    return b.toString();
  }

  private static String summary(SweepResult s, TransferResult t) {
    if (s != null) {
      return String.format(Locale.ROOT, "%s · %s · %d model(s) × %d attack(s) × %d ε · status %s", s.data().label(),
          s.data().subset(), s.models().size(), s.config().attacks().size(), s.config().eps().size(),
          s.status().toString().toLowerCase(Locale.ROOT));
    }
    return String.format(Locale.ROOT, "%s · %s · transfer of %s between %d models", t.data().label(),
        t.data().subset(), t.attack(), t.models().size());
  }

  private static void sweepSections(StringBuilder b, SweepResult s) {
    b.append("<h2>Accuracy under attack</h2>\n");
    if (s.cells().isEmpty()) {
      b.append("<p>No cell has finished yet.</p>\n");
      return;
    }
    Charts.LineChart chart = Charts.accuracyVsEps(s);
    b.append("<img alt=\"robust accuracy against eps\" width=\"").append(CHART_WIDTH).append("\" src=\"")
        .append(Pictures.dataUri(Charts.png(chart, CHART_WIDTH, CHART_HEIGHT))).append("\">\n");
    if (s.config().reuse()) {
      b.append("<p class=\"note\">Budget reuse was on: an image broken at a smaller ε counts as broken at every"
          + " larger ε (the larger ε-ball contains the smaller one), so each curve falls monotonically.</p>\n");
    }
    // Robust accuracy by eps: one row per model × attack, then the worst cases.
    b.append("<h3>Robust accuracy (%) by ε</h3>\n<table>\n<tr><th class=\"l\">model</th><th class=\"l\">attack</th>");
    for (double e : s.config().eps()) {
      b.append("<th>").append(esc(EpsList.format(e))).append("</th>");
    }
    b.append("</tr>\n");
    List<String> labels = s.config().attackLabels();
    for (int m = 0; m < s.models().size(); m++) {
      for (int a = 0; a < labels.size(); a++) {
        b.append("<tr><td class=\"l\">").append(esc(s.modelLabel(m))).append("</td><td class=\"l\">")
            .append(esc(labels.get(a))).append("</td>");
        for (double e : s.config().eps()) {
          b.append("<td>").append(s.cell(m, a, e).map(c -> pct(c.robustAccuracy())).orElse("–")).append("</td>");
        }
        b.append("</tr>\n");
      }
      for (WorstCase w : s.worstCase()) {
        if (w.modelIndex() != m || w.eps() != s.config().eps().get(0)) {
          continue;
        }
        b.append("<tr><td class=\"l\">").append(esc(s.modelLabel(m))).append("</td><td class=\"l\"><b>any attack ("
            + w.norm() + ")</b></td>");
        for (double e : s.config().eps()) {
          String v = "–";
          for (WorstCase x : s.worstCase()) {
            if (x.modelIndex() == m && x.norm() == w.norm() && x.eps() == e) {
              v = "<b>" + pct(x.robustAccuracy()) + "</b>" + (x.complete() ? "" : "*");
            }
          }
          b.append("<td>").append(v).append("</td>");
        }
        b.append("</tr>\n");
      }
    }
    b.append("</table>\n<p class=\"note\">“any attack”: an image counts as robust only if it survived every attack"
        + " of that norm (per-example worst case). * not every attack has finished at that ε.</p>\n");
    b.append("<h3>All cells</h3>\n<table>\n<tr><th class=\"l\">model</th><th class=\"l\">attack</th><th>ε</th>"
        + "<th>n</th><th>clean %</th><th>robust %</th><th>success %</th><th>attacked</th><th>reused from ε</th>"
        + "<th>median L2</th><th>median L∞</th><th>median queries</th><th>seconds</th></tr>\n");
    for (SweepCell c : s.cells()) {
      String network = c.modelIndex() < s.models().size() ? s.models().get(c.modelIndex()).network() : "";
      b.append("<tr><td class=\"l\" title=\"").append(esc(network)).append("\">").append(esc(c.network()))
          .append("</td><td class=\"l\" title=\"")
          .append(esc(c.description())).append("\">").append(esc(c.attack())).append("</td><td>")
          .append(esc(EpsList.format(c.eps()))).append("</td><td>").append(c.n()).append("</td><td>")
          .append(pct(c.cleanAccuracy())).append("</td><td>").append(pct(c.robustAccuracy())).append("</td><td>")
          .append(pct(c.successRate())).append("</td><td>").append(c.attacked()).append("</td><td>")
          .append(c.reusedFromEps() == null ? "–" : esc(EpsList.format(c.reusedFromEps()))).append("</td><td>")
          .append(num(c.medianL2())).append("</td><td>").append(num(c.medianLinf())).append("</td><td>")
          .append(c.medianQueries() == null ? "–" : String.format(Locale.ROOT, "%.0f", c.medianQueries()))
          .append("</td><td>").append(String.format(Locale.ROOT, "%.2f", c.seconds())).append("</td></tr>\n");
    }
    b.append("</table>\n");
  }

  private static void transferSection(StringBuilder b, TransferResult t) {
    b.append("<h2>Transfer matrix</h2>\n<p>").append(esc(t.attack())).append(" on ").append(esc(t.data().subset()))
        .append(". Accuracy (%) of each target model (column) on adversarial images crafted on each source model"
            + " (row); the diagonal is the white-box case.</p>\n<table>\n<tr><th class=\"l\">source \\ target</th>");
    for (int i = 0; i < t.models().size(); i++) {
      b.append("<th>").append(esc(t.modelLabel(i))).append("</th>");
    }
    b.append("</tr>\n");
    for (int s = 0; s < t.models().size(); s++) {
      b.append("<tr><th class=\"l\">").append(esc(t.modelLabel(s))).append("</th>");
      for (int c = 0; c < t.models().size(); c++) {
        b.append(c == s ? "<td class=\"diag\">" : "<td>").append(pct(t.accuracy()[s][c])).append("</td>");
      }
      b.append("</tr>\n");
    }
    b.append("<tr><th class=\"l\">(no attack)</th>");
    for (double v : t.cleanAccuracy()) {
      b.append("<td>").append(pct(v)).append("</td>");
    }
    b.append("</tr>\n</table>\n");
  }

  private static void checksSection(StringBuilder b, List<Check> checks, SweepResult sweep) {
    b.append("<h2>Sanity checks</h2>\n");
    if (sweep != null && sweep.probes() == null) {
      b.append("<p class=\"note\">The gradient and convergence probes have not run for this sweep (it was cancelled,"
          + " or checks were off), so those two checks are missing.</p>\n");
    }
    b.append("<p class=\"note\">After Carlini et al. 2019, Athalye et al. 2018 and AutoAttack's flags. WARN means the"
        + " evaluation may overstate robustness; it is evidence to look at, not a verdict on the model. N/A means the"
        + " sweep holds nothing the check can look at, which reassures no more than it warns.</p>\n");
    b.append("<table class=\"checks\">\n<tr><th class=\"l\">check</th><th class=\"l\">verdict</th>"
        + "<th class=\"l\">evidence</th></tr>\n");
    for (Check c : checks) {
      b.append("<tr><td>").append(esc(c.name())).append("</td><td><span class=\"badge ").append(c.verdict())
          .append("\">").append(c.verdict().label()).append("</span></td><td>").append(esc(c.evidence()))
          .append("</td></tr>\n");
    }
    b.append("</table>\n");
  }

  private static void examplesSection(StringBuilder b, SweepResult s) {
    List<Example> chosen = new ArrayList<>();
    for (int m = 0; m < s.models().size(); m++) {
      for (int a = 0; a < s.config().attacks().size(); a++) {
        // The examples of the largest ε that has any, for each model × attack.
        for (int e = s.config().eps().size() - 1; e >= 0; e--) {
          int model = m;
          int attack = a;
          double eps = s.config().eps().get(e);
          List<Example> ex = s.outcome(model, attack, eps).map(CellOutcome::examples).orElse(List.of());
          if (!ex.isEmpty()) {
            chosen.addAll(ex);
            break;
          }
        }
      }
    }
    if (chosen.isEmpty()) {
      return;
    }
    List<String> classes = classNames(s.data().dataset());
    List<String> labels = s.config().attackLabels();
    b.append("<h2>Sample adversarial images</h2>\n<p class=\"note\">Per model and attack, images first broken at the"
        + " largest ε that broke any: original | adversarial | perturbation (adversarial − original"
        + (chosen.get(0).channels() > 1 ? ", " + Perturbations.REDUCTION : "") + "; blue darker, red brighter; scale in the legend, [0, 1] pixel units).</p>\n");
    b.append("<table class=\"examples\">\n<tr><th class=\"l\">model · attack · ε</th><th>original</th>"
        + "<th>adversarial</th><th>perturbation</th><th>legend</th></tr>\n");
    for (Example x : chosen) {
      byte[] o = x.originalPixels();
      byte[] adv = x.adversarialPixels();
      double range = Pictures.maxChange(o, adv);
      b.append("<tr><td class=\"l\">").append(esc(s.modelLabel(x.modelIndex()))).append(" · ")
          .append(esc(labels.get(x.attackIndex()))).append(" · ε ").append(esc(EpsList.format(x.eps())))
          .append("<br>test image ").append(x.index()).append("</td>");
      b.append("<td><img alt=\"original\" src=\"")
          .append(Pictures.dataUri(Pictures.image(o, x.channels(), x.height(), x.width(), SCALE))).append("\">")
          .append(esc(name(classes, x.label()))).append(" → ").append(esc(name(classes, x.cleanPrediction())))
          .append("</td>");
      b.append("<td><img alt=\"adversarial\" src=\"")
          .append(Pictures.dataUri(Pictures.image(adv, x.channels(), x.height(), x.width(), SCALE))).append("\">")
          .append(esc(name(classes, x.adversarialPrediction())))
          .append(String.format(Locale.ROOT, " (%.0f %%)", 100 * x.adversarialConfidence())).append("</td>");
      b.append("<td><img alt=\"perturbation\" src=\"")
          .append(Pictures.dataUri(Pictures.heatmap(o, adv, x.channels(), x.height(), x.width(), SCALE, range)))
          .append("\">").append(String.format(Locale.ROOT, "max |δ| %.3f", range)).append("</td>");
      b.append("<td><img alt=\"colour scale\" src=\"").append(Pictures.dataUri(Pictures.legend(range, 140, 34)))
          .append("\"></td></tr>\n");
    }
    b.append("</table>\n");
  }

  private static void manifest(StringBuilder b, String title, List<Manifests.Entry> entries) {
    b.append("<h3>").append(esc(title)).append("</h3>\n<table class=\"manifest\">\n");
    for (Manifests.Entry e : entries) {
      if (e.key().equals("config")) {
        continue;
      }
      b.append("<tr><th class=\"l\">").append(esc(e.key())).append("</th><td>").append(esc(e.value()))
          .append("</td></tr>\n");
    }
    b.append("</table>\n");
    entries.stream().filter(e -> e.key().equals("config")).findFirst().ifPresent(
        e -> b.append("<pre>").append(esc(e.value())).append("</pre>\n"));
  }

  private static List<String> classNames(String dataset) {
    try {
      return DatasetId.parse(dataset).classNames();
    } catch (RuntimeException e) {
      return List.of();
    }
  }

  private static String name(List<String> classes, int k) {
    return k >= 0 && k < classes.size() ? classes.get(k) : Integer.toString(k);
  }

  private static String pct(double v) {
    return String.format(Locale.ROOT, "%.1f", 100 * v);
  }

  private static String num(Double v) {
    return v == null ? "–" : String.format(Locale.ROOT, "%.3f", v);
  }

  static String esc(String s) {
    if (s == null) {
      return "";
    }
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
