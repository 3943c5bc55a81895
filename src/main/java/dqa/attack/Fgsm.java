package dqa.attack;

import ai.djl.ndarray.NDArray;
import dqa.nn.GradientMode;
import dqa.nn.Network;

/**
 * Fast Gradient Sign Method (Goodfellow, Shlens, Szegedy 2015, "Explaining and Harnessing
 * Adversarial Examples"): one L∞ step {@code x + ε·sign(∇x loss)}, clipped to [0, 1].
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
  public String name() {
    return "fgsm";
  }

  @Override
  public NDArray craft(Network network, NDArray x, NDArray labels) {
    if (eps == 0) {
      return x.duplicate();
    }
    NDArray grad = InputGradients.of(network, gradient, x, labels, loss);
    return x.add(grad.sign().mul((float) eps)).clip(0f, 1f);
  }

  @Override
  public String describe() {
    return "fgsm eps=" + eps + " loss=" + loss + " grad=" + gradient;
  }
}
