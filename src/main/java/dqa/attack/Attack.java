package dqa.attack;

import ai.djl.ndarray.NDArray;
import dqa.nn.GradientMode;
import dqa.nn.Network;
import dqa.train.InputPerturber;

/**
 * An adversarial attack: an immutable, validated configuration (a record); the model and the goal
 * are arguments.
 *
 * <p>{@link #run} is the template every attack shares (foolbox's design): it freezes the weights,
 * seeds the engine, lets the attack {@link #craft} a batch, projects the result onto the ε-ball of
 * the attack's {@link #norm()} and [0, 1], rounds it to valid 8-bit pixels inside the ball, and
 * measures success and L0/L2/L∞ distances on the final images. Attacks implement {@code craft}
 * and never override {@code run}.
 */
public interface Attack extends InputPerturber {

  /** What an attack needs of the model. */
  enum Access {
    /** Input gradients (FGSM, PGD, C&W). */
    WHITE_BOX,
    /** Scores only (ZOO, Square). */
    SCORES,
    /** Labels of the target only, through a substitute model (Papernot et al.). */
    TRANSFER
  }

  /** Short name as used on the command line ({@code fgsm}, {@code pgd}, …). */
  String name();

  /** The norm the budget and distances are measured in. */
  Norm norm();

  /** The budget in [0, 1] pixel units of {@link #norm()}; infinite for minimum-distortion attacks. */
  double eps();

  Access access();

  /** A one-line description with every setting, for tables and manifests. */
  String describe();

  /**
   * Whether the attack takes one gradient step (FGSM, or an iterative attack asked for one step): the
   * sanity checks expect every iterative attack to do at least as well as a single-step one.
   */
  default boolean singleStep() {
    return false;
  }

  /** The backward rule through quantizers (white-box attacks); black-box attacks never use it. */
  default GradientMode gradient() {
    return GradientMode.ste();
  }

  /**
   * Crafts adversarial images for a batch. Implementations may return images outside the budget:
   * the template projects them.
   *
   * @param x N×C×H×W in [0, 1]
   * @return the adversarial batch, owned by the manager of {@code x}, and queries per example
   */
  Crafted craft(ModelAccess model, NDArray x, Goal goal, AttackContext ctx);

  /** An attack's raw output: images, and model evaluations spent per example (null: not counted). */
  record Crafted(NDArray images, long[] queries) {
    public static Crafted of(NDArray images) {
      return new Crafted(images, null);
    }
  }

  /**
   * Runs the attack on a batch and measures the outcome on 8-bit adversarial images.
   *
   * @param labels N int32 true classes
   * @param targets N int32 target classes, or null for an untargeted attack
   */
  default AttackResult run(Network network, NDArray x, NDArray labels, NDArray targets, AttackContext ctx) {
    return AttackRunner.run(this, network, x, labels, targets, ctx);
  }

  /**
   * For adversarial training: the crafted batch projected into the budget, without 8-bit rounding
   * (the training loop freezes the weights).
   */
  @Override
  default NDArray perturb(Network network, NDArray images, NDArray labels) {
    if (eps() == 0) {
      return images.duplicate();
    }
    ModelAccess access = new ModelAccess(network, gradient());
    NDArray adv = craft(access, images, Goal.untargeted(labels), AttackContext.of(0)).images();
    return norm().project(adv, images, eps());
  }
}
