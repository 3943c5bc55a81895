package dqa.eval;

import dqa.attack.Attack;
import dqa.attack.Norm;

/**
 * One finished (model, attack, ε) cell of a sweep, as plain values; this is what a chart or table
 * draws while the sweep runs.
 *
 * @param model the model as the user named it; {@code network} is how the sweep shows it: the model's
 *     own name ({@code lenet-dqa2}; see {@code ModelRecord.label}), its network in the sweep's model list
 * @param attack the attack's short label in this sweep ({@link SweepConfig#attackLabels()})
 * @param description the attack with every setting at this ε ({@link Attack#describe()})
 * @param bounded the attack has a budget (false: a minimum-distortion attack such as C&amp;W, whose
 *     examples count as broken at ε when their distance in {@code norm} is at most ε)
 * @param cleanCorrect images classified correctly without attack
 * @param robustCorrect images classified correctly before and after the attack
 * @param successRate share of the clean-correct images the attack broke
 * @param attacked images the attack actually ran on in this cell (fewer than n when reused)
 * @param reusedFromEps the smaller ε whose broken examples were carried over (null: none)
 * @param unboundedSuccessRate for unbounded attacks, the success rate at any distance
 * @param medianL2 median L2 distance of the broken examples (for unbounded attacks: of every success;
 *     null: none broken)
 * @param medianQueries median model queries of the broken examples where the attack counts them
 * @param seconds wall time spent on this cell
 */
public record SweepCell(
    int modelIndex,
    String model,
    String network,
    int attackIndex,
    String attack,
    String description,
    Norm norm,
    Attack.Access access,
    boolean bounded,
    double eps,
    int n,
    int cleanCorrect,
    int robustCorrect,
    double cleanAccuracy,
    double robustAccuracy,
    double successRate,
    int attacked,
    Double reusedFromEps,
    Double unboundedSuccessRate,
    Double medianL2,
    Double medianLinf,
    Double medianQueries,
    double seconds) {

  public SweepCell {
    if (n < 1 || robustCorrect > cleanCorrect || cleanCorrect > n || robustCorrect < 0) {
      throw new IllegalArgumentException(
          "inconsistent cell counts: n " + n + ", clean " + cleanCorrect + ", robust " + robustCorrect);
    }
  }

  /** True when this cell is for the given model, attack and ε. */
  public boolean at(int model, int attack, double budget) {
    return modelIndex == model && attackIndex == attack && eps == budget;
  }

  /** The same cell under another model index and name (to chart cells of separate sweeps together). */
  public SweepCell relabelled(int newModelIndex, String newNetwork) {
    return new SweepCell(newModelIndex, model, newNetwork, attackIndex, attack, description, norm, access, bounded, eps, n,
        cleanCorrect, robustCorrect, cleanAccuracy, robustAccuracy, successRate, attacked, reusedFromEps,
        unboundedSuccessRate, medianL2, medianLinf, medianQueries, seconds);
  }
}
