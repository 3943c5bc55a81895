package dqa.eval;

import dqa.attack.AttackSettings;
import dqa.data.DatasetId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a robustness sweep measures: every model under every attack at every budget, on a fixed
 * subset of the test set. Validated on construction; stored in the sweep file, where it decides
 * whether a re-run may resume.
 *
 * @param dataset the data set key ({@code mnist}, …); every model must take its images
 * @param models the models as the user named them (folder, run folder or shipped name)
 * @param attacks the attacks; their budget is left unset ({@code eps} null): the ε list sets it
 * @param eps budgets, each in its attack's norm and [0, 1] pixel units; stored ascending, no repeats
 * @param batch images per attack batch (the batch seeds depend on it, so it is part of the result)
 * @param seed the root of every batch's seed
 * @param reuse for budgeted attacks, count an example broken at a smaller ε as broken at every
 *     larger ε and attack only the survivors (see {@link Sweep})
 * @param examples adversarial images kept per cell for the report (newly broken ones), 0..64
 */
public record SweepConfig(
    String dataset,
    List<String> models,
    List<AttackSettings> attacks,
    List<Double> eps,
    TestSubset subset,
    int batch,
    long seed,
    boolean reuse,
    int examples) {

  public static final int DEFAULT_BATCH = 128;
  public static final int DEFAULT_EXAMPLES = 2;

  public SweepConfig {
    if (dataset == null || dataset.isBlank()) {
      throw new IllegalArgumentException("sweep: the data set is missing");
    }
    dataset = DatasetId.parse(dataset).key();
    if (models == null || models.isEmpty()) {
      throw new IllegalArgumentException("sweep: name at least one model");
    }
    models = List.copyOf(models);
    Set<String> seen = new HashSet<>();
    for (String m : models) {
      if (m == null || m.isBlank()) {
        throw new IllegalArgumentException("sweep: a model name is empty");
      }
      if (!seen.add(m)) {
        throw new IllegalArgumentException("sweep: model " + m + " is listed twice");
      }
    }
    if (attacks == null || attacks.isEmpty()) {
      throw new IllegalArgumentException("sweep: name at least one attack");
    }
    attacks = List.copyOf(attacks);
    Set<AttackSettings> distinct = new HashSet<>();
    for (AttackSettings a : attacks) {
      if (a == null || a.name() == null || a.name().isBlank()) {
        throw new IllegalArgumentException("sweep: an attack has no name");
      }
      if (a.eps() != null) {
        throw new IllegalArgumentException(
            "sweep: attack " + AttackSpecs.format(a) + " sets eps; the sweep's ε list sets every attack's budget");
      }
      if (!distinct.add(a)) {
        throw new IllegalArgumentException("sweep: attack " + AttackSpecs.format(a) + " is listed twice");
      }
    }
    if (eps == null || eps.isEmpty()) {
      throw new IllegalArgumentException("sweep: give at least one ε");
    }
    TreeSet<Double> sorted = new TreeSet<>();
    for (Double e : eps) {
      if (e == null || !(e >= 0) || e.isInfinite()) {
        throw new IllegalArgumentException("sweep: ε must be finite and >= 0, got " + e);
      }
      sorted.add(e);
    }
    eps = List.copyOf(sorted);
    if (subset == null) {
      subset = TestSubset.first(0);
    }
    if (batch < 1 || batch > 65_536) {
      throw new IllegalArgumentException("sweep: batch must be 1..65536, got " + batch);
    }
    if (examples < 0 || examples > 64) {
      throw new IllegalArgumentException("sweep: examples per cell must be 0..64, got " + examples);
    }
  }

  /** A sweep of the first {@code limit} test images with the default batch, seed 1, reuse on. */
  public static SweepConfig of(
      String dataset, List<String> models, List<AttackSettings> attacks, List<Double> eps, int limit) {
    return new SweepConfig(
        dataset, models, attacks, eps, TestSubset.first(limit), DEFAULT_BATCH, 1, true, DEFAULT_EXAMPLES);
  }

  /** The same sweep with another seed. */
  public SweepConfig withSeed(long newSeed) {
    return new SweepConfig(dataset, models, attacks, eps, subset, batch, newSeed, reuse, examples);
  }

  /** The same sweep with budget reuse switched on or off. */
  public SweepConfig withReuse(boolean newReuse) {
    return new SweepConfig(dataset, models, attacks, eps, subset, batch, seed, newReuse, examples);
  }

  /** Number of (model, attack, ε) cells. */
  public int cellCount() {
    return models.size() * attacks.size() * eps.size();
  }

  /**
   * Short names of the attacks for tables and legends: the name where it is unique in this sweep,
   * else the name with its settings ({@code pgd[gradient=exact]}).
   */
  public List<String> attackLabels() {
    List<String> out = new ArrayList<>();
    for (AttackSettings a : attacks) {
      String name = a.name().toLowerCase(Locale.ROOT);
      long same = attacks.stream().filter(b -> b.name().equalsIgnoreCase(name)).count();
      out.add(same > 1 ? AttackSpecs.format(a) : name);
    }
    return out;
  }
}
