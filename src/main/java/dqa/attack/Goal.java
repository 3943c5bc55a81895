package dqa.attack;

import ai.djl.ndarray.NDArray;
import dqa.nn.Losses;

/**
 * What counts as success for each example: any wrong class (untargeted) or one given class
 * (targeted), and the loss an attack ascends to get there. Targets are data, not a mode flag.
 */
public final class Goal {
  private final NDArray labels;
  private final NDArray targets;

  private Goal(NDArray labels, NDArray targets) {
    this.labels = labels;
    this.targets = targets;
  }

  public static Goal untargeted(NDArray labels) {
    return new Goal(labels, null);
  }

  /** Success means classifying example i as {@code targets[i]}. */
  public static Goal targeted(NDArray labels, NDArray targets) {
    return new Goal(labels, targets);
  }

  public NDArray labels() {
    return labels;
  }

  /** Target class per example (N), or null for an untargeted goal. */
  public NDArray targets() {
    return targets;
  }

  public boolean isTargeted() {
    return targets != null;
  }

  /** Per-example success for these logits (boolean N). */
  public NDArray success(NDArray logits) {
    NDArray predicted = logits.argMax(1).toType(labels.getDataType(), false);
    return targets == null ? predicted.neq(labels) : predicted.eq(targets);
  }

  /**
   * Per-example loss the attacker maximises (N); ascending it moves towards success. Cross-entropy's
   * gradient is the accurate one ({@link Losses#crossEntropyPerExampleAccurately}).
   */
  public NDArray loss(NDArray logits, AttackLoss kind) {
    if (targets == null) {
      return switch (kind) {
        case CE -> Losses.crossEntropyPerExampleAccurately(logits, labels);
        case MARGIN -> Losses.marginPerExample(logits, labels);
        case DLR -> Losses.dlrPerExample(logits, labels);
      };
    }
    return switch (kind) {
      case CE -> Losses.crossEntropyPerExampleAccurately(logits, targets).neg();
      case MARGIN -> Losses.marginPerExample(logits, targets).neg();
      case DLR -> Losses.dlrTargetedPerExample(logits, labels, targets);
    };
  }

  /**
   * The CW margin towards success (N): {@code max_{j≠y} z_j − z_y} untargeted, {@code z_t − max_{j≠t}
   * z_j} targeted; positive once the example succeeds.
   */
  public NDArray margin(NDArray logits) {
    return targets == null ? Losses.marginPerExample(logits, labels) : Losses.marginPerExample(logits, targets).neg();
  }

  /** This goal restricted to some examples (for attacks that drop finished ones). */
  public Goal select(NDArray indices) {
    return new Goal(labels.get(indices), targets == null ? null : targets.get(indices));
  }
}
