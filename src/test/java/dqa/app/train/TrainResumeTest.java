package dqa.app.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dqa.app.ViewModelFixtures;
import dqa.app.Workbench;
import dqa.app.WorkbenchState;
import dqa.app.common.Job;
import dqa.run.UserException;
import dqa.train.RunManifest;
import dqa.train.TrainResult;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Resume from the Train step, without a screen: a run cancelled in its second epoch goes on from its
 * first epoch's checkpoint and ends where the same recipe trained without a stop ends.
 */
class TrainResumeTest {
  @TempDir Path home;
  Workbench workbench;
  WorkbenchState state;
  TrainViewModel model;

  @BeforeEach
  void setUp() {
    workbench = ViewModelFixtures.inline(ViewModelFixtures.paths(home));
    state = new WorkbenchState();
    state.datasetProperty().set(ViewModelFixtures.mnistSample());
    model = new TrainViewModel(workbench, state);
    model.activation.set("fixed:2");
    model.epochs.set("2");
    model.limit.set("640"); // five batches of 128 per epoch
  }

  /** Cancels the next job once its progress message reaches {@code phase}, as the Cancel button would then. */
  private void cancelAt(String phase) {
    workbench.tasks().runningProperty().addListener(new javafx.beans.value.ChangeListener<Job<?>>() {
      @Override
      public void changed(javafx.beans.value.ObservableValue<? extends Job<?>> o, Job<?> was, Job<?> job) {
        if (job != null) {
          workbench.tasks().runningProperty().removeListener(this); // only this job
          job.messageProperty().addListener((m, before, now) -> {
            if (now.startsWith(phase)) {
              job.cancel();
            }
          });
        }
      }
    });
  }

  @Test
  void aRunCancelledInItsSecondEpochResumesToTheResultOfAnUninterruptedRun() {
    TrainResult uninterrupted = model.start().value();
    assertEquals(RunManifest.Status.COMPLETED, uninterrupted.status());
    assertFalse(model.canResume().get(), "a finished run has nothing to resume");

    cancelAt("epoch 2");
    Job<TrainResult> stopped = model.start();
    assertEquals(Job.State.CANCELLED, stopped.state());
    assertTrue(model.statusProperty().get().contains("press Resume"), model.statusProperty().get());
    assertTrue(model.canResume().get());
    Path dir = model.resumableProperty().get();

    Job<TrainResult> resumed = model.resume();
    assertEquals(Job.State.SUCCEEDED, resumed.state(), String.valueOf(resumed.error()));
    TrainResult r = resumed.value();
    assertEquals(dir, r.runDir(), "the run goes on in its own folder");
    assertEquals(RunManifest.Status.COMPLETED, r.status());
    assertEquals(2, r.epochsCompleted());
    assertEquals(uninterrupted.testAccuracy(), r.testAccuracy(), 0.0,
        "with the optimizer state in the checkpoint, resuming gives the uninterrupted run's result");
    assertNull(model.resumableProperty().get());
    assertFalse(model.canResume().get());
  }

  @Test
  void aRunCancelledInItsFirstEpochHasNothingToResume() {
    cancelAt("epoch 1, batch 2");
    assertEquals(Job.State.CANCELLED, model.start().state());
    assertFalse(model.canResume().get());
    assertTrue(model.statusProperty().get().contains("nothing to resume"), model.statusProperty().get());
    UserException e = assertThrows(UserException.class, model::resume);
    assertTrue(e.getMessage().startsWith("Nothing to resume"), e.getMessage());
  }

  @Test
  void resumingNeedsTheRunsDataSetLoaded() {
    cancelAt("epoch 2");
    model.start();
    assertTrue(model.canResume().get());
    state.datasetProperty().set(null);
    UserException e = assertThrows(UserException.class, model::resume);
    assertTrue(e.getMessage().contains("was trained on MNIST") && e.getMessage().contains("Data step"), e.getMessage());
    assertTrue(model.canResume().get(), "the run stays resumable once the data set is loaded again");
  }
}
