package dqa.train;

import ai.djl.ndarray.NDArray;
import dqa.nn.Network;

/**
 * Turns a clean batch into the batch a model trains on; adversarial training passes an attack here.
 *
 * <p>Implementations receive a network whose weights are frozen for the duration of the call and
 * must return images in [0, 1] owned by the manager of {@code images}.
 */
public interface InputPerturber {
  /**
   * @param images N×C×H×W in [0, 1]
   * @param labels N class indices (int32)
   */
  NDArray perturb(Network network, NDArray images, NDArray labels);

  /** A short description for logs and manifests, e.g. {@code pgd eps=0.3 step=0.01 steps=40}. */
  String describe();
}
