package dqa.app.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dqa.app.RecordingDialogs;
import dqa.run.UserException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The window's job layer without a JavaFX toolkit: every way a job ends, and how its reports reach the UI thread. */
class JobTest {
  private final List<String> calls = new ArrayList<>();

  private <T> Job<T> recorded(Job<T> job) {
    return job.onSucceeded(v -> calls.add("succeeded " + v))
        .onFailed(t -> calls.add("failed " + t.getMessage()))
        .onCancelled(() -> calls.add("cancelled"))
        .onDone(() -> calls.add("done"));
  }

  @Test
  void aJobThatReturnsSucceedsOnceAndLeavesTheRunnerIdle() {
    EngineTasks tasks = EngineTasks.inline();
    Job<Integer> job = tasks.start(recorded(Job.of("sum", (progress, cancel) -> 2 + 2)));
    assertEquals(List.of("succeeded 4", "done"), calls);
    assertEquals(Job.State.SUCCEEDED, job.state());
    assertEquals(4, job.value());
    assertFalse(tasks.isBusy());
    assertEquals(Job.State.SUCCEEDED, tasks.lastJobProperty().get().state());
    assertEquals("sum", tasks.lastJobProperty().get().title());
  }

  @Test
  void aFailureIsShownAsADialogNamingTheProblemAndFreesTheEngine() {
    RecordingDialogs dialogs = new RecordingDialogs();
    EngineTasks tasks = EngineTasks.inline();
    Job<Void> bad = tasks.start(recorded(Job.<Void>of("load", (progress, cancel) -> {
      throw new UserException("data.bin: not an IDX file");
    }).reportingFailures(dialogs, "Loading failed")));
    assertEquals(List.of("failed data.bin: not an IDX file", "done"), calls);
    assertEquals(Job.State.FAILED, bad.state());
    assertTrue(bad.error() instanceof UserException);
    assertEquals(1, dialogs.errors.size());
    assertTrue(dialogs.errors.get(0).contains("Loading failed") && dialogs.errors.get(0).contains("data.bin"),
        dialogs.errors.toString());
    assertFalse(tasks.isBusy(), "a failed job frees the engine for the next");
  }

  @Test
  void cancellingEndsTheJobAsCancelledWhateverTheWorkThenThrowsOrReturns() {
    RecordingDialogs dialogs = new RecordingDialogs();
    EngineTasks tasks = EngineTasks.inline();
    Job<String> stopped = tasks.start(recorded(Job.<String>of("train", (progress, cancel) -> {
      tasks.cancelRunning(); // as Esc would, between two batches
      cancel.throwIfCancelled();
      return "never";
    }).reportingFailures(dialogs, "Training failed")));
    assertEquals(List.of("cancelled", "done"), calls);
    assertEquals(Job.State.CANCELLED, stopped.state());
    assertTrue(stopped.cancelRequestedProperty().get());
    assertTrue(dialogs.errors.isEmpty(), "a cancel is not an error");

    calls.clear();
    Job<String> finishedAnyway = tasks.start(recorded(Job.of("export", (progress, cancel) -> {
      tasks.cancelRunning();
      return "written";
    })));
    assertEquals(List.of("cancelled", "done"), calls, "the user asked to stop: the result is not taken");
    assertNull(finishedAnyway.value());

    calls.clear();
    tasks.start(recorded(Job.<String>of("attack", (progress, cancel) -> {
      tasks.cancelRunning();
      throw new IllegalStateException("tensor closed"); // an engine stopped halfway fails in its own way
    }).reportingFailures(dialogs, "The attack failed")));
    assertEquals(List.of("cancelled", "done"), calls);
    assertTrue(dialogs.errors.isEmpty());
  }

  @Test
  void aHandlerAddedAfterTheEndRunsAtOnceIfItConcernsThatEnd() {
    Job<String> job = EngineTasks.inline().start(Job.of("quick", (progress, cancel) -> "ok"));
    job.onSucceeded(v -> calls.add("late " + v)).onFailed(t -> calls.add("wrong")).onCancelled(() -> calls.add("wrong"))
        .onDone(() -> calls.add("late done"));
    assertEquals(List.of("late ok", "late done"), calls);
  }

  @Test
  void reportsReachTheUiThreadInOneBatchAndTheJobEndsOnlyThere() {
    List<Runnable> pulses = new ArrayList<>();
    EngineTasks tasks = new EngineTasks(Runnable::run, pulses::add, null);
    Job<String> job = tasks.start(recorded(Job.of("sweep", (progress, cancel) -> {
      progress.progress(0, 0, "phase one");
      progress.progress(0, 0, "phase two");
      progress.progress(4, 4, "cell 4");
      return "result";
    })));
    assertEquals(1, pulses.size(), "three reports and the end: one trip to the UI thread");
    assertTrue(calls.isEmpty(), "no handler runs off the UI thread");
    assertSame(job, tasks.runningProperty().get(), "the job is running until the UI thread learns it ended");
    assertEquals(Job.State.RUNNING, job.state());
    pulses.get(0).run();
    assertEquals("cell 4", job.messageProperty().get());
    assertEquals(1.0, job.progressProperty().get(), 0);
    assertEquals(List.of("succeeded result", "done"), calls);
    assertFalse(tasks.isBusy());
  }

