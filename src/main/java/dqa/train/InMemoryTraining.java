package dqa.train;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Adam;
import ai.djl.training.tracker.Tracker;
import dqa.data.LabeledImages;
import dqa.nn.Losses;
import dqa.nn.Network;
import dqa.run.CancellationToken;
import dqa.run.ProgressListener;

/**
 * A plain training loop over images held in memory: Adam at a constant learning rate, softmax
 * cross-entropy, mini-batches reshuffled every epoch — no run folder, checkpoint, manifest or
 * listener. For models trained inside another piece of work, such as the substitute of a black-box
 * attack; a recorded run uses {@link Training}.
 *
 * <p>Runs on the calling thread. Each call has its own {@link Trainer} (fresh optimiser state, the
 * network's current weights); every batch has its own sub-manager; only the epoch losses leave.
 *
 * @param epochs passes over the data, 1..10000
 * @param learningRate Adam's step size, in (0, 10)
 * @param batchSize examples per step (fewer when the data has fewer), 1..65536
 * @param seed fixes the order of the examples in every epoch
 */
public record InMemoryTraining(int epochs, double learningRate, int batchSize, long seed) {

  public InMemoryTraining {
    if (epochs < 1 || epochs > 10_000) {
      throw new IllegalArgumentException("epochs must be 1..10000, got " + epochs);
    }
    if (!(learningRate > 0 && learningRate < 10)) {
      throw new IllegalArgumentException("learning rate must be in (0, 10), got " + learningRate);
    }
    if (batchSize < 1 || batchSize > 65_536) {
      throw new IllegalArgumentException("batch size must be 1..65536, got " + batchSize);
    }
  }

  /**
   * Trains {@code network} in place on {@code data}.
   *
   * @param progress batches done of all batches of all epochs
   * @return the mean training loss of each epoch
   */
  public double[] fit(
      Network network, LabeledImages data, ProgressListener progress, CancellationToken cancel) {
    if (data.count() == 0) {
      throw new IllegalArgumentException("nothing to train on");
    }
    int batch = Math.min(batchSize, data.count());
    int batches = (data.count() + batch - 1) / batch;
    double[] losses = new double[epochs];
    float lr = (float) learningRate;
    DefaultTrainingConfig config =
        new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss()) // required by DJL; the loop computes its own
            .optOptimizer(Adam.builder().optLearningRateTracker(Tracker.fixed(lr)).build())
            .optDevices(new Device[] {network.device()});
    try (Trainer trainer = network.model().newTrainer(config)) {
      for (int epoch = 0; epoch < epochs; epoch++) {
        int[] order = Batches.shuffled(data.count(), seed * 1_000_003L + epoch);
        double sum = 0;
        for (int b = 0; b < batches; b++) {
          cancel.throwIfCancelled();
          int from = b * batch;
          int to = Math.min(data.count(), from + batch);
          try (NDManager scope = trainer.getManager().newSubManager()) {
            NDArray x = Batches.images(scope, data, order, from, to, null);
            NDArray y = Batches.labels(scope, data, order, from, to);
            try (GradientCollector gc = trainer.newGradientCollector()) {
              NDArray loss = Losses.crossEntropy(trainer.forward(new NDList(x)).singletonOrThrow(), y);
              gc.backward(loss);
              sum += loss.getFloat() * (to - from);
            }
            trainer.step();
          }
          progress.progress((long) epoch * batches + b + 1, (long) epochs * batches,
              "epoch " + (epoch + 1) + "/" + epochs);
        }
        losses[epoch] = sum / data.count();
      }
    }
    return losses;
  }
}
