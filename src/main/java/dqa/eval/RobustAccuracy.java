package dqa.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dqa.attack.Attack;
import dqa.attack.Pixels;
import dqa.data.LabeledImages;
import dqa.nn.Network;
import dqa.run.CancellationToken;
import dqa.run.ProgressListener;
import dqa.train.Batches;

/**
 * Accuracy of a network under one attack on a fixed set of images: adversarial images are rounded
 * to valid 8-bit pixels (within the budget) before they are classified.
 */
public final class RobustAccuracy {
  private RobustAccuracy() {}

  /**
   * The outcome on {@code n} images.
   *
   * @param successRate share of the correctly classified images that the attack turned wrong
   */
  public record Result(
      String attack, int n, double cleanAccuracy, double accuracy, double successRate, double seconds) {}

  public static Result evaluate(
      Network network,
      LabeledImages data,
      Attack attack,
      int batchSize,
      ProgressListener progress,
      CancellationToken cancel) {
    long start = System.nanoTime();
    int n = data.count();
    long cleanCorrect = 0;
    long robustCorrect = 0;
    network.setParametersTrainable(false);
    try {
      for (int from = 0; from < n; from += batchSize) {
        cancel.throwIfCancelled();
        int to = Math.min(n, from + batchSize);
        try (NDManager batch = network.manager().newSubManager()) {
          NDArray x = Batches.images(batch, data, null, from, to, null);
          NDArray y = Batches.labels(batch, data, null, from, to);
          NDArray cleanHit = hits(network, x, y);
          NDArray adv = Pixels.roundTo8BitWithin(attack.craft(network, x, y), x, attack.eps());
          // An example counts as robust only if it was right before and stays right after.
          NDArray robustHit = hits(network, adv, y).logicalAnd(cleanHit);
          cleanCorrect += cleanHit.toType(ai.djl.ndarray.types.DataType.INT64, false).sum().getLong();
          robustCorrect += robustHit.toType(ai.djl.ndarray.types.DataType.INT64, false).sum().getLong();
        }
        progress.progress(to, n, attack.name() + " " + to + "/" + n);
      }
    } finally {
      network.setParametersTrainable(true);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    double clean = (double) cleanCorrect / n;
    double robust = (double) robustCorrect / n;
    double success = cleanCorrect == 0 ? 0 : 1.0 - (double) robustCorrect / cleanCorrect;
    return new Result(attack.describe(), n, clean, robust, success, seconds);
  }

  private static NDArray hits(Network network, NDArray x, NDArray y) {
    return network.logits(x, false).argMax(1).toType(y.getDataType(), false).eq(y);
  }
}
