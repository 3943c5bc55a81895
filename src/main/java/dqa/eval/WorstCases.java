package dqa.eval;

import dqa.attack.Norm;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Combines the cells of a sweep into the per-example worst case across attacks. */
final class WorstCases {
  private WorstCases() {}

  /**
   * One row per model, norm and ε with at least one finished cell, in config order.
   *
   * @param norms the norm of each attack of the config
   */
  static List<WorstCase> of(
      SweepConfig config, List<ModelRecord> models, List<Norm> norms, List<SweepCell> cells,
      List<CellOutcome> outcomes) {
    List<WorstCase> out = new ArrayList<>();
    Set<Norm> distinct = new LinkedHashSet<>(norms);
    for (int m = 0; m < config.models().size(); m++) {
      for (Norm norm : distinct) {
        for (double e : config.eps()) {
          WorstCase w = combine(config, models, norms, cells, outcomes, m, norm, e);
          if (w != null) {
            out.add(w);
          }
        }
      }
    }
    return out;
  }

  private static WorstCase combine(
      SweepConfig config, List<ModelRecord> models, List<Norm> norms, List<SweepCell> cells,
      List<CellOutcome> outcomes, int m, Norm norm, double eps) {
    boolean[] clean = null;
    boolean[] robust = null;
    List<String> names = new ArrayList<>();
    List<String> labels = config.attackLabels();
    boolean complete = true;
    for (int a = 0; a < norms.size(); a++) {
      if (norms.get(a) != norm) {
        continue;
      }
      int index = indexOf(cells, m, a, eps);
      if (index < 0) {
        complete = false;
        continue;
      }
      boolean[] r = outcomes.get(index).robustFlags();
      if (robust == null) {
        clean = outcomes.get(index).cleanFlags();
        robust = r;
      } else {
        for (int k = 0; k < r.length; k++) {
          robust[k] &= r[k];
        }
      }
      names.add(labels.get(a));
    }
    if (robust == null) {
      return null;
    }
    int n = robust.length;
    int cleanCorrect = Bits.count(clean);
    int robustCorrect = Bits.count(robust);
    return new WorstCase(
        m, config.models().get(m), ModelRecord.label(models, m), norm, eps, names, complete, n, cleanCorrect,
        robustCorrect, (double) cleanCorrect / n, (double) robustCorrect / n);
  }

  private static int indexOf(List<SweepCell> cells, int m, int a, double eps) {
    for (int i = 0; i < cells.size(); i++) {
      if (cells.get(i).at(m, a, eps)) {
        return i;
      }
    }
    return -1;
  }
}
