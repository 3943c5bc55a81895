package dqa.attack;

import ai.djl.ndarray.NDArray;
import dqa.nn.Network;
import dqa.train.InputPerturber;

/**
 * An adversarial attack: an immutable configuration that crafts adversarial versions of a batch.
 * The model is an argument, never a field, so one attack object can be run against many models.
 */
public interface Attack extends InputPerturber {
  /** Short name as used on the command line ({@code fgsm}, {@code pgd}). */
  String name();

  /** The L∞ budget in [0, 1] pixel units. */
  double eps();

  /**
   * Crafts adversarial images for N×C×H×W images in [0, 1] with int32 labels; the result is in
   * [0, 1], within the budget, and owned by the manager of {@code images}.
   */
  NDArray craft(Network network, NDArray images, NDArray labels);

  @Override
  default NDArray perturb(Network network, NDArray images, NDArray labels) {
    return craft(network, images, labels);
  }
}
