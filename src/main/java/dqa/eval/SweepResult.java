package dqa.eval;

import dqa.run.Provenance;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A robustness sweep as saved in its file ({@code format} {@value #FORMAT}): manifest (config,
 * data and its hash, models and their hashes, provenance), the finished cells, the worst case
 * across attacks, the sanity checks, and the per-example outcomes needed to resume.
 *
 * <p>JSON layout (snake_case): {@code format, status, config, data, models, provenance, resumed,
 * cells[], worst_case[], probes, checks[], outcomes[], seconds, message}. The file is rewritten
 * atomically after every cell, so a reader always sees a complete file.
 *
 * @param resumed provenance of every later session that continued this sweep
 * @param probes the extra measurements of the sanity checks (null until the cells are done)
 * @param checks sanity checks (empty until the sweep completes)
 * @param seconds wall time of all sessions together
 */
public record SweepResult(
    String format,
    Status status,
    SweepConfig config,
    DataRecord data,
    List<ModelRecord> models,
    Provenance provenance,
    List<Provenance> resumed,
    List<SweepCell> cells,
    List<WorstCase> worstCase,
    Probes probes,
    List<Check> checks,
    List<CellOutcome> outcomes,
    double seconds,
    String message) {

  public static final String FORMAT = "dqa-sweep/1";

  /** Where a sweep stands. */
  public enum Status {
    RUNNING,
    CANCELLED,
    FAILED,
    COMPLETED
  }

  public SweepResult {
    if (!FORMAT.equals(format)) {
      throw new IllegalArgumentException("not a sweep file of format " + FORMAT + " (format: " + format + ")");
    }
    if (config == null || data == null || models == null) {
      throw new IllegalArgumentException("a sweep file needs its config, data and models");
    }
    if (models.size() != config.models().size()) {
      throw new IllegalArgumentException(
          "the sweep lists " + models.size() + " models, its config " + config.models().size());
    }
    resumed = resumed == null ? List.of() : List.copyOf(resumed);
    cells = cells == null ? List.of() : List.copyOf(cells);
    worstCase = worstCase == null ? List.of() : List.copyOf(worstCase);
    checks = checks == null ? List.of() : List.copyOf(checks);
    outcomes = outcomes == null ? List.of() : List.copyOf(outcomes);
    if (outcomes.size() != cells.size()) {
      throw new IllegalArgumentException("a sweep file needs one outcome per cell");
    }
  }

  /** The finished cell for a model, attack and ε. */
  public Optional<SweepCell> cell(int model, int attack, double eps) {
    return cells.stream().filter(c -> c.at(model, attack, eps)).findFirst();
  }

  Optional<CellOutcome> outcome(int model, int attack, double eps) {
    return outcomes.stream().filter(o -> o.at(model, attack, eps)).findFirst();
  }

  /** The cells of one model under one attack, by ascending ε. */
  public List<SweepCell> series(int model, int attack) {
    List<SweepCell> out = new ArrayList<>();
    for (double e : config.eps()) {
      cell(model, attack, e).ifPresent(out::add);
    }
    return out;
  }

  /** True when every cell of the config is finished. */
  public boolean cellsComplete() {
    return cells.size() == config.cellCount();
  }

  /** A short name of model {@code index} (its network label, numbered when labels repeat). */
  public String modelLabel(int index) {
    return ModelRecord.label(models, index);
  }
}
