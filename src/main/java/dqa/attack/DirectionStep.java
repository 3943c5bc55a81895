package dqa.attack;

import ai.djl.ndarray.NDArray;
import dqa.nn.Scalars;

/**
 * One L∞ step of size ε along a direction fixed beforehand (FGSM's sign of the gradient, {@link
 * Fgsm#direction}), for one batch: {@code x + ε·d}, clipped to [0, 1]. Run through {@link Attack#run}
 * it is measured exactly as FGSM at ε is (projection, 8-bit rounding, success, distances), at the cost
 * of two forward passes and no backward pass.
 *
 * @param direction N×C×H×W values in {−1, 0, 1}, row-major, for the batch it was computed on
 * @param of the FGSM whose direction it is (its description names the loss and gradient mode)
 */
public record DirectionStep(double eps, float[] direction, Fgsm of) implements Attack {

  public DirectionStep {
    if (!(eps >= 0 && eps <= 1)) {
      throw new IllegalArgumentException("eps must be in [0, 1], got " + eps);
    }
  }

  @Override
  public String name() {
    return "fgsm";
  }

  @Override
  public Norm norm() {
    return Norm.LINF;
  }

  @Override
  public Access access() {
    return Access.WHITE_BOX;
  }

  @Override
  public boolean singleStep() {
    return true;
  }

  @Override
  public Crafted craft(ModelAccess model, NDArray x, Goal goal, AttackContext ctx) {
    if (direction.length != x.size()) {
      throw new IllegalArgumentException("the direction is for " + direction.length + " values, the batch has " + x.size());
    }
    try (NDArray d = x.getManager().create(direction, x.getShape())) {
      return Crafted.of(x.add(Scalars.mul(d, eps)).clip(0f, 1f));
    }
  }

  @Override
  public String describe() {
    return "fgsm eps=" + Attacks.format(eps) + " loss=" + of.loss() + " grad=" + of.gradient() + " (direction computed once)";
  }
}
