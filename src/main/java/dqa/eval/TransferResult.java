package dqa.eval;

import dqa.run.Provenance;
import java.util.List;

/**
 * A transfer matrix as saved ({@code format} {@value #FORMAT}): manifest (config, data and its
 * hash, models and their hashes, provenance) and the accuracies.
 *
 * <p>JSON layout (snake_case): {@code format, config, data, models, provenance, attack,
 * clean_accuracy[t], accuracy[s][t], correct[s][t], seconds}. Row {@code s} is the source model the
 * examples were crafted on, column {@code t} the target model that classified them; the diagonal is
 * the white-box case.
 *
 * @param attack the attack with every setting ({@code describe()})
 * @param accuracy share of the subset target t classifies correctly on source s's adversarial images
 * @param correct the same as counts
 * @param cleanAccuracy accuracy of each target model on the clean subset
 */
public record TransferResult(
    String format,
    TransferConfig config,
    DataRecord data,
    List<ModelRecord> models,
    Provenance provenance,
    String attack,
    double[] cleanAccuracy,
    double[][] accuracy,
    int[][] correct,
    double seconds) {

  public static final String FORMAT = "dqa-transfer/1";

  public TransferResult {
    if (!FORMAT.equals(format)) {
      throw new IllegalArgumentException("not a transfer file of format " + FORMAT + " (format: " + format + ")");
    }
    models = List.copyOf(models);
    int k = models.size();
    if (accuracy == null || accuracy.length != k || correct == null || correct.length != k || cleanAccuracy == null
        || cleanAccuracy.length != k) {
      throw new IllegalArgumentException("a transfer matrix needs " + k + "x" + k + " entries");
    }
    for (int s = 0; s < k; s++) {
      if (accuracy[s].length != k || correct[s].length != k) {
        throw new IllegalArgumentException("a transfer matrix needs " + k + "x" + k + " entries");
      }
    }
  }

  /** A short name of model {@code index}. */
  public String modelLabel(int index) {
    return ModelRecord.label(models, index);
  }

  /**
   * True when this matrix speaks about {@code sweep}'s experiment: the same images, and models that
   * are all in the sweep (by their files' fingerprints). A sanity check or an export that combines
   * the two is meaningless otherwise.
   */
  public boolean belongsTo(SweepResult sweep) {
    java.util.Set<String> swept = new java.util.HashSet<>();
    sweep.models().forEach(m -> swept.add(m.sha256()));
    return data.sameImages(sweep.data()) && models.stream().allMatch(m -> swept.contains(m.sha256()));
  }
}
