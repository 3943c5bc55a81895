package dqa.attack;

/**
 * The outcome of one attack on one batch, as plain values (no engine arrays).
 *
 * <p>Arrays are per example (length n) unless noted; images are N×C×H×W row-major floats in [0, 1]
 * rounded to 8-bit values; probabilities are N×K softmax outputs.
 *
 * @param success the attack reached its goal (a wrong class, or the target) on the final 8-bit image
 * @param queries model evaluations spent per example (black-box attacks; gradient steps for white-box)
 * @param targets target class per example, or null for an untargeted attack
 */
public record AttackResult(
    String attack,
    int n,
    int classes,
    int[] labels,
    int[] targets,
    int[] cleanPredictions,
    int[] adversarialPredictions,
    boolean[] success,
    double[] l0,
    double[] l2,
    double[] linf,
    long[] queries,
    float[] cleanProbabilities,
    float[] adversarialProbabilities,
    float[] adversarial,
    long seed,
    double seconds) {

  /** Examples classified correctly before the attack. */
  public int cleanCorrect() {
    int c = 0;
    for (int i = 0; i < n; i++) {
      if (cleanPredictions[i] == labels[i]) {
        c++;
      }
    }
    return c;
  }

  /** Examples still classified correctly after the attack. */
  public int robustCorrect() {
    int c = 0;
    for (int i = 0; i < n; i++) {
      if (cleanPredictions[i] == labels[i] && adversarialPredictions[i] == labels[i]) {
        c++;
      }
    }
    return c;
  }

  /** Share of the correctly classified examples that the attack turned (untargeted) wrong. */
  public double successRate() {
    int correct = 0;
    int fooled = 0;
    for (int i = 0; i < n; i++) {
      if (cleanPredictions[i] == labels[i]) {
        correct++;
        if (success[i]) {
          fooled++;
        }
      }
    }
    return correct == 0 ? 0 : (double) fooled / correct;
  }
}
