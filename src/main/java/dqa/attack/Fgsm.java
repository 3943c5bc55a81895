package dqa.attack;

import ai.djl.ndarray.NDArray;
import dqa.nn.GradientMode;
import dqa.nn.Scalars;

/**
 * Fast Gradient Sign Method (Goodfellow, Shlens, Szegedy 2015, "Explaining and Harnessing
 * Adversarial Examples"): one L∞ step {@code x + ε·sign(∇x loss)}, clipped to [0, 1]. Targeted:
 * one step down the loss of the target class.
 *
 * <p>Defaults: ε 0.3 (MNIST) / 8/255 (CIFAR-10), cross-entropy loss, {@code ste} gradients.
 * Input N×C×H×W in [0, 1]; output the same shape.
 */
public record Fgsm(double eps, AttackLoss loss, GradientMode gradient) implements Attack {

  public Fgsm {
    if (!(eps >= 0 && eps <= 1)) {
      throw new IllegalArgumentException("FGSM eps must be in [0, 1], got " + eps);
    }
    loss = loss == null ? AttackLoss.CE : loss;
    gradient = gradient == null ? GradientMode.ste() : gradient;
  }

  public static Fgsm of(double eps) {
    return new Fgsm(eps, AttackLoss.CE, GradientMode.ste());
  }

  @Override
  public boolean singleStep() {
    return true;
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
  public Crafted craft(ModelAccess model, NDArray x, Goal goal, AttackContext ctx) {
    NDArray grad = model.gradient(x, goal, loss);
    ctx.step(1, 1, "fgsm");
    return Crafted.of(x.add(Scalars.mul(grad.sign(), eps)).clip(0f, 1f));
  }

  /**
   * The step's direction, {@code sign(∇x loss)} per pixel of the batch, computed once: FGSM at any ε
   * is this direction scaled by ε ({@link DirectionStep}), so a live ε slider needs no gradient per ε.
   * Computed with the weights frozen, as {@link Attack#run} does.
   */
  public float[] direction(dqa.nn.Network network, NDArray x, NDArray labels) {
    network.setParametersTrainable(false);
    try {
      ModelAccess access = new ModelAccess(network, gradient);
      try (NDArray grad = access.gradient(x, Goal.untargeted(labels), loss);
          NDArray sign = grad.sign()) {
        return sign.toFloatArray();
      }
    } finally {
      network.setParametersTrainable(true);
    }
  }

  @Override
  public String describe() {
    return "fgsm eps=" + Attacks.format(eps) + " loss=" + loss + " grad=" + gradient;
  }
}