  @Test
  void countedProgressIsThinnedButTheLastStepAlwaysArrives() {
    List<Double> seen = new ArrayList<>();
    EngineTasks tasks = new EngineTasks(Runnable::run, Runnable::run, null);
    Job<Void> job = Job.of("epochs", (progress, cancel) -> {
      for (int i = 1; i <= 1000; i++) {
        progress.progress(i, 1000, "batch " + i);
      }
      return null;
    });
    job.progressProperty().addListener((o, was, now) -> seen.add(now.doubleValue()));
    tasks.start(job);
    assertTrue(seen.size() < 10, "a thousand quick batches do not make a thousand redraws: " + seen.size());
    assertEquals(1.0, seen.get(seen.size() - 1), 0);
    assertEquals("batch 1000", job.messageProperty().get());

    List<Double> all = new ArrayList<>();
    Job<Void> inline = Job.of("epochs", (progress, cancel) -> {
      for (int i = 1; i <= 1000; i++) {
        progress.progress(i, 1000, "batch " + i);
      }
      return null;
    });
    inline.progressProperty().addListener((o, was, now) -> all.add(now.doubleValue()));
    EngineTasks.inline().start(inline);
    assertEquals(1000, all.size(), "inline, for tests, every report arrives");
  }

  @Test
  void onTheRealEngineThreadTheJobsRunOneAfterAnotherInOrder() throws Exception {
    ExecutorService engine = Executors.newSingleThreadExecutor();
    ExecutorService ui = Executors.newSingleThreadExecutor();
    try {
      EngineTasks tasks = new EngineTasks(engine, ui, null);
      List<String> order = java.util.Collections.synchronizedList(new ArrayList<>());
      CountDownLatch ended = new CountDownLatch(2);
      ui.submit(() -> {
        tasks.start(Job.of("first", (p, c) -> {
          Thread.sleep(50);
          order.add("first work");
          return 1;
        })).onDone(() -> {
          order.add("first end");
          ended.countDown();
        });
        tasks.start(Job.of("second", (p, c) -> {
          order.add("second work");
          return 2;
        })).onDone(() -> {
          order.add("second end");
          ended.countDown();
        });
      }).get();
      assertTrue(ended.await(10, TimeUnit.SECONDS));
      assertEquals(List.of("first work", "second work"), order.stream().filter(s -> s.endsWith("work")).toList());
      assertTrue(order.indexOf("first end") > order.indexOf("first work"));
    } finally {
      engine.shutdownNow();
      ui.shutdownNow();
    }
  }

  @Test
  void aJobStartedWhileAnotherRunsWaitsAndTheRunningOneIsAlwaysTheOneWorking() {
    List<Runnable> engine = new ArrayList<>();
    EngineTasks tasks = new EngineTasks(engine::add, Runnable::run, null);
    Job<String> attack = tasks.start(Job.of("attack", (p, c) -> "gallery"));
    Job<String> flips = tasks.start(Job.of("reading activations", (p, c) -> "bins"));
    assertSame(attack, tasks.runningProperty().get(), "the second waits behind the first");
    tasks.cancelRunning();
    assertTrue(attack.isCancelRequested() && !flips.isCancelRequested(), "Esc stops the job that is working");
    engine.get(0).run();
    assertEquals(Job.State.CANCELLED, attack.state());
    assertSame(flips, tasks.runningProperty().get(), "then the waiting one is the running one");
    assertTrue(tasks.isBusy());
    engine.get(1).run();
    assertEquals("bins", flips.value());
    assertFalse(tasks.isBusy());
  }

  @Test
  void aJobCancelledWhileItWaitsNeverRunsItsWork() {
    List<Runnable> engine = new ArrayList<>();
    EngineTasks tasks = new EngineTasks(engine::add, Runnable::run, null);
    tasks.start(Job.of("first", (p, c) -> 1));
    boolean[] ran = {false};
    Job<Integer> waiting = tasks.start(recorded(Job.of("second", (p, c) -> {
      ran[0] = true;
      return 2;
    })));
    waiting.cancel();
    engine.forEach(Runnable::run);
    assertFalse(ran[0], "its work was never started");
    assertEquals(Job.State.CANCELLED, waiting.state());
    assertEquals(List.of("cancelled", "done"), calls);
    assertFalse(tasks.isBusy());
  }
}
