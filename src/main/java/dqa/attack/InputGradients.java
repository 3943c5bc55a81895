package dqa.attack;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.training.GradientCollector;
import dqa.nn.GradientMode;
import dqa.nn.Network;

/**
 * Gradient of an attack loss with respect to the input images, through the network's quantizers
 * under a chosen {@link GradientMode}. The weights are expected frozen by the caller.
 */
final class InputGradients {
  private InputGradients() {}

  /**
   * ∂ Σ_i loss_i / ∂x — summed, not averaged, so each example's gradient is independent of the
   * batch size. Returned array is owned by {@code x}'s manager.
   */
  static NDArray of(Network network, GradientMode mode, NDArray x, NDArray labels, AttackLoss loss) {
    NDArray input = x.duplicate();
    input.setRequiresGradient(true);
    try (var scope = network.gradients().use(mode);
        GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
      NDArray logits = network.logits(input, false);
      gc.backward(loss.perExample(logits, labels).sum());
    }
    NDArray grad = input.getGradient().duplicate();
    input.close();
    return grad;
  }
}
