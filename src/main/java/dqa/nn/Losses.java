package dqa.nn;

import ai.djl.ndarray.NDArray;

/** Loss functions on logits, shared by training and attacks. */
public final class Losses {
  private Losses() {}

  /** Per-example softmax cross-entropy of N×K logits against N class indices, shape N. */
  public static NDArray crossEntropyPerExample(NDArray logits, NDArray labels) {
    return logits.logSoftmax(1).mul(oneHot(logits, labels)).sum(new int[] {1}).neg();
  }

  /** The labels as N×K one-hot rows of the logits' type. */
  private static NDArray oneHot(NDArray logits, NDArray labels) {
    return labels.oneHot((int) logits.getShape().get(1)).toType(logits.getDataType(), false);
  }

  /**
   * Per-example softmax cross-entropy, as {@link #crossEntropyPerExample}, whose gradient with respect
   * to the logits is computed without cancellation: {@code softmax − one-hot} with the true class's
   * entry {@code −Σ_{j≠y} p_j} in place of {@code p_y − 1}.
   *
   * <p>Why: on a confidently classified example {@code p_y} is within a few float32 steps of 1 (one
   * step is 6·10⁻⁸), so {@code p_y − 1} keeps one or two significant digits or none: at
   * {@code 1 − p_y = 10⁻⁶} it is off by up to 3 %, at 10⁻⁸ it is exactly 0. The true class then gets the
   * wrong weight in the input gradient, whose sign (what FGSM and PGD follow) comes out arbitrary in
   * the pixels where the classes' contributions nearly cancel — different for every engine's last bits
   * (a PyTorch rebuild disagreed in 120 of 1,000 images on a 1-bit LeNet), and too weak: FGSM looked
   * like a defence where it had only lost the gradient to rounding. The small probabilities {@code
   * p_j} themselves are accurate to float32 precision, so their sum is. Attacks use this loss;
   * training keeps the plain one, where such examples contribute nothing anyway.
   */
  public static NDArray crossEntropyPerExampleAccurately(NDArray logits, NDArray labels) {
    NDArray oneHot = oneHot(logits, labels);
    NDArray value = crossEntropyPerExample(logits, labels);
    NDArray others = logits.stopGradient().softmax(1).mul(oneHot.neg().add(1f));
    NDArray slope = others.sub(oneHot.mul(others.sum(new int[] {1}, true)));
    // value + (s − stop(s)): the value of the cross-entropy (s − s is exactly 0), the gradient `slope`.
    NDArray surrogate = slope.mul(logits).sum(new int[] {1});
    return value.stopGradient().add(surrogate.sub(surrogate.stopGradient()));
  }

  /** Mean softmax cross-entropy, a scalar. */
  public static NDArray crossEntropy(NDArray logits, NDArray labels) {
    return crossEntropyPerExample(logits, labels).mean();
  }

  /**
   * The Difference of Logits Ratio (Croce &amp; Hein 2020), untargeted, per example: {@code (max_{j≠y} z_j
   * − z_y) / (z_π1 − z_π3)} with {@code z_π} the logits sorted in decreasing order; positive once
   * misclassified. Unlike cross-entropy and the raw margin it does not change when the logits are
   * scaled or shifted, so a network cannot hide from it behind large or flat logits. Needs three classes.
   */
  public static NDArray dlrPerExample(NDArray logits, NDArray labels) {
    NDArray sorted = logits.sort(1);
    int k = (int) logits.getShape().get(1);
    NDArray spread = sorted.get(":, " + (k - 1)).sub(sorted.get(":, " + (k - 3))).add(1e-12f);
    return marginPerExample(logits, labels).div(spread);
  }

  /**
   * Targeted DLR per example, towards {@code targets}: {@code (z_t − z_y) / (z_π1 − (z_π3 + z_π4)/2)};
   * ascending it moves the target's logit above the true class's. Needs four classes.
   */
  public static NDArray dlrTargetedPerExample(NDArray logits, NDArray labels, NDArray targets) {
    NDArray sorted = logits.sort(1);
    int k = (int) logits.getShape().get(1);
    NDArray lower = Scalars.mul(sorted.get(":, " + (k - 3)).add(sorted.get(":, " + (k - 4))), 0.5);
    NDArray spread = sorted.get(":, " + (k - 1)).sub(lower).add(1e-12f);
    NDArray target = logits.mul(oneHot(logits, targets)).sum(new int[] {1});
    NDArray truth = logits.mul(oneHot(logits, labels)).sum(new int[] {1});
    return target.sub(truth).div(spread);
  }

  /**
   * Carlini–Wagner margin per example: {@code max_{j≠y} z_j − z_y} (positive once misclassified),
   * the loss PGD can maximise instead of cross-entropy.
   */
  public static NDArray marginPerExample(NDArray logits, NDArray labels) {
    NDArray oneHot = oneHot(logits, labels);
    NDArray trueLogit = logits.mul(oneHot).sum(new int[] {1});
    NDArray others = logits.sub(Scalars.mul(oneHot, 1e9)).max(new int[] {1});
    return others.sub(trueLogit);
  }
}
