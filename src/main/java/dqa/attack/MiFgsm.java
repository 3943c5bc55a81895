package dqa.attack;

import ai.djl.ndarray.NDArray;
import dqa.nn.GradientMode;
import dqa.nn.Scalars;

/**
 * Momentum Iterative FGSM (Dong et al. 2018, "Boosting Adversarial Attacks with Momentum"), L∞:
 * {@code g ← μ·g + ∇/‖∇‖₁}, {@code x ← Π(x + α·sign(g))} with α = ε / steps.
 *
 * <p>Defaults: ε 0.3, 10 steps, decay μ 1.0, cross-entropy, {@code ste} gradients.
 */
public record MiFgsm(double eps, int steps, double decay, AttackLoss loss, GradientMode gradient) implements Attack {

  public MiFgsm {
    if (!(eps >= 0 && eps <= 1)) {
      throw new IllegalArgumentException("MI-FGSM eps must be in [0, 1], got " + eps);
    }
    if (steps < 1 || steps > 100_000) {
      throw new IllegalArgumentException("MI-FGSM steps must be 1..100000, got " + steps);
    }
    if (!(decay >= 0 && decay <= 10)) {
      throw new IllegalArgumentException("MI-FGSM decay must be in [0, 10], got " + decay);
    }
    loss = loss == null ? AttackLoss.CE : loss;
    gradient = gradient == null ? GradientMode.ste() : gradient;
  }

  @Override
  public boolean singleStep() {
    return steps == 1;
  }

  @Override
  public String name() {
    return "mifgsm";
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
    float alpha = (float) (eps / steps);
    NDArray adv = x.duplicate();
    NDArray momentum = x.zerosLike();
    for (int i = 0; i < steps; i++) {
      NDArray grad = model.gradient(adv, goal, loss);
      NDArray l1 = Norm.perExample(grad.abs().sum(new int[] {1, 2, 3}).add(1e-12f), grad);
      momentum = Scalars.mul(momentum, decay).add(grad.div(l1));
      adv = Norm.LINF.project(adv.add(Scalars.mul(momentum.sign(), alpha)), x, eps);
      ctx.step(i + 1, steps, "mifgsm step " + (i + 1) + "/" + steps);
    }
    return Crafted.of(adv);
  }

  @Override
  public String describe() {
    return "mifgsm eps=" + Attacks.format(eps) + " steps=" + steps + " decay=" + Attacks.format(decay) + " loss="
        + loss + " grad=" + gradient;
  }
}
