package dqa.app.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dqa.train.RunManifest;
import dqa.train.TrainingListener;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Skipped steps and divergence are badges on a run's status, not only lines in a log. */
class RunStatusTest {
  private static TrainingListener.EpochMetrics epoch(int e, int skipped) {
    return new TrainingListener.EpochMetrics(e, 3, 0.5, 0.9, 0.9, 1e-3, 1, 100, null, skipped, skipped > 0 ? "loss" : null);
  }

  private static RunManifest run(RunManifest.Status status, String message, TrainingListener.EpochMetrics... epochs) {
    return new RunManifest(RunManifest.FORMAT, "r", status, null, null, null, "lenet/dqa:2", 0, null, epochs.length, null,
        List.of(epochs), null, null, null, 1, message);
  }

  @Test
  void aHealthyRunIsJustItsStatus() {
    assertEquals("completed", RunsViewModel.status(run(RunManifest.Status.COMPLETED, null, epoch(1, 0), epoch(2, 0))));
  }

  @Test
  void skippedStepsAreCountedOverEpochs() {
    assertEquals("completed ⚠ 23 steps skipped",
        RunsViewModel.status(run(RunManifest.Status.COMPLETED, null, epoch(1, 20), epoch(2, 3))));
    assertEquals("cancelled ⚠ 1 step skipped", RunsViewModel.status(run(RunManifest.Status.CANCELLED, "c", epoch(1, 1))));
  }

  @Test
  void aDivergedRunSaysSo() {
    assertEquals("failed ⚠ diverged ⚠ 10 steps skipped", RunsViewModel.status(run(RunManifest.Status.FAILED,
        "training diverged: the loss was not finite for 10 batches in a row (epoch 1, batch 330)", epoch(1, 10))));
    assertEquals("failed", RunsViewModel.status(run(RunManifest.Status.FAILED, "out of memory")));
  }
}
