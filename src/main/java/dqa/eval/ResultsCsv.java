package dqa.eval;

import dqa.run.AtomicFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes evaluation results as CSV (RFC 4180, comma, UTF-8), each file opening with its manifest
 * as {@code #} comment lines (read with e.g. {@code pandas.read_csv(f, comment="#")}).
 *
 * <p>A sweep gives three files: the cells ({@code FILE}), the worst case across attacks ({@code
 * STEM-worst-case.csv}) and the sanity checks ({@code STEM-checks.csv}). A transfer matrix gives
 * one: a row per source model, a column per target model, and a last row "(no attack)" with the
 * clean accuracies.
 */
public final class ResultsCsv {
  private ResultsCsv() {}

  /** Writes the three CSV files of a sweep; returns their paths (cells, worst case, checks). */
  public static List<Path> writeSweep(Path cellsFile, SweepResult s, List<Check> checks) {
    Path worst = sibling(cellsFile, "worst-case");
    Path checkFile = sibling(cellsFile, "checks");
    writeCells(cellsFile, s);
    writeWorstCase(worst, s);
    writeChecks(checkFile, s, checks);
    return List.of(cellsFile, worst, checkFile);
  }

  private static String network(SweepResult s, int model) {
    return model >= 0 && model < s.models().size() ? s.models().get(model).network() : "";
  }

  /** One row per (model, attack, ε) cell. */
  public static void writeCells(Path file, SweepResult s) {
    StringBuilder b = header(Manifests.of(s), "sweep cells: one row per model x attack x eps");
    row(b, "model", "name", "network", "attack", "description", "norm", "access", "bounded", "eps", "n", "clean_correct",
        "robust_correct", "clean_accuracy", "robust_accuracy", "success_rate", "attacked", "reused_from_eps",
        "unbounded_success_rate", "median_l2", "median_linf", "median_queries", "seconds");
    for (SweepCell c : s.cells()) {
      row(b, c.model(), c.network(), network(s, c.modelIndex()), c.attack(), c.description(), c.norm().toString(), lower(c.access()),
          Boolean.toString(c.bounded()), num(c.eps()), Integer.toString(c.n()), Integer.toString(c.cleanCorrect()),
          Integer.toString(c.robustCorrect()), num(c.cleanAccuracy()), num(c.robustAccuracy()), num(c.successRate()),
          Integer.toString(c.attacked()), num(c.reusedFromEps()), num(c.unboundedSuccessRate()), num(c.medianL2()),
          num(c.medianLinf()), num(c.medianQueries()), String.format(Locale.ROOT, "%.3f", c.seconds()));
    }
    AtomicFiles.writeString(file, b.toString());
  }

  /** One row per (model, norm, ε): robust only if every attack of that norm failed. */
  public static void writeWorstCase(Path file, SweepResult s) {
    StringBuilder b = header(Manifests.of(s), "worst case across attacks: one row per model x norm x eps");
    row(b, "model", "name", "network", "norm", "eps", "attacks", "complete", "n", "clean_correct", "robust_correct",
        "clean_accuracy", "robust_accuracy");
    for (WorstCase w : s.worstCase()) {
      row(b, w.model(), w.network(), network(s, w.modelIndex()), w.norm().toString(), num(w.eps()), String.join(" + ", w.attacks()),
          Boolean.toString(w.complete()), Integer.toString(w.n()), Integer.toString(w.cleanCorrect()),
          Integer.toString(w.robustCorrect()), num(w.cleanAccuracy()), num(w.robustAccuracy()));
    }
    AtomicFiles.writeString(file, b.toString());
  }

  /** One row per check; {@code numbers} as a compact JSON object. */
  public static void writeChecks(Path file, SweepResult s, List<Check> checks) {
    StringBuilder b = header(Manifests.of(s), "sanity checks");
    row(b, "name", "verdict", "evidence", "numbers");
    for (Check c : checks) {
      row(b, c.name(), c.verdict().toString(), c.evidence(), Manifests.compactJson(c.numbers()));
    }
    AtomicFiles.writeString(file, b.toString());
  }

  /** The matrix: rows are source models, columns target models, then the clean accuracies. */
  public static void writeTransfer(Path file, TransferResult t) {
    StringBuilder b = header(Manifests.of(t), "transfer matrix: accuracy of each target (column) on adversarial"
        + " images crafted on each source (row); the diagonal is white-box");
    List<String> head = new ArrayList<>();
    head.add("source \\ target");
    for (int i = 0; i < t.models().size(); i++) {
      head.add(t.modelLabel(i));
    }
    row(b, head.toArray(String[]::new));
    for (int s = 0; s < t.models().size(); s++) {
      List<String> r = new ArrayList<>();
      r.add(t.modelLabel(s));
      for (double v : t.accuracy()[s]) {
        r.add(num(v));
      }
      row(b, r.toArray(String[]::new));
    }
    List<String> clean = new ArrayList<>();
    clean.add("(no attack)");
    for (double v : t.cleanAccuracy()) {
      clean.add(num(v));
    }
    row(b, clean.toArray(String[]::new));
    AtomicFiles.writeString(file, b.toString());
  }

  /** {@code dir/stem-suffix.csv} next to {@code file} ({@code sweep.csv} → {@code sweep-checks.csv}). */
  public static Path sibling(Path file, String suffix) {
    String name = file.getFileName().toString();
    String stem = name.toLowerCase(Locale.ROOT).endsWith(".csv") ? name.substring(0, name.length() - 4) : name;
    return file.resolveSibling(stem + "-" + suffix + ".csv");
  }

  private static StringBuilder header(List<Manifests.Entry> manifest, String what) {
    StringBuilder b = new StringBuilder();
    b.append("# ").append(what).append('\n');
    for (Manifests.Entry e : manifest) {
      b.append("# ").append(e.key()).append(": ").append(e.value().replace('\n', ' ')).append('\n');
    }
    return b;
  }

  private static void row(StringBuilder b, String... fields) {
    for (int i = 0; i < fields.length; i++) {
      if (i > 0) {
        b.append(',');
      }
      b.append(quote(fields[i]));
    }
    b.append("\n");
  }

  static String quote(String v) {
    if (v == null) {
      return "";
    }
    if (v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r") || v.startsWith("#")) {
      return "\"" + v.replace("\"", "\"\"") + "\"";
    }
    return v;
  }

  private static String num(Double v) {
    return v == null ? "" : num(v.doubleValue());
  }

  private static String num(double v) {
    return Double.toString(v);
  }

  private static String lower(Object o) {
    return o.toString().toLowerCase(Locale.ROOT);
  }
}
