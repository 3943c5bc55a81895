package dqa.eval;

import dqa.attack.AttackSettings;
import dqa.data.DatasetId;
import java.util.HashSet;
import java.util.List;

/**
 * What a transfer matrix measures: adversarial examples of one attack at one budget, crafted on
 * each model and evaluated on every model, on a fixed subset of the test set. Validated on
 * construction.
 *
 * @param models at least two models, as the user named them
 * @param attack the attack, its budget unset ({@code eps} sets it)
 */
public record TransferConfig(
    String dataset, List<String> models, AttackSettings attack, double eps, TestSubset subset, int batch, long seed) {

  public TransferConfig {
    if (dataset == null || dataset.isBlank()) {
      throw new IllegalArgumentException("transfer: the data set is missing");
    }
    dataset = DatasetId.parse(dataset).key();
    if (models == null || models.size() < 2) {
      throw new IllegalArgumentException("transfer: name at least two models");
    }
    models = List.copyOf(models);
    if (new HashSet<>(models).size() != models.size() || models.stream().anyMatch(m -> m == null || m.isBlank())) {
      throw new IllegalArgumentException("transfer: model names must be distinct and not empty");
    }
    if (attack == null || attack.name() == null || attack.name().isBlank()) {
      throw new IllegalArgumentException("transfer: the attack is missing");
    }
    if (attack.eps() != null) {
      throw new IllegalArgumentException("transfer: give the budget as eps, not inside the attack's settings");
    }
    if (!(eps >= 0) || Double.isInfinite(eps)) {
      throw new IllegalArgumentException("transfer: eps must be finite and >= 0, got " + eps);
    }
    if (subset == null) {
      subset = TestSubset.first(0);
    }
    if (batch < 1 || batch > 65_536) {
      throw new IllegalArgumentException("transfer: batch must be 1..65536, got " + batch);
    }
  }
}
