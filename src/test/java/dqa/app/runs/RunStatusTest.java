package dqa.app.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dqa.train.RunManifest;
import dqa.train.TrainingListener;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Skipped steps and divergence are badges on a run's status; several runs compare by the fields that differ. */
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

  private static RunsViewModel.Row row(String id, RunManifest m) {
    return new RunsViewModel.Row(java.nio.file.Path.of(id), id, m.network(), "mnist", RunsViewModel.status(m), 1, null, 1,
        m, null, null);
  }

  @Test
  void oneRunListsEveryFieldSeveralOnlyWhatDiffers() {
    RunManifest a = run(RunManifest.Status.COMPLETED, null, epoch(1, 0));
    RunManifest b = new RunManifest(RunManifest.FORMAT, "r", RunManifest.Status.COMPLETED, null, null, null, "lenet/relu",
        0, null, 1, null, List.of(epoch(1, 4)), null, null, null, 1, null);
    RunsViewModel.Comparison one = RunsViewModel.compare(List.of(row("a", a)));
    assertEquals(List.of("field", "a"), one.headers());
    java.util.Map<String, String> fields = new java.util.HashMap<>();
    one.rows().forEach(r -> fields.put(r.get(0), r.get(1)));
    assertEquals("dqa-run/1", fields.get("format"));
    assertEquals("lenet/dqa:2", fields.get("network"));
    RunsViewModel.Comparison two = RunsViewModel.compare(List.of(row("a", a), row("b", b)));
    assertEquals(List.of("field", "a", "b"), two.headers());
    assertEquals(List.of(List.of("network", "lenet/dqa:2", "lenet/relu"), List.of("skipped_steps", "0", "4")), two.rows(),
        "only the fields that differ");
  }

  @Test
  void aLongOrSeveralLineNoteShowsItsFirstLineAndSaysThereIsMore() {
    assertEquals("baseline", RunsViewModel.shortened("baseline"));
    assertEquals("baseline for the talk …", RunsViewModel.shortened("baseline for the talk\nseed 1, 10 epochs"));
    String longNote = "x".repeat(80);
    assertEquals("x".repeat(59) + " …", RunsViewModel.shortened(longNote));
    assertEquals("", RunsViewModel.shortened(""));
  }
}
