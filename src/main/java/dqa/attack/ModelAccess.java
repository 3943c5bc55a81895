package dqa.attack;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import dqa.nn.GradientMode;
import dqa.nn.Network;
import dqa.run.TorchEngine;

/**
 * The adapter through which attacks see a {@link Network}: logits with query counting, and input
 * gradients under a chosen {@link GradientMode}. Weights must be frozen by whoever runs the attack.
 */
public final class ModelAccess implements GradientAccess {
  private final Network network;
  private final GradientMode mode;
  private long queries;

  public ModelAccess(Network network, GradientMode mode) {
    this.network = network;
    this.mode = mode;
  }

  public Network network() {
    return network;
  }

  @Override
  public GradientMode mode() {
    return mode;
  }

  @Override
  public NDArray logits(NDArray images) {
    queries += images.getShape().get(0);
    // Intermediate activations of the forward pass belong to a scope of their own: a quantizer makes a
    // dozen full-size arrays per layer, and an iterative attack would otherwise keep every step's
    // until its batch ends (gigabytes for PGD-40 on 128 images).
    try (NDManager scope = images.getManager().newSubManager()) {
      NDArray input = images.duplicate();
      input.attach(scope);
      NDArray out = network.logits(input, false);
      out.attach(images.getManager());
      return out;
    }
  }

  @Override
  public int numClasses() {
    return network.spec().classes();
  }

  @Override
  public long queries() {
    return queries;
  }

  @Override
  public NDArray gradient(NDArray images, Goal goal, AttackLoss loss) {
    return gradient(images, (logits, x) -> goal.loss(logits, loss));
  }

  @Override
  public NDArray gradient(NDArray images, Objective objective) {
    queries += images.getShape().get(0);
    // Everything the forward and backward passes make lives in this scope; only the gradient leaves it.
    try (NDManager scope = images.getManager().newSubManager()) {
      NDArray input = images.duplicate();
      input.attach(scope);
      input.setRequiresGradient(true);
      try (var modeScope = network.gradients().use(mode);
          GradientCollector gc = TorchEngine.get().newGradientCollector()) {
        NDArray logits = network.logits(input, false);
        gc.backward(objective.value(logits, input).sum());
      }
      NDArray grad = input.getGradient();
      // A non-finite input gradient is a fault, never "no gradient": counted as zero it would make the
      // model look robust (masking that the attack itself made). The engine faults that caused it are
      // fixed (dqa.nn.Scalars, ChannelAlignedConv2d); a new one must be seen.
      long bad = grad.isNaN().logicalOr(grad.isInfinite()).sum().getLong();
      if (bad > 0) {
        throw new IllegalStateException(bad + " entries of the input gradient are not finite");
      }
      grad.attach(images.getManager());
      return grad;
    }
  }
}
