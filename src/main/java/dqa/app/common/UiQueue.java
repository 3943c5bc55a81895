package dqa.app.common;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The one bridge from the engine thread to the UI thread: values posted from any thread are queued,
 * and one run on the UI thread delivers everything that arrived meanwhile, in order, as one batch.
 *
 * <p>An engine that reports faster than the window redraws would otherwise post one UI-thread run
 * per event and make the window lay out for each; here a burst costs one pulse. The UI executor is
 * {@code Platform::runLater} in the window and {@code Runnable::run} in tests, which then deliver at
 * once on the posting thread, without a toolkit.
 */
public final class UiQueue<T> {
  private final Executor ui;
  private final Consumer<List<T>> deliver;
  private final ConcurrentLinkedQueue<T> pending = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean scheduled = new AtomicBoolean();

  /**
   * @param ui runs the delivery (the UI thread)
   * @param deliver receives each batch, never empty, on the UI thread
   */
  public UiQueue(Executor ui, Consumer<List<T>> deliver) {
    this.ui = ui;
    this.deliver = deliver;
  }

  /** Queues {@code value}; a delivery is scheduled unless one is already waiting. Any thread. */
  public void post(T value) {
    pending.add(value);
    if (scheduled.compareAndSet(false, true)) {
      ui.execute(this::drain);
    }
  }

  /** Delivers what is queued now (the UI thread; tests may call it to flush). */
  public void drain() {
    // Cleared before polling: a value posted while this batch is taken schedules the next drain.
    scheduled.set(false);
    List<T> batch = new ArrayList<>();
    for (T v; (v = pending.poll()) != null; ) {
      batch.add(v);
    }
    if (!batch.isEmpty()) {
      deliver.accept(batch);
    }
  }
}
