package dqa.attack;

import ai.djl.ndarray.NDArray;
import dqa.nn.GradientMode;

/** White-box access: scores plus gradients with respect to the input. */
public interface GradientAccess extends ScoreAccess {
  /**
   * Gradient of Σ_i f_i(x) with respect to the input, where f is the per-example loss the goal
   * defines; summed, so each example's gradient is independent of the batch.
   */
  NDArray gradient(NDArray images, Goal goal, AttackLoss loss);

  /** A general gradient: of Σ_i objective(logits_i, x_i) with respect to x. */
  NDArray gradient(NDArray images, Objective objective);

  /** The backward rule through quantizers this access uses. */
  GradientMode mode();

  /** A per-example objective of logits and input, shape N. */
  @FunctionalInterface
  interface Objective {
    NDArray value(NDArray logits, NDArray images);
  }
}
