package dqa.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dqa.data.LabeledImages;
import dqa.nn.Network;
import dqa.run.CancellationToken;
import dqa.run.ProgressListener;

/** Clean top-1 accuracy of a network on a set of images. */
public final class Accuracy {
  private Accuracy() {}

  /** The fraction of {@code data} the network classifies correctly, in batches. */
  public static double evaluate(
      Network network, LabeledImages data, int batchSize, ProgressListener progress, CancellationToken cancel) {
    if (data.count() == 0) {
      return Double.NaN;
    }
    long correct = 0;
    for (int from = 0; from < data.count(); from += batchSize) {
      cancel.throwIfCancelled();
      int to = Math.min(data.count(), from + batchSize);
      try (NDManager batch = network.manager().newSubManager()) {
        NDArray x = Batches.images(batch, data, null, from, to, null);
        NDArray y = Batches.labels(batch, data, null, from, to);
        correct += countCorrect(network.logits(x, false), y);
      }
      progress.progress(to, data.count(), "evaluating " + to + "/" + data.count());
    }
    return (double) correct / data.count();
  }

  /** How many rows of {@code logits} have their maximum at the label. */
  public static long countCorrect(NDArray logits, NDArray labels) {
    return logits.argMax(1).toType(labels.getDataType(), false).eq(labels).sum().getLong();
  }
}
