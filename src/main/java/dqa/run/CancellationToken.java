package dqa.run;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A flag that long work polls once per batch or step; set from any thread.
 *
 * <p>The window's jobs (Cancel, Esc) call {@link #cancel()}; the command line sets it
 * on Ctrl-C.
 */
public final class CancellationToken {
  private static final CancellationToken NEVER = new CancellationToken();
  private final AtomicBoolean cancelled = new AtomicBoolean();

  /** A token nobody will ever cancel (cancelling it is ignored). */
  public static CancellationToken none() {
    return NEVER;
  }

  public void cancel() {
    if (this != NEVER) {
      cancelled.set(true);
    }
  }

  public boolean isCancelled() {
    return cancelled.get();
  }

  /** Throws {@link CancelledException} when cancelled; call it at every batch or step. */
  public void throwIfCancelled() {
    if (cancelled.get()) {
      throw new CancelledException();
    }
  }
}
