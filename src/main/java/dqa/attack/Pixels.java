package dqa.attack;

import ai.djl.ndarray.NDArray;

/** Operations on images in [0, 1] pixel space that every attack shares. */
public final class Pixels {
  private Pixels() {}

  /** Projects {@code adv} onto the L∞ ball of radius eps around {@code x}, then onto [0, 1]. */
  public static NDArray projectLinf(NDArray adv, NDArray x, double eps) {
    float e = (float) eps;
    return adv.sub(x).clip(-e, e).add(x).clip(0f, 1f);
  }

  /**
   * Rounds adversarial images to valid 8-bit pixels without leaving the L∞ ball: the perturbation
   * is rounded to whole 1/255 steps and clamped to ⌊255·ε⌋ of them (the clean images are 8-bit).
   */
  public static NDArray roundTo8BitWithin(NDArray adv, NDArray x, double eps) {
    float maxSteps = (float) Math.floor(eps * 255 + 1e-6);
    NDArray steps = adv.sub(x).mul(255f).round().clip(-maxSteps, maxSteps);
    return x.add(steps.div(255f)).clip(0f, 1f);
  }

  /** Rounds to valid 8-bit pixels (for attacks without an L∞ budget). */
  public static NDArray roundTo8Bit(NDArray adv) {
    return adv.mul(255f).round().div(255f).clip(0f, 1f);
  }
}
