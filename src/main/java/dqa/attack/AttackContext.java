package dqa.attack;

import dqa.run.CancellationToken;
import dqa.run.ProgressListener;

/**
 * How an attack runs: its seed, where it reports progress (steps of the attack), and the token it
 * polls once per step.
 */
public record AttackContext(long seed, ProgressListener progress, CancellationToken cancel) {
  public AttackContext {
    progress = progress == null ? ProgressListener.NONE : progress;
    cancel = cancel == null ? CancellationToken.none() : cancel;
  }

  public static AttackContext of(long seed) {
    return new AttackContext(seed, ProgressListener.NONE, CancellationToken.none());
  }

  /** Reports step {@code done} of {@code total} and checks for cancellation. */
  public void step(long done, long total, String message) {
    cancel.throwIfCancelled();
    progress.progress(done, total, message);
  }
}
