package dqa.attack;

import dqa.run.CancellationToken;
import dqa.run.ProgressListener;

/**
 * How an attack runs: its seed, where it reports progress (steps of the attack), and the token it
 * polls once per step.
 *
 * @param stopAtSuccess an iterative attack may stop working on an example as soon as the 8-bit image
 *     it would return for it meets the goal. The runner sets it, because it measures exactly that
 *     image; adversarial training never does (it wants the full attack).
 */
public record AttackContext(long seed, ProgressListener progress, CancellationToken cancel, boolean stopAtSuccess) {
  public AttackContext {
    progress = progress == null ? ProgressListener.NONE : progress;
    cancel = cancel == null ? CancellationToken.none() : cancel;
  }

  public AttackContext(long seed, ProgressListener progress, CancellationToken cancel) {
    this(seed, progress, cancel, false);
  }

  /** The same context, allowing an attack to stop on each example at its first success. */
  public AttackContext stoppingAtSuccess() {
    return new AttackContext(seed, progress, cancel, true);
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
