package dqa.attack;

import ai.djl.ndarray.NDArray;
import dqa.nn.GradientMode;
import dqa.nn.Network;

/**
 * Projected Gradient Descent, L∞ (Madry et al. 2018, "Towards Deep Learning Models Resistant to
 * Adversarial Attacks"): from a uniform random start in the ε-ball, {@code steps} iterations of
 * {@code x ← Π(x + step·sign(∇x loss))}; with several restarts, each example keeps the first
 * restart that fooled the model (else the last).
 *
 * <p>Defaults: ε 0.3, step 0.01, 40 steps (MNIST) / 8/255, 2/255, 7 (CIFAR-10); random start;
 * 1 restart; cross-entropy or CW-margin loss; {@code ste} gradients. Input N×C×H×W in [0, 1].
 */
public record Pgd(
    double eps, double step, int steps, boolean randomStart, int restarts, AttackLoss loss, GradientMode gradient)
    implements Attack {

  public Pgd {
    if (!(eps >= 0 && eps <= 1)) {
      throw new IllegalArgumentException("PGD eps must be in [0, 1], got " + eps);
    }
    if (!(step > 0 && step <= 1)) {
      throw new IllegalArgumentException("PGD step must be in (0, 1], got " + step);
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

  public static Pgd of(double eps, double step, int steps) {
    return new Pgd(eps, step, steps, true, 1, AttackLoss.CE, GradientMode.ste());
  }

  @Override
  public String name() {
    return "pgd";
  }

  @Override
  public NDArray craft(Network network, NDArray x, NDArray labels) {
    if (eps == 0) {
      return x.duplicate();
    }
    NDArray best = null;
    for (int r = 0; r < restarts; r++) {
      NDArray adv = runOnce(network, x, labels);
      if (restarts == 1) {
        return adv;
      }
      if (best == null) {
        best = adv;
        continue;
      }
      // Keep, per example, an earlier success; otherwise take this restart's result.
      NDArray fooledBefore =
          network.logits(best, false).argMax(1).toType(labels.getDataType(), false).neq(labels);
      NDArray mask = fooledBefore.reshape(-1, 1, 1, 1).toType(x.getDataType(), false);
      best = best.mul(mask).add(adv.mul(mask.neg().add(1f)));
    }
    return best;
  }

  private NDArray runOnce(Network network, NDArray x, NDArray labels) {
    float e = (float) eps;
    NDArray adv =
        randomStart
            ? x.add(x.getManager().randomUniform(-e, e, x.getShape(), x.getDataType())).clip(0f, 1f)
            : x.duplicate();
    for (int i = 0; i < steps; i++) {
      NDArray grad = InputGradients.of(network, gradient, adv, labels, loss);
      NDArray next = Pixels.projectLinf(adv.add(grad.sign().mul((float) step)), x, eps);
      grad.close();
      adv.close();
      adv = next;
    }
    return adv;
  }

  @Override
  public String describe() {
    return "pgd eps=" + eps + " step=" + step + " steps=" + steps + (randomStart ? " random-start" : "")
        + (restarts > 1 ? " restarts=" + restarts : "") + " loss=" + loss + " grad=" + gradient;
  }
}
