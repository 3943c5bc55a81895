package dqa.attack;

import ai.djl.ndarray.NDArray;
import dqa.nn.GradientMode;

/**
 * Projected Gradient Descent (Madry et al. 2018, "Towards Deep Learning Models Resistant to
 * Adversarial Attacks"), L∞ or L2: from a uniform random point of the ε-ball, {@code steps}
 * iterations of {@code x ← Π(x + step·d)}, with d = sign(∇) (L∞) or ∇/‖∇‖₂ (L2). With restarts,
 * each example keeps the first restart that reached the goal (else the last).
 *
 * <p>Defaults: L∞ ε 0.3, step 0.01, 40 steps (MNIST) / 8/255, 2/255, 7 (CIFAR-10; 20+ to
 * evaluate); random start; 1 restart; cross-entropy or CW-margin loss; {@code ste} gradients.
 * Input N×C×H×W in [0, 1].
 */
public record Pgd(
    Norm norm,
    double eps,
    double step,
    int steps,
    boolean randomStart,
    int restarts,
    AttackLoss loss,
    GradientMode gradient)
    implements Attack {

  public Pgd {
    norm = norm == null ? Norm.LINF : norm;
    if (!(eps >= 0 && (norm == Norm.L2 ? eps <= 100 : eps <= 1))) {
      throw new IllegalArgumentException("PGD eps must be in [0, " + (norm == Norm.L2 ? "100" : "1") + "], got " + eps);
    }
    if (!(step > 0 && step <= (norm == Norm.L2 ? 100 : 1))) {
      throw new IllegalArgumentException("PGD step must be positive (and at most 1 for L∞), got " + step);
    }
    if (steps < 1 || steps > 100_000) {
      throw new IllegalArgumentException("PGD steps must be 1..100000, got " + steps);
    }
    if (restarts < 1 || restarts > 1000) {
      throw new IllegalArgumentException("PGD restarts must be 1..1000, got " + restarts);
    }
    loss = loss == null ? AttackLoss.CE : loss;
    gradient = gradient == null ? GradientMode.ste() : gradient;
  }

  /** L∞ PGD with random start, one restart, cross-entropy and straight-through gradients. */
  public static Pgd linf(double eps, double step, int steps) {
    return new Pgd(Norm.LINF, eps, step, steps, true, 1, AttackLoss.CE, GradientMode.ste());
  }

  @Override
  public String name() {
    return norm == Norm.L2 ? "pgd-l2" : "pgd";
  }

  @Override
  public Access access() {
    return Access.WHITE_BOX;
  }

  @Override
  public Crafted craft(ModelAccess model, NDArray x, Goal goal, AttackContext ctx) {
    NDArray best = null;
    long total = (long) steps * restarts;
    for (int r = 0; r < restarts; r++) {
      NDArray adv = once(model, x, goal, ctx, (long) r * steps, total);
      if (best == null) {
        best = adv;
        continue;
      }
      // Keep, per example, an earlier success; otherwise take this restart's result.
      NDArray keep = Norm.perExample(goal.success(model.logits(best)).toType(x.getDataType(), false), x);
      best = best.mul(keep).add(adv.mul(keep.neg().add(1f)));
    }
    return Crafted.of(best);
  }

  private NDArray once(ModelAccess model, NDArray x, Goal goal, AttackContext ctx, long done, long total) {
    NDArray adv = randomStart ? norm.randomStart(x, eps).clip(0f, 1f) : x.duplicate();
    for (int i = 0; i < steps; i++) {
      NDArray grad = model.gradient(adv, goal, loss);
      NDArray next = norm.project(adv.add(norm.ascent(grad).mul((float) step)), x, eps);
      grad.close();
      adv.close();
      adv = next;
      ctx.step(done + i + 1, total, name() + " step " + (i + 1) + "/" + steps);
    }
    return adv;
  }

  @Override
  public String describe() {
    return name() + " eps=" + Attacks.format(eps) + " step=" + Attacks.format(step) + " steps=" + steps
        + (randomStart ? " random-start" : "") + (restarts > 1 ? " restarts=" + restarts : "") + " loss=" + loss
        + " grad=" + gradient;
  }
}
