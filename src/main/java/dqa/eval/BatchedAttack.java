package dqa.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dqa.attack.Attack;
import dqa.attack.AttackContext;
import dqa.attack.AttackResult;
import dqa.attack.BatchSeeds;
import dqa.data.LabeledImages;
import dqa.nn.Network;
import dqa.run.CancellationToken;
import dqa.run.ProgressListener;
import dqa.train.Batches;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * The one way images are attacked in batches: the {@code attack} command, sweep cells, the transfer
 * matrix and the window's close look all go through here, so the same images in the same batches
 * always meet the same seeds ({@link BatchSeeds}) and the same batching, and an image's result
 * depends only on the run's seed, the attack's index, the budget, the batch size and its place in
 * the order, never on what was attacked before it.
 *
 * <p>Each batch is built in its own sub-manager of the network, which is closed when the batch's
 * consumer returns: the consumer reads the plain values of the {@link AttackResult} and keeps no
 * engine arrays.
 */
public final class BatchedAttack {
  private BatchedAttack() {}

  /**
   * One attacked batch.
   *
   * @param number the batch's number, from 0
   * @param batches how many batches the run has
   * @param images the indices (into the attacked images) of this batch's images, in result order
   */
  public record Batch(int number, int batches, int[] images, AttackResult result) {}

  /**
   * Attacks {@code order} (indices into {@code images}; {@code null} for all, in order) in batches of
   * {@code batchSize}, batch {@code b} with seed {@code seeds.of(b)}. Progress is in attacked images
   * of this run, fractional within a batch as the attack reports its steps.
   */
  public static void run(
      Network network,
      Attack attack,
      LabeledImages images,
      int[] order,
      int batchSize,
      BatchSeeds seeds,
      ProgressListener progress,
      CancellationToken cancel,
      Consumer<Batch> each) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size " + batchSize);
    }
    int n = order == null ? images.count() : order.length;
    int batches = (n + batchSize - 1) / batchSize;
    for (int from = 0, b = 0; from < n; from += batchSize, b++) {
      cancel.throwIfCancelled();
      int to = Math.min(n, from + batchSize);
      int first = from;
      int number = b;
      String label = "batch " + (b + 1) + "/" + batches;
      try (NDManager sub = network.manager().newSubManager()) {
        NDArray x = Batches.images(sub, images, order, from, to, null);
        NDArray y = Batches.labels(sub, images, order, from, to);
        AttackContext ctx =
            new AttackContext(
                seeds.of(number),
                (done, steps, msg) ->
                    progress.progress(first + (long) (to - first) * done / Math.max(1, steps), n, label + " " + msg),
                cancel);
        AttackResult r = attack.run(network, x, y, null, ctx);
        int[] picked = order == null ? range(first, to) : Arrays.copyOfRange(order, first, to);
        each.accept(new Batch(number, batches, picked, r));
      }
      progress.progress(to, n, label);
    }
  }

  private static int[] range(int from, int to) {
    int[] r = new int[to - from];
    for (int i = 0; i < r.length; i++) {
      r[i] = from + i;
    }
    return r;
  }
}
