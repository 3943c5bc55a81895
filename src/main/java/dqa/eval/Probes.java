package dqa.eval;

import java.util.List;

/**
 * Extra measurements some sanity checks need beyond the sweep's cells, as plain values: how often
 * the input gradient is exactly zero, and whether a stronger PGD changes the result.
 */
public record Probes(List<GradientProbe> gradients, List<ConvergenceProbe> convergence) {

  public Probes {
    gradients = gradients == null ? List.of() : List.copyOf(gradients);
    convergence = convergence == null ? List.of() : List.copyOf(convergence);
  }

  /**
   * Input gradients of one model under one backward rule on the sweep's images.
   *
   * @param gradient the gradient mode an attack of the sweep uses
   * @param zero images whose loss gradient with respect to the input is exactly zero everywhere
   */
  public record GradientProbe(int modelIndex, String model, String gradient, String loss, int n, int zero) {
    public double zeroShare() {
      return n == 0 ? 0 : (double) zero / n;
    }
  }

  /**
   * One PGD attack of the sweep rerun on all images, alone (no reuse), with twice the steps, and
   * with more random restarts, at one budget.
   *
   * @param eps the budget probed: where the sweep's curve of this attack is steepest (robust
   *     accuracy nearest half the clean accuracy)
   * @param base robust accuracy of the attack as configured
   * @param moreSteps robust accuracy with twice the steps
   * @param restarts robust accuracy with {@code restartCount} random restarts
   */
  public record ConvergenceProbe(
      int modelIndex,
      String model,
      int attackIndex,
      String attack,
      double eps,
      int n,
      double base,
      double moreSteps,
      double restarts,
      String baseAttack,
      String moreStepsAttack,
      String restartsAttack) {}
}
