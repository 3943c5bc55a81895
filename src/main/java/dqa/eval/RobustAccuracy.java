package dqa.eval;

import dqa.attack.Attack;
import dqa.attack.AttackContext;
import dqa.attack.AttackResult;
import dqa.attack.BatchSeeds;
import dqa.data.LabeledImages;
import dqa.nn.Network;
import dqa.run.CancellationToken;
import dqa.run.ProgressListener;
import java.util.function.Consumer;

/**
 * Accuracy of a network under one attack on a fixed set of images, batch by batch ({@link
 * BatchedAttack}); adversarial images are rounded to valid 8-bit pixels (within the budget) before
 * they are classified.
 */
public final class RobustAccuracy {
  private RobustAccuracy() {}

  /**
   * The outcome on {@code n} images.
   *
   * @param successRate share of the correctly classified images that the attack turned wrong
   */
  public record Result(
      String attack, int n, double cleanAccuracy, double accuracy, double successRate, double seconds) {}

  public static Result evaluate(
      Network network, LabeledImages data, Attack attack, int batchSize, long seed, ProgressListener progress,
      CancellationToken cancel) {
    return evaluate(network, data, attack, batchSize, seed, progress, cancel, r -> {});
  }

  /** As above, also handing every batch's full result to {@code batches} (e.g. to save examples). */
  public static Result evaluate(
      Network network,
      LabeledImages data,
      Attack attack,
      int batchSize,
      long seed,
      ProgressListener progress,
      CancellationToken cancel,
      Consumer<AttackResult> batches) {
    if (attack instanceof dqa.attack.SubstituteAttack substitute) {
      // Train the substitute once for this target, then craft every batch on it.
      try (dqa.attack.TrainedSubstitute trained =
          substitute.prepare(network, new AttackContext(BatchSeeds.of(seed, 0, -1, 0), progress, cancel))) {
        Result r = evaluate(network, data, trained.attack(), batchSize, seed, progress, cancel, batches);
        return new Result(substitute.describe() + " oracle-queries=" + trained.report().oracleQueries(), r.n(),
            r.cleanAccuracy(), r.accuracy(), r.successRate(), r.seconds() + trained.report().seconds());
      }
    }
    long start = System.nanoTime();
    int n = data.count();
    long[] cleanCorrect = {0};
    long[] robustCorrect = {0};
    BatchedAttack.run(network, attack, data, null, batchSize, new BatchSeeds(seed, 0, attack.eps()),
        (done, total, msg) -> progress.progress(done, total, attack.name() + " " + msg), cancel, b -> {
          cleanCorrect[0] += b.result().cleanCorrect();
          robustCorrect[0] += b.result().robustCorrect();
          batches.accept(b.result());
        });
    double seconds = (System.nanoTime() - start) / 1e9;
    double success = cleanCorrect[0] == 0 ? 0 : 1.0 - (double) robustCorrect[0] / cleanCorrect[0];
    return new Result(
        attack.describe(), n, (double) cleanCorrect[0] / n, (double) robustCorrect[0] / n, success, seconds);
  }
}
