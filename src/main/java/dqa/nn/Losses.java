package dqa.nn;

import ai.djl.ndarray.NDArray;

/** Loss functions on logits, shared by training and attacks. */
public final class Losses {
  private Losses() {}

  /** Per-example softmax cross-entropy of N×K logits against N class indices, shape N. */
  public static NDArray crossEntropyPerExample(NDArray logits, NDArray labels) {
    NDArray oneHot = labels.oneHot((int) logits.getShape().get(1)).toType(logits.getDataType(), false);
    return logits.logSoftmax(1).mul(oneHot).sum(new int[] {1}).neg();
  }

  /** Mean softmax cross-entropy, a scalar. */
  public static NDArray crossEntropy(NDArray logits, NDArray labels) {
    return crossEntropyPerExample(logits, labels).mean();
  }

  /**
   * Carlini–Wagner margin per example: {@code max_{j≠y} z_j − z_y} (positive once misclassified),
   * the loss PGD can maximise instead of cross-entropy.
   */
  public static NDArray marginPerExample(NDArray logits, NDArray labels) {
    NDArray oneHot = labels.oneHot((int) logits.getShape().get(1)).toType(logits.getDataType(), false);
    NDArray trueLogit = logits.mul(oneHot).sum(new int[] {1});
    NDArray others = logits.sub(Scalars.mul(oneHot, 1e9)).max(new int[] {1});
    return others.sub(trueLogit);
  }
}
