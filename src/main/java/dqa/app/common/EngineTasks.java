package dqa.app.common;

import dqa.run.CancellationToken;
import dqa.run.EngineWorker;
import dqa.run.ProgressListener;
import java.util.Locale;
import java.util.concurrent.Executor;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.concurrent.Task;
import javafx.concurrent.Worker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the window's long jobs as JavaFX {@link Task}s on the engine thread, one at a time, and
 * knows which one is running (for the status bar and for asking before the window closes).
 *
 * <p>Core code reports through {@link ProgressListener} and polls a {@link CancellationToken};
 * {@link EngineTask} bridges both to the Task's progress, message and cancel.
 *
 * <p>While a job runs, an {@link FxStallMonitor} measures how long the FX thread keeps the window
 * from responding; each finished job is logged with its wall time and longest stall and kept as
 * {@link #lastJobProperty()}.
 */
public final class EngineTasks {
  private static final Logger LOG = LoggerFactory.getLogger(EngineTasks.class);

  /** How a job ended, how long it took and how responsive the window stayed meanwhile. */
  public record JobReport(String title, Worker.State state, double seconds, FxStallMonitor.Stalls stalls) {
    public String describe() {
      return String.format(Locale.ROOT, "%s: %s after %.1f s; longest FX-thread stall %.0f ms (at %.1f s), %d over %d ms",
          title, state.toString().toLowerCase(Locale.ROOT), seconds, stalls.longestMillis(), stalls.longestAtSeconds(),
          stalls.over50Millis(), FxStallMonitor.STALL_MS);
    }
  }

  private final Executor executor;
  private final ReadOnlyObjectWrapper<EngineTask<?>> running = new ReadOnlyObjectWrapper<>();
  private final ReadOnlyObjectWrapper<JobReport> lastJob = new ReadOnlyObjectWrapper<>();
  private final FxStallMonitor stalls = new FxStallMonitor();

  /** Tasks run on the process's engine thread. */
  public EngineTasks() {
    this(task -> EngineWorker.shared().submit(() -> {
      task.run();
      return null;
    }));
  }

  /** Tasks run by the given executor (tests may run them inline). */
  public EngineTasks(Executor executor) {
    this.executor = executor;
  }

  /** Starts a task; it becomes the running task until it ends. */
  public <T> EngineTask<T> start(EngineTask<T> task) {
    running.set(task);
    stalls.start();
    stalls.takeAndReset();
    long started = System.nanoTime();
    task.stateProperty().addListener((obs, old, state) -> {
      if (!isDone(state)) {
        return;
      }
      JobReport report = new JobReport(task.getTitle(), state, (System.nanoTime() - started) / 1e9, stalls.takeAndReset());
      LOG.info(report.describe());
      lastJob.set(report);
      if (running.get() == task) {
        running.set(null);
      }
    });
    executor.execute(task);
    return task;
  }

  public ReadOnlyObjectProperty<EngineTask<?>> runningProperty() {
    return running.getReadOnlyProperty();
  }

  /** The last job that ended (null before the first). */
  public ReadOnlyObjectProperty<JobReport> lastJobProperty() {
    return lastJob.getReadOnlyProperty();
  }

  public boolean isBusy() {
    return running.get() != null;
  }

  /** Cancels the running task, if any; it stops at its next batch or step. */
  public void cancelRunning() {
    EngineTask<?> t = running.get();
    if (t != null) {
      t.cancel();
    }
  }

  private static boolean isDone(Worker.State s) {
    return s == Worker.State.SUCCEEDED || s == Worker.State.FAILED || s == Worker.State.CANCELLED;
  }

  /**
   * A named task whose body receives a progress listener and a cancellation token instead of
   * touching the Task API; results and errors come back on the FX thread.
   */
  public abstract static class EngineTask<T> extends Task<T> {
    private final CancellationToken token = new CancellationToken();

    protected EngineTask(String title) {
      updateTitle(title);
    }

    /** The work, on the engine thread; report through {@code progress}, poll {@code cancel}. */
    protected abstract T work(ProgressListener progress, CancellationToken cancel) throws Exception;

    /**
     * Counted progress reaches the window at most this often: each update makes the FX thread lay out
     * and redraw. The last step and message-only updates (a new phase, often followed by silence) always pass.
     */
    static final long PROGRESS_EVERY_NANOS = 200_000_000L;

    private long lastProgress = System.nanoTime() - PROGRESS_EVERY_NANOS;

    @Override
    protected final T call() throws Exception {
      ProgressListener listener =
          (done, total, message) -> {
            long now = System.nanoTime();
            if (total > 0 && done < total && now - lastProgress < PROGRESS_EVERY_NANOS) {
              return;
            }
            lastProgress = now;
            if (total > 0) {
              updateProgress(done, total);
            } else {
              updateProgress(-1, 1);
            }
            if (message != null && !message.isEmpty()) {
              updateMessage(message);
            }
          };
      return work(listener, token);
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      token.cancel();
      // Never interrupt the engine thread: the work stops itself at the next batch and cleans up.
      return super.cancel(false);
    }

    /** Runs {@code action} on the FX thread (now if already there). */
    protected static void onFx(Runnable action) {
      if (Platform.isFxApplicationThread()) {
        action.run();
      } else {
        Platform.runLater(action);
      }
    }
  }
}
