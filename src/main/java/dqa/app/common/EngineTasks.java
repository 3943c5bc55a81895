package dqa.app.common;

import dqa.run.EngineWorker;
import java.util.Locale;
import java.util.concurrent.Executor;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the window's long {@link Job}s on the engine thread, one at a time, and knows which one is
 * running (for the status bar, for Esc, and for asking before the window closes).
 *
 * <p>Call {@link #start} on the UI thread; jobs report back to it through their own {@link UiQueue}.
 * While a job runs in the window, an {@link FxStallMonitor} measures how long the FX thread keeps the
 * window from responding; each finished job is logged with its wall time and longest stall and kept
 * as {@link #lastJobProperty()}.
 */
public final class EngineTasks {
  private static final Logger LOG = LoggerFactory.getLogger(EngineTasks.class);
  private static final FxStallMonitor.Stalls NOT_MEASURED = new FxStallMonitor.Stalls(0, 0, 0, 0);

  /** How a job ended, how long it took and how responsive the window stayed meanwhile. */
  public record JobReport(String title, Job.State state, double seconds, FxStallMonitor.Stalls stalls) {
    public String describe() {
      return String.format(Locale.ROOT, "%s: %s after %.1f s; longest FX-thread stall %.0f ms (at %.1f s), %d over %d ms",
          title, state.toString().toLowerCase(Locale.ROOT), seconds, stalls.longestMillis(), stalls.longestAtSeconds(),
          stalls.over50Millis(), FxStallMonitor.STALL_MS);
    }
  }

  private final Executor engine;
  private final Executor ui;
  private final FxStallMonitor stalls;
  private final boolean thinProgress;
  private final ReadOnlyObjectWrapper<Job<?>> running = new ReadOnlyObjectWrapper<>();
  /** Started jobs that have not ended, in the order the engine thread runs them; the first is running. */
  private final java.util.ArrayDeque<Job<?>> active = new java.util.ArrayDeque<>();
  private final ReadOnlyObjectWrapper<JobReport> lastJob = new ReadOnlyObjectWrapper<>();

  /** The window's: jobs run on the process's engine thread and report to the FX thread. */
  public EngineTasks() {
    this(work -> EngineWorker.shared().submit(() -> {
      work.run();
      return null;
    }), Platform::runLater, new FxStallMonitor());
  }

  /**
   * @param engine runs the work (one thread: jobs never overlap)
   * @param ui runs handlers and updates (the UI thread)
   * @param stalls measures the UI thread while a job runs, or null not to
   */
  public EngineTasks(Executor engine, Executor ui, FxStallMonitor stalls) {
    this(engine, ui, stalls, true);
  }

  private EngineTasks(Executor engine, Executor ui, FxStallMonitor stalls, boolean thinProgress) {
    this.engine = engine;
    this.ui = ui;
    this.stalls = stalls;
    this.thinProgress = thinProgress;
  }

  /**
   * Jobs run to their end, handlers included, on the calling thread: view-model tests need no toolkit.
   * Every progress report arrives (there is no window to keep from redrawing), so a test can act at
   * an exact batch, as a user pressing Cancel would.
   */
  public static EngineTasks inline() {
    return new EngineTasks(Runnable::run, Runnable::run, null, false);
  }

  /** Starts {@code job} (after the ones already started); returns it, for chaining handlers. */
  public <T> Job<T> start(Job<T> job) {
    job.started(ui);
    active.addLast(job);
    running.set(active.peekFirst());
    if (stalls != null) {
      stalls.start();
      stalls.takeAndReset();
    }
    long started = System.nanoTime();
    job.stateProperty().addListener((obs, old, state) -> {
      if (!state.isDone()) {
        return;
      }
      JobReport report = new JobReport(job.title(), state, (System.nanoTime() - started) / 1e9,
          stalls == null ? NOT_MEASURED : stalls.takeAndReset());
      if (state == Job.State.FAILED) {
        LOG.warn(report.describe(), job.error());
      } else {
        LOG.info(report.describe());
      }
      lastJob.set(report);
      active.remove(job);
      running.set(active.peekFirst());
    });
    engine.execute(() -> job.run(thinProgress));
    return job;
  }

  /**
   * The job the engine thread is running, or null. A job started while another runs waits behind it
   * and becomes the running one when that one ends, so the status bar and Esc always mean the job
   * that is actually working.
   */
  public ReadOnlyObjectProperty<Job<?>> runningProperty() {
    return running.getReadOnlyProperty();
  }

  /** The last job that ended (null before the first). */
  public ReadOnlyObjectProperty<JobReport> lastJobProperty() {
    return lastJob.getReadOnlyProperty();
  }

  public boolean isBusy() {
    return running.get() != null;
  }

  /** Cancels the running job, if any; it stops at its next batch or step. */
  public void cancelRunning() {
    Job<?> j = running.get();
    if (j != null) {
      j.cancel();
    }
  }
}
