package dqa.attack;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dqa.nn.Scalars;

/**
 * The distance an attack's budget is measured in, with the norm-specific hooks of iterative
 * attacks: random start, normalised ascent direction, projection onto the ε-ball.
 */
public enum Norm {
  /** Largest per-pixel change. */
  LINF,
  /** Euclidean length of the perturbation. */
  L2;

  /** A uniformly random point of the ε-ball around each image (before clipping to [0, 1]). */
  NDArray randomStart(NDArray x, double eps) {
    float e = (float) eps;
    if (this == LINF) {
      return x.add(x.getManager().randomUniform(-e, e, x.getShape(), x.getDataType()));
    }
    NDArray direction = x.getManager().randomNormal(x.getShape(), x.getDataType());
    NDArray unit = direction.div(perExample(direction.square().sum(new int[] {1, 2, 3}).sqrt().add(1e-12f), x));
    NDArray radius = x.getManager().randomUniform(0f, e, new Shape(x.getShape().get(0)), x.getDataType());
    return x.add(unit.mul(perExample(radius, x)));
  }

  /** The steepest-ascent direction of unit length in this norm: sign(g) or g/‖g‖₂. */
  NDArray ascent(NDArray gradient) {
    if (this == LINF) {
      return gradient.sign();
    }
    NDArray length = gradient.square().sum(new int[] {1, 2, 3}).sqrt().add(1e-12f);
    return gradient.div(perExample(length, gradient));
  }

  /** Projects {@code adv} onto the ε-ball around {@code x}, then onto [0, 1]. */
  public NDArray project(NDArray adv, NDArray x, double eps) {
    if (Double.isInfinite(eps)) {
      return adv.clip(0f, 1f);
    }
    float e = (float) eps;
    NDArray delta = adv.sub(x);
    if (this == LINF) {
      delta = delta.clip(-e, e);
    } else {
      NDArray length = delta.square().sum(new int[] {1, 2, 3}).sqrt();
      NDArray factor = Scalars.minimum(Scalars.mul(Scalars.pow(length.add(1e-12f), -1), e), 1);
      delta = delta.mul(perExample(factor, x));
    }
    return x.add(delta).clip(0f, 1f);
  }

  /**
   * Rounds adversarial images to valid 8-bit pixels without leaving the ε-ball (the clean images
   * are 8-bit): L∞ rounds each change to whole 1/255 steps and clamps to ⌊255ε⌋ steps; L2 rounds
   * each change towards zero, which can only shorten it; unbounded budgets round to nearest.
   */
  public NDArray roundTo8Bit(NDArray adv, NDArray x, double eps) {
    NDArray steps = Scalars.mul(adv.sub(x), 255);
    if (Double.isInfinite(eps)) {
      steps = steps.round();
    } else if (this == LINF) {
      float max = (float) Math.floor(eps * 255 + 1e-6);
      steps = steps.round().clip(-max, max);
    } else {
      steps = steps.sign().mul(steps.abs().floor());
    }
    return x.add(Scalars.div(steps, 255)).clip(0f, 1f);
  }

  /** Reshapes a per-example vector N to N×1×1×1 so it broadcasts over images. */
  static NDArray perExample(NDArray v, NDArray like) {
    long[] dims = new long[like.getShape().dimension()];
    java.util.Arrays.fill(dims, 1);
    dims[0] = like.getShape().get(0);
    return v.reshape(new Shape(dims));
  }

  @Override
  public String toString() {
    return this == LINF ? "linf" : "l2";
  }
}
