package dqa.app.common;

import dqa.run.CancellationToken;
import dqa.run.CancelledException;
import dqa.run.ProgressListener;
import dqa.run.UserException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * One long job of the window (the role of JabRef's {@code BackgroundTask}): its work runs on the
 * engine thread and reports through a {@link ProgressListener} and a {@link CancellationToken};
 * its handlers, message, progress and state change only on the UI thread.
 *
 * <p>Nothing here needs a JavaFX toolkit: {@link EngineTasks#inline()} runs the work and then the
 * handlers on the calling thread, so a view-model's success, failure and cancel paths are plain
 * unit tests.
 *
 * <p>A job ends exactly once: <em>cancelled</em> when its token was cancelled by the time the work
 * returned or threw (whatever it threw: an engine interrupted halfway fails in many ways),
 * <em>failed</em> when the work threw, <em>succeeded</em> otherwise. A cancelled job stays running
 * until its work stops at the next batch or step, so the next job never overlaps it.
 */
public final class Job<T> {
  /** Where a job is; the last three are final. */
  public enum State {
    WAITING, RUNNING, SUCCEEDED, FAILED, CANCELLED;

    public boolean isDone() {
      return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }
  }

  /** The work of a job, on the engine thread. */
  @FunctionalInterface
  public interface Work<T> {
    T run(ProgressListener progress, CancellationToken cancel) throws Exception;
  }

  /**
   * Counted progress reaches the window at most this often: each update makes the UI thread lay out
   * and redraw. The last step and message-only updates (a new phase, often followed by silence) always pass.
   */
  static final long PROGRESS_EVERY_NANOS = 200_000_000L;

  /** What the engine thread tells the UI thread about this job. */
  private sealed interface Update {}

  private record Progress(double fraction, String message) implements Update {}

  private record Ended(State state, Object value, Throwable error) implements Update {}

  private record CancelAsked() implements Update {}

  private final String title;
  private final Work<T> work;
  private final CancellationToken token = new CancellationToken();
  private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
  private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(-1);
  private final ReadOnlyObjectWrapper<State> state = new ReadOnlyObjectWrapper<>(State.WAITING);
  private final ReadOnlyBooleanWrapper cancelRequested = new ReadOnlyBooleanWrapper(false);
  private final List<Consumer<? super T>> onSucceeded = new ArrayList<>();
  private final List<Consumer<Throwable>> onFailed = new ArrayList<>();
  private final List<Runnable> onCancelled = new ArrayList<>();
  private final List<Runnable> onDone = new ArrayList<>();
  private T value;
  private Throwable error;
  private long lastProgress = System.nanoTime() - PROGRESS_EVERY_NANOS;
  private volatile UiQueue<Update> updates;

  private Job(String title, Work<T> work) {
    this.title = Objects.requireNonNull(title, "title");
    this.work = Objects.requireNonNull(work, "work");
  }

  /** A job named {@code title} (the status bar shows it) doing {@code work}. */
  public static <T> Job<T> of(String title, Work<T> work) {
    return new Job<>(title, work);
  }

  // ------------------------------------------------------------------ handlers (UI thread)

  /**
   * Adds a handler of the result; handlers run in the order they were added. A handler added after
   * the job ended runs at once if it concerns that end (so chaining after {@link EngineTasks#start}
   * is safe even when the job ran inline).
   */
  public Job<T> onSucceeded(Consumer<? super T> handler) {
    onSucceeded.add(handler);
    if (state.get() == State.SUCCEEDED) {
      handler.accept(value);
    }
    return this;
  }

  /** Adds a handler of the work's exception (never a cancel: see {@link #onCancelled}). */
  public Job<T> onFailed(Consumer<Throwable> handler) {
    onFailed.add(handler);
    if (state.get() == State.FAILED) {
      handler.accept(error);
    }
    return this;
  }

  public Job<T> onCancelled(Runnable handler) {
    onCancelled.add(handler);
    if (state.get() == State.CANCELLED) {
      handler.run();
    }
    return this;
  }

  /** Adds a handler that runs after the job ended in any way, after that end's own handlers. */
  public Job<T> onDone(Runnable handler) {
    onDone.add(handler);
    if (state.get().isDone()) {
      handler.run();
    }
    return this;
  }

  /**
   * Shows a failure as an error dialog headed {@code heading}: a {@link UserException}'s message
   * alone (it names the file or field), anything else with its stack trace for a bug report.
   */
  public Job<T> reportingFailures(DialogService dialogs, String heading) {
    return onFailed(t -> dialogs.showError(heading, t.getMessage(), t instanceof UserException ? null : t));
  }

  // ------------------------------------------------------------------ what the window reads

  public String title() {
    return title;
  }

  /** The last message the work reported (empty before the first). */
  public ReadOnlyStringProperty messageProperty() {
    return message.getReadOnlyProperty();
  }

  /** Done over total, or -1 while the work does not know how far it is. */
  public ReadOnlyDoubleProperty progressProperty() {
    return progress.getReadOnlyProperty();
  }

  public ReadOnlyObjectProperty<State> stateProperty() {
    return state.getReadOnlyProperty();
  }

  public State state() {
    return state.get();
  }

  /** The result, once succeeded (null before). */
  public T value() {
    return value;
  }

  /** The exception, once failed (null otherwise). */
  public Throwable error() {
    return error;
  }

  /** Asks the work to stop at its next batch or step; the job ends as cancelled when it has. Any thread. */
  public void cancel() {
    token.cancel();
    UiQueue<Update> q = updates;
    if (q != null) {
      q.post(new CancelAsked());
    }
  }

  /** Whether a cancel was asked for (true from then on, also after the end); read on the UI thread. */
  public ReadOnlyBooleanProperty cancelRequestedProperty() {
    return cancelRequested.getReadOnlyProperty();
  }

  public boolean isCancelRequested() {
    return token.isCancelled();
  }

  // ------------------------------------------------------------------ run by EngineTasks

  /** Marks the job running (UI thread); from now on its reports reach the UI thread through {@code ui}. */
  void started(Executor ui) {
    if (state.get() != State.WAITING) {
      throw new IllegalStateException("the job '" + title + "' was already started");
    }
    updates = new UiQueue<>(ui, this::apply);
    state.set(State.RUNNING);
    if (token.isCancelled()) {
      cancelRequested.set(true);
    }
  }

  /**
   * Runs the work on the calling (engine) thread; its reports and its end go to the UI thread.
   *
   * @param thin whether counted progress is thinned to one report per {@link #PROGRESS_EVERY_NANOS}
   */
  void run(boolean thin) {
    ProgressListener listener = (done, total, text) -> {
      long now = System.nanoTime();
      if (thin && total > 0 && done < total && now - lastProgress < PROGRESS_EVERY_NANOS) {
        return;
      }
      lastProgress = now;
      updates.post(new Progress(total > 0 ? (double) done / total : -1, text));
    };
    if (token.isCancelled()) {
      updates.post(new Ended(State.CANCELLED, null, null)); // cancelled while it waited: nothing to stop
      return;
    }
    Ended end;
    try {
      T result = work.run(listener, token);
      end = token.isCancelled() ? new Ended(State.CANCELLED, null, null) : new Ended(State.SUCCEEDED, result, null);
    } catch (Throwable t) { // whatever the work threw ends the job, and the engine thread lives on to run the next
      boolean cancelled = token.isCancelled() || t instanceof CancelledException;
      end = cancelled ? new Ended(State.CANCELLED, null, null) : new Ended(State.FAILED, null, t);
    }
    updates.post(end);
  }

  @SuppressWarnings("unchecked")
  private void apply(List<Update> batch) {
    Progress last = null;
    for (Update u : batch) {
      if (u instanceof CancelAsked) {
        cancelRequested.set(true);
      } else if (u instanceof Progress p) {
        last = p;
        if (p.message() != null && !p.message().isEmpty()) {
          message.set(p.message());
        }
      } else if (u instanceof Ended e) {
        if (last != null) {
          progress.set(last.fraction());
          last = null;
        }
        end(e.state(), (T) e.value(), e.error());
      }
    }
    if (last != null && !state.get().isDone()) {
      progress.set(last.fraction());
    }
  }

  private void end(State how, T result, Throwable t) {
    value = result;
    error = t;
    if (how == State.CANCELLED && message.get().isEmpty()) {
      message.set("cancelled");
    }
    state.set(how);
    switch (how) {
      case SUCCEEDED -> onSucceeded.forEach(h -> h.accept(result));
      case FAILED -> onFailed.forEach(h -> h.accept(t));
      case CANCELLED -> onCancelled.forEach(Runnable::run);
      default -> throw new IllegalStateException(how.toString());
    }
    onDone.forEach(Runnable::run);
  }
}
