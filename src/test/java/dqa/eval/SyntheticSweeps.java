package dqa.eval;

import dqa.attack.Attack;
import dqa.attack.AttackSettings;
import dqa.attack.Norm;
import dqa.run.Provenance;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * Sweep results made up from a table of robust accuracies, without the engine: for tests of the
 * checks, CSV, charts and the report. Image i of n is clean-correct when i &lt; clean·n and robust
 * when i &lt; robust·n, so the worst case of several attacks is the smallest robust count.
 */
final class SyntheticSweeps {
  private SyntheticSweeps() {}

  static final Provenance PROVENANCE =
      new Provenance("DQA Workbench", "test", null, "0.36.0", "2.7.1", "test java", "test os", 2, "CPU",
          "2025-01-01T00:00:00Z", 2);

  /** One attack of the made-up sweep: its settings, norm, access, and bounded or not. */
  record AttackSpec(AttackSettings settings, Norm norm, Attack.Access access, boolean bounded) {
    static AttackSpec whiteBox(String spec) {
      return new AttackSpec(AttackSpecs.parse(spec, null), Norm.LINF, Attack.Access.WHITE_BOX, true);
    }
  }

  /**
   * A complete sweep: {@code robust[m][a][e]} per model, attack and ε; clean accuracy {@code clean}
   * for every model; n images; unbounded attacks get {@code unboundedSuccess}.
   */
  static SweepResult of(
      int models, List<AttackSpec> attacks, List<Double> eps, double[][][] robust, double clean, int n,
      Probes probes) {
    List<String> refs = new ArrayList<>();
    List<ModelRecord> records = new ArrayList<>();
    for (int m = 0; m < models; m++) {
      refs.add("model" + m);
      records.add(new ModelRecord("model" + m, "/models/m" + m, m == 0 ? "cnn/relu" : "cnn/fixed:" + m, "mnist", 1, 28,
          28, 10, "0".repeat(64)));
    }
    SweepConfig config =
        new SweepConfig("mnist", refs, attacks.stream().map(AttackSpec::settings).toList(), eps, TestSubset.first(n),
            64, 1, true, 2);
    int[] indices = new int[n];
    Arrays.setAll(indices, i -> i);
    DataRecord data = new DataRecord("mnist", "MNIST", "BUNDLED_SAMPLE", "/assets/sample/mnist", "a".repeat(64), false, 1000,
        "the first " + n + " of 1000 test images", n, DataRecord.hash(indices), indices);
    List<SweepCell> cells = new ArrayList<>();
    List<CellOutcome> outcomes = new ArrayList<>();
    List<String> labels = config.attackLabels();
    int cleanCount = (int) Math.round(clean * n);
    for (int m = 0; m < models; m++) {
      for (int a = 0; a < attacks.size(); a++) {
        AttackSpec spec = attacks.get(a);
        for (int e = 0; e < eps.size(); e++) {
          int robustCount = (int) Math.round(robust[m][a][e] * n);
          boolean[] c = new boolean[n];
          boolean[] r = new boolean[n];
          float[] l2 = new float[n];
          float[] linf = new float[n];
          Arrays.fill(l2, -1f);
          Arrays.fill(linf, -1f);
          for (int i = 0; i < n; i++) {
            c[i] = i < cleanCount;
            r[i] = i < robustCount;
            if (c[i] && !r[i]) {
              l2[i] = 1f;
              linf[i] = (float) (double) eps.get(e);
            }
          }
          List<Example> examples = new ArrayList<>();
          if (e == eps.size() - 1 && robustCount < cleanCount) {
            examples.add(example(m, a, eps.get(e), robustCount));
          }
          double success = cleanCount == 0 ? 0 : 1 - (double) robustCount / cleanCount;
          cells.add(new SweepCell(m, refs.get(m), records.get(m).network(), a, labels.get(a), labels.get(a) + " eps="
              + eps.get(e), spec.norm(), spec.access(), spec.bounded(), eps.get(e), n, cleanCount, robustCount,
              (double) cleanCount / n, (double) robustCount / n, success, e == 0 ? n : n - robustCount,
              e == 0 ? null : eps.get(e - 1), spec.bounded() ? null : success, 1.0, eps.get(e), null, 0.1));
          outcomes.add(CellOutcome.of(m, a, eps.get(e), c, r, l2, linf, null, examples));
        }
      }
    }
    List<Norm> norms = attacks.stream().map(AttackSpec::norm).toList();
    return new SweepResult(SweepResult.FORMAT, SweepResult.Status.COMPLETED, config, data, records, PROVENANCE,
        List.of(), cells, WorstCases.of(config, records, norms, cells, outcomes), probes, List.of(), outcomes, 1.5,
        null);
  }

  /** A 28×28 example: a bright square, and the same with a +0.2 / −0.2 checkerboard perturbation. */
  static Example example(int m, int a, double eps, int index) {
    byte[] o = new byte[28 * 28];
    byte[] adv = new byte[28 * 28];
    for (int y = 0; y < 28; y++) {
      for (int x = 0; x < 28; x++) {
        int v = (x > 8 && x < 20 && y > 8 && y < 20) ? 200 : 20;
        o[y * 28 + x] = (byte) v;
        adv[y * 28 + x] = (byte) Math.max(0, Math.min(255, v + ((x + y) % 2 == 0 ? 51 : -51)));
      }
    }
    Base64.Encoder b = Base64.getEncoder();
    return new Example(m, a, eps, index, 3, 3, 8, 0.9, 1, 28, 28, b.encodeToString(o), b.encodeToString(adv));
  }
}
