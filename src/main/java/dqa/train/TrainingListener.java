package dqa.train;

import java.util.Map;

/**
 * Receives training progress as plain values (no engine arrays), per batch and per epoch. The
 * window draws charts from it; the command line draws a progress bar.
 */
public interface TrainingListener {
  TrainingListener NONE = new TrainingListener() {};

  /** Called once before the first batch with the run folder and the batches per epoch. */
  default void started(java.nio.file.Path runDir, int epochs, int batchesPerEpoch, String device) {}

  default void batchFinished(BatchMetrics metrics) {}

  default void epochFinished(EpochMetrics metrics) {}

  /**
   * One finished batch.
   *
   * @param step batches done since the run started (1-based, counting resumed epochs)
   * @param thresholds every DQA layer's thresholds, sampled every {@link #THRESHOLD_EVERY} batches
   *     (null on the other batches and without DQA layers)
   */
  record BatchMetrics(
      int epoch, int batch, int batchesPerEpoch, long step, double loss, double accuracy,
      double imagesPerSecond, double etaSeconds, Map<String, float[][]> thresholds) {}

  /** How often (in batches) thresholds are sampled for live charts. */
  int THRESHOLD_EVERY = 10;

  /**
   * One finished epoch; {@code thresholds} holds every DQA layer's current thresholds (C×(L−1)).
   */
  /**
   * One finished epoch.
   *
   * @param skippedSteps optimizer steps skipped because a gradient or the loss was not finite (see
   *     {@link Training}); 0 in a healthy run
   * @param lastSkip what was not finite at the last skipped step, with its batch; null when none
   */
  record EpochMetrics(
      int epoch, int epochs, double trainLoss, double trainAccuracy, double testAccuracy,
      double learningRate, double seconds, double imagesPerSecond,
      Map<String, float[][]> thresholds, int skippedSteps, String lastSkip) {}
}
